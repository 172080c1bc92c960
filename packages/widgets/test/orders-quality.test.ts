import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../src/index.ts";
import type { BillfrontPortal } from "../src/billfront-portal/billfront-portal.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { atEveryWidth } from "./layout.ts";
import { fixture, mintSession, screenshot, type FixtureOptions } from "./fixtures.ts";

/**
 * Issue 13 for <my-orders>: every state a customer reaches works at 1280, 360
 * and 320 px (no sideways scroll, axe clean), focus lands somewhere sensible
 * after every submit, and the defects found stay fixed.
 */

const CARD = ["4242424242424242"];
const LONG = "Hand-roasted single-origin Ethiopian Yirgacheffe whole-bean coffee, washed process, 1 kg resealable bag with one-way valve";
const GRINDER = { description: "Burr grinder", unitAmount: 10000, taxes: [{ description: "VAT 20%", rateBps: 2000 }], attempts: ["declined", "approved"] as ("declined" | "approved")[] };
const COFFEE = { product: "Coffee club", plan: { name: "Monthly", amount: 1500 } };

const details = (el: MyOrders) => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot ?? null;
const panel = (el: MyOrders) => details(el)?.querySelector("billfront-subscription-panel")?.shadowRoot ?? null;

/** The element focus is on, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function button(root: ParentNode, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === name);
}

/**
 * Pictures for a person to look at (only with BILLFRONT_SCREENSHOTS set): 1280 and 360 px, light and dark.
 * Dark is the `theme` attribute on <my-orders>, which every element inside follows.
 */
async function look(el: MyOrders, name: string): Promise<void> {
  if (!(await screenshot("probe"))) return;
  try {
    for (const theme of ["light", "dark"]) {
      el.setAttribute("theme", theme);
      document.body.style.background = theme === "dark" ? "#111418" : "";
      for (const width of [1280, 360]) {
        await setViewport({ width, height: 900 });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        await screenshot(`${name}-${width}-${theme}`);
      }
    }
  } finally {
    el.removeAttribute("theme");
    document.body.style.background = "";
    await setViewport({ width: 800, height: 600 });
  }
}

async function list(options: FixtureOptions, locale = "en-US") {
  const f = await fixture(options);
  const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale=${locale}></my-orders>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="order"], [part~="empty"], [part~="error"]'), "list not rendered", { timeout: 8000 });
  return { f, el };
}

/** Opens the order with this number (or the first) and waits until its history or subscription panel shows. */
async function open(el: MyOrders, index = 0) {
  el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="open"]')[index]!.click();
  await waitUntil(() => details(el)?.querySelector('[part="history"], [part="lines"]'), "details not loaded", { timeout: 8000 });
  const order = details(el)!;
  if (order.querySelector("billfront-subscription-panel")) await waitUntil(() => panel(el)?.querySelector('[part="summary"]'), "panel not loaded");
  await el.updateComplete;
  return order;
}

async function openDialog(root: ShadowRoot, opener: string): Promise<HTMLDialogElement> {
  button(root, opener)!.click();
  await waitUntil(() => root.querySelector("dialog")?.open, `"${opener}" opened no dialog`);
  return root.querySelector("dialog")!;
}

/** Presses Tab until focus is on the element `match` accepts (keyboard only, as a customer would). */
async function tabTo(match: (el: Element) => boolean, what: string): Promise<Element> {
  for (let i = 0; i < 60; i++) {
    const active = deepActive();
    if (active && match(active)) return active;
    await sendKeys({ press: "Tab" });
  }
  throw new Error(`Tab never reached ${what}`);
}

