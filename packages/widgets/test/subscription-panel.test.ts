import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture, type Fixture, type FixtureOptions } from "./fixtures.ts";

const CARD = ["4242424242424242"];
const COFFEE = { product: "Coffee club", plan: { name: "Monthly", amount: 1500 } };

/** Opens the customer's only order and waits for its subscription panel. */
async function openSubscription(f: Fixture, locale = "en-US") {
  const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale=${locale}></my-orders>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="open"]'), "orders not rendered", { timeout: 8000 });
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
  const panelRoot = () => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector("billfront-subscription-panel")?.shadowRoot;
  await waitUntil(() => panelRoot()?.querySelector('[part="summary"]'), "subscription panel not shown", { timeout: 8000 });
  const details = el.shadowRoot!.querySelector("billfront-order-details")!;
  return { el, details, panel: details.shadowRoot!.querySelector("billfront-subscription-panel")!, root: panelRoot()! };
}

async function setup(options: FixtureOptions, locale?: string) {
  const f = await fixture({ cards: CARD, ...options });
  return { f, ...(await openSubscription(f, locale)) };
}

/** The button (or radio, by its label) a customer would pick by its visible name. */
function button(root: ParentNode, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === name);
}

function radio(root: ParentNode, label: string): HTMLInputElement {
  const choice = [...root.querySelectorAll("label")].find((l) => l.textContent!.trim() === label);
  return choice!.querySelector("input")!;
}

async function openDialog(root: ShadowRoot, opener: string): Promise<HTMLDialogElement> {
  button(root, opener)!.click();
  await waitUntil(() => root.querySelector("dialog")?.open, `"${opener}" opened no dialog`);
  return root.querySelector("dialog")!;
}

const day = (iso: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(iso));

describe("<billfront-subscription-panel> in the order details (S1–S7)", () => {
  it("cancels at the end of the term with a reason, shows when it ends, and 'Keep my subscription' undoes it (S1)", async () => {
    const { f, el, details, root } = await setup({ subscriptions: [COFFEE], settings: { cancellation: "automatic", cancellationTiming: "either" } });
    // The panel replaces the order's own cancel button: one "Cancel subscription" on the page.
    expect(details.shadowRoot!.querySelector('[part="cancel"]')).to.equal(null);
    expect(details.shadowRoot!.querySelector('[part="totals"]')!.textContent).to.contain("Next payment");

    const dialog = await openDialog(root, "Cancel subscription");
    expect(dialog.getAttribute("aria-labelledby")).to.equal("dialog-title");
    expect([...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((r) => r.value)).to.deep.equal(["now", "end_of_term"]);
    radio(dialog, "At the end of the current period").click();
    dialog.querySelector("select")!.value = "too_expensive";
    dialog.querySelector("textarea")!.value = "Too much coffee";
    await waitUntil(() => dialog.querySelector('[part="outcome"]')?.textContent?.startsWith("Your subscription stays active until"), "end of term not explained");
    const cancelled = oneEvent(el, "billfront-subscription-cancel");
    button(dialog, "Confirm cancellation")!.click();
    const { detail } = (await cancelled) as CustomEvent;
    expect(detail).to.deep.include({ subscriptionId: f.subscriptions[0]!.id, orderId: f.subscriptions[0]!.orderId, status: "cancel_scheduled", when: "end_of_term", reason: "too_expensive: Too much coffee" });

    const periodEnd = day(detail.subscription.current_period_end);
    await waitUntil(() => root.querySelector('[part="ends"]'), "no end date shown");
    expect(root.querySelector('[part="ends"]')!.textContent).to.contain(`Ends on ${periodEnd}`);
    expect(root.querySelector("dialog")).to.equal(null);
    expect(button(root, "Cancel subscription")).to.equal(undefined);
    // Focus goes to the message saying what happened (the button pressed is gone).
    expect(root.activeElement?.id).to.equal("subscription-notice");
    // The order reloads: a subscription ending at the term's end has no next payment.
    await waitUntil(() => !details.shadowRoot!.querySelector('[part="totals"]')!.textContent!.includes("Next payment"), "order details not reloaded");

    const kept = oneEvent(el, "billfront-subscription-cancel-undo");
    button(root, "Keep my subscription")!.click();
    expect(((await kept) as CustomEvent).detail.subscription.cancel_at_period_end).to.equal(false);
    await waitUntil(() => !root.querySelector('[part="ends"]'), "still shown as ending");
    expect(button(root, "Cancel subscription")).to.exist;
    await waitUntil(() => details.shadowRoot!.querySelector('[part="totals"]')!.textContent!.includes("Next payment"), "next payment not back");
  });

  it("offers the retention coupon first; accepting it applies the coupon and cancels nothing (A1)", async () => {
    const { el, root } = await setup({
      subscriptions: [COFFEE],
      coupons: [{ code: "STAY20", name: "Stay with us", percentOffBps: 2000, duration: "repeating", durationCycles: 3 }],
      retentionCoupon: "STAY20",
      settings: { cancellation: "automatic" },
    });
    const dialog = await openDialog(root, "Cancel subscription");
    expect(dialog.querySelector('[part="offer"]')!.textContent).to.contain("Stay with us").and.contain("20% off the next 3 invoices");
    // No final confirm until the offer is turned down.
    expect(button(dialog, "Confirm cancellation")).to.equal(undefined);

    const answered = oneEvent(el, "billfront-subscription-cancel");
    button(dialog, "Accept offer")!.click();
    const { detail } = (await answered) as CustomEvent;
    expect(detail.status).to.equal("retained");
    await waitUntil(() => root.querySelector('[part="coupons"]')?.textContent?.includes("Stay with us (STAY20)"), "coupon not listed");
    expect(root.querySelector('[part="summary"] [part="status"]')!.textContent).to.equal("Active");
    expect(root.querySelector('[part="ends"]')).to.equal(null);
    expect(root.querySelector('[role="status"]')!.textContent).to.contain("The offer was applied");
  });

  it("cancels now after declining the offer, and the order shows as cancelled (S1, A1)", async () => {
    const { el, details, root } = await setup({
      subscriptions: [COFFEE],
      coupons: [{ code: "STAY20", name: "Stay with us", percentOffBps: 2000, duration: "once" }],
      retentionCoupon: "STAY20",
      settings: { cancellation: "automatic", cancellationTiming: "immediately" },
    });
    const dialog = await openDialog(root, "Cancel subscription");
    expect([...dialog.querySelectorAll<HTMLInputElement>('input[type="radio"]')].map((r) => r.value)).to.deep.equal(["now"]);
    button(dialog, "Cancel anyway")!.click();
    await waitUntil(() => button(dialog, "Confirm cancellation"), "no final confirm");
    expect(dialog.querySelector('[part="offer"]')).to.equal(null);
    expect(dialog.querySelector('[part="outcome"]')!.textContent).to.equal("Your subscription ends now and will not be charged again.");
    expect(root.activeElement?.textContent?.trim()).to.equal("Confirm cancellation");
    const cancelled = oneEvent(el, "billfront-subscription-cancel");
    button(dialog, "Confirm cancellation")!.click();
    expect(((await cancelled) as CustomEvent).detail).to.include({ status: "cancelled", when: "now" });
    await waitUntil(() => details.shadowRoot!.querySelector('[part="status"]')!.textContent === "Cancelled", "order status not reloaded");
    expect(root.querySelector('[part="summary"] [part="status"]')!.textContent).to.equal("Cancelled");
    expect(root.querySelectorAll('[part="actions"] button')).to.have.length(0);
  });

  it("changes plan now: the confirm shows the preview's exact amounts and the change charges them (S5, A2)", async () => {
    // On a frozen clock, 15 of 31 days used: credit 1500 × 16/31 = 774, charge 2500 × 16/31 = 1290, net 516.
    const { f, el, details, root } = await setup({
      clock: "2025-01-01T00:00:00Z",
      advanceClockTo: "2025-01-16T00:00:00Z",
      subscriptions: [{ ...COFFEE, switchTo: [{ name: "Plus", amount: 2500 }] }],
      settings: { changePlan: "either" },
    });
    const sent: { url: string; body: string; key: string | null }[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push({ url: String(input), body: typeof init?.body === "string" ? init.body : "", key: new Headers(init?.headers).get("Idempotency-Key") });
      return realFetch(input, init);
    };
    try {
      const dialog = await openDialog(root, "Change plan or quantity");
      const select = dialog.querySelector<HTMLSelectElement>('select[name="price"]')!;
      expect([...select.options].map((o) => o.textContent)).to.deep.equal(["Coffee club — Monthly (€15.00 per month)", "Coffee club — Plus (€25.00 per month)"]);
      select.value = f.subscriptions[0]!.switchTo[0]!;
      select.dispatchEvent(new Event("change"));
      radio(dialog, "Now").click();
      await waitUntil(() => button(dialog, "Review change"), "no review button");
      button(dialog, "Review change")!.click();
      await waitUntil(() => dialog.querySelector('[part="preview"]'), "no preview shown");
      expect(dialog.querySelector('[part="preview"]')!.textContent!.replace(/\s+/g, " ")).to.contain("Credit for unused time −€7.74").and.contain("New plan for the rest of the period €12.90");
      expect(dialog.querySelector('[part="net"]')!.textContent!.trim()).to.equal("You will be charged €5.16 now");
      expect(dialog.textContent).to.contain("From Feb 1, 2025 you pay €25.00 per period.");

      const changed = oneEvent(el, "billfront-subscription-change");
      button(dialog, "Confirm change")!.click();
      const { detail } = (await changed) as CustomEvent;
      expect(detail).to.deep.include({ priceId: f.subscriptions[0]!.switchTo[0], quantity: 1, when: "now" });
      expect(detail.preview).to.include({ credit: 774, charge: 1290, net: 516, due_now: 516 });
      const request = sent.find((r) => r.url.endsWith(`/subscriptions/${f.subscriptions[0]!.id}/change`))!;
      expect(JSON.parse(request.body)).to.deep.equal({ price: f.subscriptions[0]!.switchTo[0], when: "now", proration_date: "2025-01-16T00:00:00.000Z" });
      expect(request.key).to.match(/^[0-9a-f-]{36}$/);
    } finally {
      window.fetch = realFetch;
    }
    await waitUntil(() => root.querySelector('[part="summary"] .plan-title')!.textContent!.includes("Plus"), "plan not switched");
    await waitUntil(() => details.shadowRoot!.querySelector('[part="totals"]')!.textContent!.includes("€25.00 on Feb 1, 2025"), "next payment not reloaded");
  });

  it("schedules a quantity change for the end of the term and undoes it (S5)", async () => {
    const { el, root } = await setup({ subscriptions: [{ ...COFFEE, plan: { ...COFFEE.plan, maxQuantity: 5 } }], settings: { changeQuantity: true } });
    const dialog = await openDialog(root, "Change plan or quantity");
    expect(dialog.querySelector('select[name="price"]')).to.equal(null);
    const quantity = dialog.querySelector<HTMLInputElement>('input[name="quantity"]')!;
    expect([quantity.min, quantity.max]).to.deep.equal(["1", "5"]);
    quantity.value = "3";
    radio(dialog, "At the end of the current period").click();
    await waitUntil(() => button(dialog, "Confirm change"), "a change at the term's end needs no review");
    const changed = oneEvent(el, "billfront-subscription-change");
    button(dialog, "Confirm change")!.click();
    expect(((await changed) as CustomEvent).detail).to.include({ quantity: 3, when: "end_of_term", preview: null });
    await waitUntil(() => root.querySelector('[part="scheduled-change"]'), "no scheduled change");
    expect(root.querySelector('[part="scheduled-change"]')!.textContent).to.contain("Coffee club — Monthly (€15.00 per month) × 3 from");

    const undone = oneEvent(el, "billfront-subscription-change-undo");
    button(root, "Undo scheduled change")!.click();
    await undone;
    await waitUntil(() => !root.querySelector('[part="scheduled-change"]'), "scheduled change still shown");
  });

  it("pauses on a chosen date with a resume date, then removes the schedule (S3)", async () => {
    const { el, root } = await setup({ subscriptions: [COFFEE], settings: { pauseResume: true } });
    const dialog = await openDialog(root, "Pause subscription");
    const inputs = dialog.querySelectorAll<HTMLInputElement>('input[type="date"]');
    expect([...inputs].map((i) => i.labels![0]!.textContent!.trim())).to.deep.equal(["Pause from (empty: now)", "Resume on (optional)"]);
    const from = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    inputs[0]!.value = from;
    inputs[1]!.value = until;
    const paused = oneEvent(el, "billfront-subscription-pause");
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect(((await paused) as CustomEvent).detail).to.include({ pauseAt: `${from}T00:00:00.000Z`, resumeAt: `${until}T00:00:00.000Z` });
    await waitUntil(() => root.querySelector('[part="summary"]')!.textContent!.includes("Pauses on"), "pause date not shown");
    const facts = [...root.querySelectorAll('[part="summary"] dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling!.textContent}`);
    expect(facts).to.include.members([`Pauses on: ${day(from)}`, `Resumes on: ${day(until)}`]);
    expect(button(root, "Pause subscription")).to.equal(undefined);

    const edit = await openDialog(root, "Change pause dates");
    expect(edit.querySelector<HTMLInputElement>('input[name="pause_at"]')!.value).to.equal(from);
    const removed = oneEvent(el, "billfront-subscription-pause-schedule");
    button(edit, "Remove scheduled dates")!.click();
    expect(((await removed) as CustomEvent).detail).to.include({ pauseAt: null, resumeAt: null });
    await waitUntil(() => button(root, "Pause subscription"), "pause not offered again");
    expect(root.querySelector('[part="summary"]')!.textContent).not.to.contain("Pauses on");
  });

  it("extends a trial, then ends it early and starts billing (S4)", async () => {
    const { el, details, root } = await setup({
      subscriptions: [{ ...COFFEE, plan: { ...COFFEE.plan, trialDays: 14 } }],
      settings: { trialExtensionDays: 7, maxTrialExtensions: 1, activateTrialNow: true },
    });
    const trialEnds = () => [...root.querySelectorAll('[part="summary"] dt')].find((dt) => dt.textContent === "Trial ends")!.nextElementSibling!.textContent;
    const before = trialEnds();
    const extended = oneEvent(el, "billfront-subscription-trial-extend");
    button(root, "Extend trial by 7 days")!.click();
    const { detail } = (await extended) as CustomEvent;
    await waitUntil(() => !button(root, "Extend trial by 7 days"), "the one extension is still offered");
    expect(trialEnds()).to.equal(day(detail.trialEndsAt));
    expect(trialEnds()).not.to.equal(before);

    const dialog = await openDialog(root, "End trial and start paying");
    expect(dialog.textContent).to.contain("The first period is charged today.");
    const activated = oneEvent(el, "billfront-subscription-trial-activate");
    button(dialog, "Confirm")!.click();
    expect(((await activated) as CustomEvent).detail.subscription.status).to.equal("active");
    await waitUntil(() => root.querySelector('[part="summary"] [part="status"]')!.textContent === "Active", "still on trial");
    await waitUntil(() => details.shadowRoot!.querySelectorAll("[part=history] [data-row-type=payment]").length === 1, "first payment not in the history");
  });

  it("shows no control when the shop allows no action, only the facts (P6)", async () => {
    const { details, panel, root } = await setup({ subscriptions: [COFFEE] }, "de");
    expect(root.querySelector("h4")!.textContent).to.equal("Abonnement");
    expect(root.querySelector('[part="summary"]')!.textContent).to.contain("Coffee club").and.contain("Monthly").and.contain("Nächste Verlängerung");
    expect(root.querySelectorAll("button, input, select, form")).to.have.length(0);
    expect(details.shadowRoot!.querySelector('[part="cancel"]')).to.equal(null);
    await expect(panel).to.be.accessible();
  });

  it("explains a refused action in words and changes nothing (S6)", async () => {
    const { el, root } = await setup({ subscriptions: [COFFEE], settings: { applyCoupons: true } });
    let changed = false;
    el.addEventListener("billfront-subscription-coupon", () => (changed = true));
    root.querySelector<HTMLInputElement>('input[name="code"]')!.value = "NOPE";
    const failed = oneEvent(el, "billfront-error");
    button(root, "Apply")!.click();
    expect(((await failed) as CustomEvent).detail).to.include({ code: "coupon_not_found", status: 404 });
    await waitUntil(() => root.querySelector('[role="alert"]'), "no error shown");
    expect(root.querySelector('[role="alert"]')!.textContent).to.equal("This coupon code is not valid.");
    expect(root.querySelector<HTMLInputElement>('input[name="code"]')!.value).to.equal("NOPE");
    expect(root.querySelectorAll('[part="coupons"] li')).to.have.length(0);
    expect(changed).to.equal(false);
  });

  it("keeps a refused date in the open dialog with the reason (S3)", async () => {
    const { root } = await setup({ subscriptions: [COFFEE], settings: { pauseResume: true } });
    const dialog = await openDialog(root, "Pause subscription");
    const inputs = dialog.querySelectorAll<HTMLInputElement>('input[type="date"]');
    inputs[0]!.value = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    inputs[1]!.value = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await waitUntil(() => dialog.querySelector('[role="alert"]'), "no error in the dialog");
    expect(dialog.querySelector('[role="alert"]')!.textContent).to.equal("Choose a resume date after the pause starts.");
    expect(dialog.open).to.equal(true);
    expect(root.querySelector('[part="summary"]')!.textContent).not.to.contain("Pauses on");
    button(dialog, "Go back")!.click();
    await waitUntil(() => !root.querySelector("dialog"), "dialog not closed");
    expect(root.activeElement?.textContent?.trim()).to.equal("Pause subscription");
  });

  it("pauses and resumes at once without dates when the shop pauses only now, and offers no date edits (P6 pause/resume now)", async () => {
    const { el, root } = await setup({ subscriptions: [COFFEE], settings: { pauseResume: "now" } });
    const dialog = await openDialog(root, "Pause subscription");
    expect(dialog.querySelectorAll('input[type="date"]')).to.have.length(0);
    expect(dialog.querySelector('[part="outcome"]')!.textContent).to.equal("Pauses today, until you resume it.");
    const paused = oneEvent(el, "billfront-subscription-pause");
    button(dialog, "Pause subscription")!.click();
    expect(((await paused) as CustomEvent).detail).to.include({ pauseAt: null, resumeAt: null });
    await waitUntil(() => button(root, "Resume subscription"), "resume not offered");
    expect(button(root, "Change pause dates")).to.equal(undefined);
    const resume = await openDialog(root, "Resume subscription");
    expect(resume.querySelectorAll('input[type="date"]')).to.have.length(0);
    expect(resume.querySelector('[part="outcome"]')!.textContent).to.equal("Starts again today.");
    await expect(root.host).to.be.accessible();
  });

  it("asks for a pause date when the shop pauses only on a date (P6 pause/resume scheduled), in German too", async () => {
    const { root } = await setup({ subscriptions: [COFFEE], settings: { pauseResume: "scheduled" } }, "de-DE");
    const dialog = await openDialog(root, "Abonnement pausieren");
    const from = dialog.querySelector<HTMLInputElement>('input[name="pause_at"]')!;
    expect([from.labels![0]!.textContent!.trim(), from.required, from.min]).to.deep.equal(["Pausieren ab", true, new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)]);
    expect(dialog.querySelector('input[name="resume_at"]')).to.exist;
  });

  it("hides 'Keep my subscription' when the shop does not let customers take a scheduled cancellation back (P6)", async () => {
    const { root } = await setup({ subscriptions: [COFFEE], settings: { cancellation: "automatic", cancellationTiming: "end_of_term", removeScheduledCancellation: false } });
    const dialog = await openDialog(root, "Cancel subscription");
    button(dialog, "Confirm cancellation")!.click();
    await waitUntil(() => root.querySelector('[part="ends"]'), "no end date shown");
    expect(button(root, "Keep my subscription")).to.equal(undefined);
  });

  it("hides undoing a scheduled change when that toggle is off, while changes stay (P6 undo end-of-term change)", async () => {
    const { root } = await setup({ subscriptions: [{ ...COFFEE, plan: { ...COFFEE.plan, maxQuantity: 5 } }], settings: { changeQuantity: "end_of_term", undoScheduledChange: false } });
    const dialog = await openDialog(root, "Change plan or quantity");
    dialog.querySelector<HTMLInputElement>('input[name="quantity"]')!.value = "2";
    await waitUntil(() => button(dialog, "Confirm change"), "no confirm");
    button(dialog, "Confirm change")!.click();
    await waitUntil(() => root.querySelector('[part="scheduled-change"]'), "no scheduled change shown");
    expect(button(root, "Undo scheduled change")).to.equal(undefined);
  });

  it("removes the subscription's card only when the shop allows it, apart from toggling autocharge (P6 remove subscription payment method)", async () => {
    const kept = await setup({ subscriptions: [{ ...COFFEE, assignCard: true }], settings: { autochargeToggle: true, removeSubscriptionPaymentMethod: false } });
    expect(button(kept.root, "Turn off automatic payments")).to.exist;
    expect(button(kept.root, "Stop charging the assigned card")).to.equal(undefined);

    const { el, root } = await setup({ subscriptions: [{ ...COFFEE, assignCard: true }], settings: { removeSubscriptionPaymentMethod: true } }, "de-DE");
    expect(button(root, "Automatische Zahlung ausschalten")).to.equal(undefined);
    const removed = oneEvent(el, "billfront-subscription-payment-method-remove");
    button(root, "Zugeordnete Karte nicht mehr belasten")!.click();
    expect(((await removed) as CustomEvent).detail.subscription).to.include({ payment_method_id: null, autocharge: false });
    await waitUntil(() => !button(root, "Zugeordnete Karte nicht mehr belasten"), "still offered");
  });

  it("offers only the addons the shop lists (P6 addons per addon)", async () => {
    const { root } = await setup({
      subscriptions: [{ ...COFFEE, addons: [{ name: "Oat milk", amount: 300 }, { name: "Syrup", amount: 200 }] }],
      settings: { manageAddons: true },
      allowAddons: [1],
    });
    const options = [...root.querySelectorAll<HTMLOptionElement>('select[name="price"] option')].map((o) => o.textContent!.trim());
    expect(options).to.have.length(1);
    expect(options[0]).to.contain("Syrup");
  });
});