describe("<my-orders> at every width, in every state (issue 13)", () => {
  it("the order list: cards with number, status badge, total, date, items and next payment", async () => {
    const { el } = await list({
      cards: CARD,
      subscriptions: [COFFEE],
      orders: [
        { description: LONG, unitAmount: 2400, quantity: 2, placedAt: "2026-05-01T10:00:00Z" },
        { description: "Filters", unitAmount: 500, attempts: ["declined"] },
        { description: "Kettle", unitAmount: 5900, attempts: ["declined"] },
      ],
    });
    const cards = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="order"]')];
    expect(cards).to.have.length(4);
    expect(cards.every((c) => c.classList.contains("card"))).to.equal(true);
    expect(cards[0]!.querySelector(".badge[part=status]")).to.exist;
    expect(el.shadowRoot!.querySelector('[part="pay-all"] button.primary')).to.exist;
    await atEveryWidth(el, "order list");
    await look(el, "orders-list");
  });

  it("empty, and an error with a retry that loads again", async () => {
    const { el } = await list({});
    expect(el.shadowRoot!.querySelector('[part="empty"]')!.textContent).to.contain("You have no orders yet.");
    await atEveryWidth(el, "empty list");
    await look(el, "orders-empty");

    const f = await fixture({ orders: [{ description: "Beans", unitAmount: 2400 }] });
    // An API that is not there: a network failure, which a retry may cure.
    const broken = await render<MyOrders>(html`<my-orders api="http://127.0.0.1:9" session=${f.session} locale="en"></my-orders>`);
    await waitUntil(() => broken.shadowRoot!.querySelector('[part="error"]'), "no error state", { timeout: 8000 });
    const retry = broken.shadowRoot!.querySelector<HTMLButtonElement>('[part="error"] button.primary')!;
    expect(retry.textContent!.trim()).to.equal("Try again");
    await atEveryWidth(broken, "error state");
    await look(broken, "orders-error");
  });

  it("a one-time order with taxes and a declined payment: summary card, stacking items table, totals and history list", async () => {
    const { el } = await list({ orders: [{ ...GRINDER, description: LONG }] });
    const root = await open(el);
    for (const td of root.querySelectorAll('[part="lines"] td')) expect(td.getAttribute("data-label"), td.textContent!).to.be.a("string").and.not.equal("");
    expect(root.querySelector('[part="summary-card"] .badge')!.textContent).to.equal("Paid");
    expect(root.querySelector('[part="history"]')!.localName).to.equal("ul");
    await atEveryWidth(el, "one-time order details");
    await look(el, "order-one-time");
  });

  it("an instalment plan, with balance, instalments and next payment", async () => {
    const { el } = await list({ orders: [{ description: "Espresso machine", unitAmount: 60000, type: "instalment", instalmentCount: 3 }] });
    const root = await open(el);
    expect(root.querySelector('[part="totals"]')!.textContent).to.contain("Instalments paid").and.contain("Balance to pay");
    await atEveryWidth(el, "instalment order details");
    await look(el, "order-instalments");
  });

  it("a subscription: the plan card with its main actions as buttons, add-ons and discounts in their own cards", async () => {
    const { el } = await list({
      cards: CARD,
      subscriptions: [{ ...COFFEE, switchTo: [{ name: "Plus", amount: 2500 }], addons: [{ name: "Oat milk", amount: 300 }] }],
      settings: { cancellation: "automatic", changePlan: "either", pauseResume: true, manageAddons: true, applyCoupons: true },
    });
    await open(el);
    const root = panel(el)!;
    const card = root.querySelector('[part="summary"]')!;
    expect(card.querySelector("h5")!.textContent).to.equal("Coffee club");
    expect(card.querySelector(".price")!.textContent).to.contain("€15.00 per month");
    const main = [...card.querySelectorAll('[part="actions"] button')].map((b) => [b.textContent!.trim(), b.className]);
    expect(main).to.deep.include.members([
      ["Change plan or quantity", "primary"],
      ["Pause subscription", ""],
      ["Cancel subscription", "danger"],
    ]);
    // Forms are not inside a definition list any more.
    expect(root.querySelector("dl form, dd form")).to.equal(null);
    expect(root.querySelector('[part="addons"] form')).to.exist;
    expect(root.querySelector('[part="coupons"] form')).to.exist;
    await atEveryWidth(el, "subscription order details");
    await look(el, "order-subscription");
  });

  it("cancel with the retention offer, then the final confirm; focus goes to the outcome", async () => {
    const { el } = await list({
      cards: CARD,
      subscriptions: [COFFEE],
      coupons: [{ code: "STAY20", name: "Stay with us", percentOffBps: 2000, duration: "once" }],
      retentionCoupon: "STAY20",
      settings: { cancellation: "automatic", cancellationTiming: "either" },
    });
    await open(el);
    const root = panel(el)!;
    const dialog = await openDialog(root, "Cancel subscription");
    expect(dialog.querySelector('[part="offer"]')).to.exist;
    for (const radio of dialog.querySelectorAll('input[type="radio"]')) expect(radio.closest("label")!.classList.contains("choice")).to.equal(true);
    await atEveryWidth(el, "cancel dialog with retention offer");
    await look(el, "dialog-cancel-offer");
    button(dialog, "Cancel anyway")!.click();
    await waitUntil(() => button(dialog, "Confirm cancellation"), "no final confirm");
    await atEveryWidth(el, "cancel dialog, final confirm");
    button(dialog, "Confirm cancellation")!.click();
    await waitUntil(() => root.querySelector('[part="ends"]'), "no end date shown");
    await waitUntil(() => root.activeElement?.id === "subscription-notice", "focus not on the outcome");
    await atEveryWidth(el, "after cancelling at the term's end");
  });

  it("change plan with the proration preview; focus goes to the outcome", async () => {
    const { f, el } = await list({
      clock: "2025-01-01T00:00:00Z",
      advanceClockTo: "2025-01-16T00:00:00Z",
      cards: CARD,
      subscriptions: [{ ...COFFEE, switchTo: [{ name: "Plus with a rather long plan name for small phones", amount: 2500 }] }],
      settings: { changePlan: "either" },
    });
    await open(el);
    const root = panel(el)!;
    const dialog = await openDialog(root, "Change plan or quantity");
    await atEveryWidth(el, "change plan dialog");
    const select = dialog.querySelector<HTMLSelectElement>('select[name="price"]')!;
    select.value = f.subscriptions[0]!.switchTo[0]!;
    select.dispatchEvent(new Event("change"));
    [...dialog.querySelectorAll("label")].find((l) => l.textContent!.trim() === "Now")!.querySelector("input")!.click();
    await waitUntil(() => button(dialog, "Review change"), "no review");
    button(dialog, "Review change")!.click();
    await waitUntil(() => dialog.querySelector('[part="preview"]'), "no preview");
    await atEveryWidth(el, "change plan, proration preview");
    await look(el, "dialog-change-preview");
    button(dialog, "Confirm change")!.click();
    await waitUntil(() => root.activeElement?.id === "subscription-notice", "focus not on the outcome");
    await atEveryWidth(el, "after changing plan");
  });

  it("pause and resume dialogs; focus goes to the outcome after each", async () => {
    const { el } = await list({ cards: CARD, subscriptions: [COFFEE], settings: { pauseResume: "now" } });
    await open(el);
    const root = panel(el)!;
    const pause = await openDialog(root, "Pause subscription");
    await atEveryWidth(el, "pause dialog");
    button(pause, "Pause subscription")!.click();
    await waitUntil(() => button(root, "Resume subscription"), "resume not offered");
    await waitUntil(() => root.activeElement?.id === "subscription-notice", "focus not on the outcome after pausing");
    await atEveryWidth(el, "after pausing");
    const resume = await openDialog(root, "Resume subscription");
    await atEveryWidth(el, "resume dialog");
    await look(el, "dialog-resume");
    button(resume, "Resume subscription")!.click();
    await waitUntil(() => button(root, "Pause subscription"), "pause not offered again");
    await waitUntil(() => root.activeElement?.id === "subscription-notice", "focus not on the outcome after resuming");
  });

  it("reactivates a cancelled subscription from its plan card (S2); the order is no longer view-only", async () => {
    const { el } = await list({ cards: CARD, subscriptions: [COFFEE], settings: { cancellation: "automatic", cancellationTiming: "immediately", reactivate: true } });
    const order = await open(el);
    const root = panel(el)!;
    const cancel = await openDialog(root, "Cancel subscription");
    button(cancel, "Confirm cancellation")!.click();
    await waitUntil(() => button(root, "Reactivate subscription"), "no Reactivate offered");
    expect(button(root, "Reactivate subscription")!.className).to.equal("primary");
    // Something can still be done here: the view-only notice would be wrong.
    await waitUntil(() => order.querySelector('[part="summary-card"] .badge')?.textContent === "Cancelled", "order not reloaded");
    expect(order.querySelector('[part="notice"]')).to.equal(null);
    const dialog = await openDialog(root, "Reactivate subscription");
    await atEveryWidth(el, "reactivate dialog");
    const reactivated = oneEvent(el, "billfront-subscription-reactivate");
    button(dialog, "Confirm")!.click();
    await reactivated;
    await waitUntil(() => root.activeElement?.id === "subscription-notice", "focus not on the outcome");
    await waitUntil(() => root.querySelector('[part="summary"] [part="status"]')!.textContent === "Active", "not active again");
  });

  it("a refund request: the dialog, then focus on the confirmation, and the refund shown once with its credit note (defect: refunded and credited read as double)", async () => {
    const { el } = await list({ orders: [{ description: "Beans", unitAmount: 2400, refundPeriodDays: 14 }], settings: { refunds: "automatic" } });
    const root = await open(el);
    root.querySelector<HTMLButtonElement>('[part="request-refund"]')!.click();
    await waitUntil(() => root.querySelector("dialog")?.open, "dialog not open");
    await atEveryWidth(el, "refund dialog");
    root.querySelector<HTMLButtonElement>('dialog button[type="submit"]')!.click();
    await waitUntil(() => root.querySelector('[part="history"] [data-row-type=refund]'), "no refund row");
    await waitUntil(() => root.activeElement?.id === "order-notice", "focus not on the confirmation");
    expect(root.activeElement!.textContent).to.contain("refund was granted");
    const totals = root.querySelector('[part="totals"]')!;
    const terms = [...totals.querySelectorAll("dt")].map((dt) => dt.textContent!.trim());
    expect(terms).to.include("Refunded");
    expect(terms).not.to.include("Credited");
    expect(terms).not.to.include("Account credit");
    expect(totals.textContent!.replace(/\s+/g, " ")).to.contain("€24.00 (credit note CN-000001)");
    expect(root.querySelector('[part="summary-card"] .badge')!.textContent).to.equal("Refunded");
    await atEveryWidth(el, "refunded order details");
    await look(el, "order-refunded");
  });

  it("forward dialog", async () => {
    const { el } = await list({ orders: [{ description: "Kettle", unitAmount: 5900 }] });
    const root = await open(el);
    root.querySelector<HTMLButtonElement>('[part="history"] [part="forward"]')!.click();
    await waitUntil(() => root.querySelector<HTMLDialogElement>("dialog.forward")?.open, "forward dialog not open");
    await atEveryWidth(el, "forward dialog");
    await look(el, "dialog-forward");
  });

  it("pay one invoice (pay link, limited session): before and after paying, focus on the confirmation", async () => {
    const f = await fixture({ cards: CARD, orders: [{ description: LONG, unitAmount: 3900, attempts: ["declined"] }] });
    const invoice = f.orders[0]!.invoiceId;
    const limited = await mintSession(f, { flow: "pay_invoice", flowSubjectId: invoice, limited: true });
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${limited} locale="en" flow="pay_invoice" flow-subject=${invoice} limited><my-orders></my-orders></billfront-portal>`);
    const el = portal.querySelector("my-orders")!;
    const card = () => el.shadowRoot!.querySelector("billfront-pay-invoice")?.shadowRoot;
    await waitUntil(() => card()?.querySelector('[part="pay"]'), "invoice not shown", { timeout: 8000 });
    await atEveryWidth(el, "pay invoice");
    await look(el, "pay-invoice");
    card()!.querySelector<HTMLButtonElement>('[part="pay"]')!.click();
    await waitUntil(() => card()?.activeElement?.id === "invoice-notice", "focus not on the confirmation", { timeout: 8000 });
    await atEveryWidth(el, "pay invoice, paid");
  });
});

describe("defects found (issue 13)", () => {
  it("after paying an invoice inside an order, the list no longer counts it and 'Pay all' pays only the others (O6)", async () => {
    const { el } = await list({
      cards: CARD,
      orders: [
        { description: "Grinder", unitAmount: 12000, attempts: ["declined"] },
        { description: "Filters", unitAmount: 500, attempts: ["declined"] },
        { description: "Kettle", unitAmount: 5900, attempts: ["declined"] },
      ],
    });
    expect(el.shadowRoot!.querySelector('[part="pay-all"]')!.textContent).to.contain("You have 3 open invoices totalling €184.00.");
    // The newest order first: the kettle.
    const root = await open(el, 0);
    const paid = oneEvent(el, "billfront-invoice-pay");
    root.querySelector<HTMLButtonElement>('[part="pay"]')!.click();
    expect(((await paid) as CustomEvent).detail.status).to.equal("approved");
    await waitUntil(() => root.activeElement?.id === "order-notice", "focus not on the confirmation after paying");
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="back"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="pay-all"]')?.textContent?.includes("You have 2 open invoices totalling €125.00."), "the paid invoice is still counted");
    const sent: string[] = [];
    const realFetch = window.fetch;
    window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("/invoices/pay")) sent.push(typeof init?.body === "string" ? init.body : "");
      return realFetch(input, init);
    };
    try {
      const all = oneEvent(el, "billfront-invoices-pay");
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="pay-all"] button')!.click();
      const { detail } = (await all) as CustomEvent;
      expect(detail.status).to.equal("approved");
      expect(detail.invoiceIds).to.have.length(2);
    } finally {
      window.fetch = realFetch;
    }
    expect(sent.length).to.be.at.most(1);
    await waitUntil(() => !el.shadowRoot!.querySelector('[part="pay-all"]'), "banner still shown");
    await waitUntil(() => el.shadowRoot!.activeElement?.id === "pay-notice", "focus not on the outcome of paying all");
    await atEveryWidth(el, "after paying all");
  });

  it("a cancelled order without a subscription, with reactivation switched on, shows the view-only notice (was: neither a button nor the notice) (O8)", async () => {
    const { el } = await list({ orders: [{ description: "Tea of the month", unitAmount: 1500, type: "recurring", state: "cancelled" }], settings: { reactivate: true } });
    const root = await open(el);
    expect(root.querySelector('[part="notice"]')?.textContent).to.contain("can no longer be changed");
    expect(root.querySelector('[part="reactivate"]')).to.equal(null);
    await atEveryWidth(el, "view-only order");
    await look(el, "order-view-only");
  });
});

describe("keyboard only (W4)", () => {
  it("asks for a refund by keyboard: open the order, request, type a reason, send; focus lands on the confirmation", async () => {
    const { el } = await list({ orders: [{ description: "Beans", unitAmount: 2400, refundPeriodDays: 14 }], settings: { refunds: "automatic" } });
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo((a) => a.getAttribute("part") === "open", "the order's button");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => details(el)?.activeElement?.id === "order-heading", "heading not focused", { timeout: 8000 });
    await tabTo((a) => a.getAttribute("part") === "request-refund", "Request refund");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => details(el)!.querySelector("dialog")?.open, "dialog not open");
    await tabTo((a) => a.localName === "textarea", "the reason");
    await sendKeys({ type: "Wrong grind" });
    await tabTo((a) => a.textContent?.trim() === "Ask for the refund", "the send button");
    const asked = oneEvent(el, "billfront-refund-request");
    await sendKeys({ press: "Enter" });
    expect(((await asked) as CustomEvent).detail.status).to.equal("refunded");
    await waitUntil(() => deepActive()?.id === "order-notice", "focus is not on the confirmation");
    expect(deepActive()).not.to.equal(document.body);
  });

  it("cancels a subscription by keyboard: the dialog, the timing, confirm; focus lands on the outcome; Escape closes a dialog back to its button", async () => {
    const { el } = await list({ cards: CARD, subscriptions: [COFFEE], settings: { cancellation: "automatic", cancellationTiming: "either" } });
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo((a) => a.getAttribute("part") === "open", "the order's button");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => panel(el)?.querySelector('[part="summary"]'), "panel not shown", { timeout: 8000 });
    await tabTo((a) => a.textContent?.trim() === "Cancel subscription", "Cancel subscription");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => panel(el)!.querySelector("dialog")?.open, "dialog not open");
    await sendKeys({ press: "Escape" });
    await waitUntil(() => !panel(el)!.querySelector("dialog"), "Escape did not close the dialog");
    await waitUntil(() => deepActive()?.textContent?.trim() === "Cancel subscription", "focus not back on the opener");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => panel(el)!.querySelector("dialog")?.open, "dialog not open again");
    await tabTo((a) => a.localName === "input" && (a as HTMLInputElement).type === "radio", "the timing");
    // Arrow keys move between the radios of one group.
    await sendKeys({ press: "ArrowDown" });
    await tabTo((a) => a.textContent?.trim() === "Confirm cancellation", "Confirm cancellation");
    const cancelled = oneEvent(el, "billfront-subscription-cancel");
    await sendKeys({ press: "Enter" });
    expect(((await cancelled) as CustomEvent).detail.status).to.be.oneOf(["cancelled", "cancel_scheduled"]);
    await waitUntil(() => deepActive()?.id === "subscription-notice", "focus is not on the outcome");
  });
});
