import { expect, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../src/index.ts";
import type { BillfrontPlans } from "../src/plans/billfront-plans.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture, mount, screenshot, type FixtureOptions } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

const VISA = "4242424242424242";
const MASTERCARD = "5555555555554444";
/** Saves fine; every charge declines. */
const DECLINING = "4000000000000341";
const OFFER: FixtureOptions = {
  settings: { newSubscriptions: true },
  plans: [
    { product: "Coffee club", description: "Fresh beans every month", prices: [{ name: "Monthly", amount: 1500 }, { name: "Starter", amount: 900, trialDays: 14 }] },
  ],
};

async function setup(options: FixtureOptions) {
  const f = await fixture({ ...OFFER, ...options });
  const el = await mount<BillfrontPlans>(html`<billfront-plans api=${f.api} session=${f.session} locale="en-US"></billfront-plans>`);
  await waitUntil(() => el.shadowRoot!.querySelector('[part="plan"], [part="empty"], [part="error"]'), "plans not shown", { timeout: 5000 });
  return { f, el, root: el.shadowRoot! };
}

function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === name || b.getAttribute("aria-label") === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function plan(root: ShadowRoot, name: string): HTMLElement {
  return [...root.querySelectorAll<HTMLElement>('[part="plan"]')].find((p) => p.textContent!.includes(name))!;
}

async function choose(el: BillfrontPlans, name: string): Promise<HTMLDialogElement> {
  plan(el.shadowRoot!, name).querySelector<HTMLButtonElement>('[part="choose"]')!.click();
  await waitUntil(() => el.shadowRoot!.querySelector("dialog")?.open, "no dialog");
  return el.shadowRoot!.querySelector("dialog")!;
}

describe("<billfront-plans>: a customer starts one of the shop's plans (A6)", () => {
  it("shows each plan with its price per interval and trial, previews today's charge and starts it on a saved card", async () => {
    const { f, el, root } = await setup({ cards: [VISA, MASTERCARD] });
    const monthly = plan(root, "Monthly");
    expect(monthly.textContent).to.contain("Coffee club").and.contain("€15.00 per month").and.contain("Fresh beans every month");
    expect(plan(root, "Starter").textContent).to.contain("14-day free trial").and.contain("€9.00 per month");
    await atEveryWidth(el, "plans listed", async (w) => void (w === 360 && (await screenshot("plans-list-360"))));
    await screenshot("plans-list");

    const dialog = await choose(el, "Monthly");
    const radios = [...dialog.querySelectorAll<HTMLInputElement>('input[name="card"]')];
    expect(radios).to.have.length(2);
    expect(radios[0]!.checked, "the default card is chosen").to.equal(true);
    radios[1]!.click();
    await atEveryWidth(el, "start dialog: choose a card");
    await screenshot("plans-dialog-choose");
    button(dialog, "Continue").click();
    await waitUntil(() => dialog.querySelector('[part="preview"]'), "no preview");
    expect(dialog.querySelector('[part="due-today"]')!.textContent).to.contain("Charged today").and.contain("€15.00");
    expect(dialog.querySelector('[part="preview"]')!.textContent).to.match(/Next charge on .+€15\.00/s);
    expect(root.activeElement?.getAttribute("part")).to.equal("confirm");
    await atEveryWidth(el, "start dialog: preview", async (w) => void (w === 320 && (await screenshot("plans-preview-320"))));
    await screenshot("plans-dialog-preview");

    const started = oneEvent(el, "billfront-subscription-start");
    button(dialog, "Start subscription").click();
    const { detail } = (await started) as CustomEvent;
    expect(detail).to.include({ status: "active" });
    expect(detail.subscriptionId).to.match(/^sub_/);
    await waitUntil(() => !root.querySelector("dialog"), "dialog still open");
    const notice = root.querySelector('[part="notice"]')!;
    expect(notice.textContent).to.contain("Your subscription to Coffee club — Monthly has started");
    expect(root.activeElement).to.equal(notice);
    await atEveryWidth(el, "started");
    await screenshot("plans-started");

    // The new order is in <my-orders>, charged to the card the customer picked.
    const orders = await mount<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en-US"></my-orders>`);
    await waitUntil(() => orders.shadowRoot!.querySelector('[part="open"]'), "orders not rendered");
    expect(orders.shadowRoot!.textContent).to.contain("Coffee club — Monthly");
  });

  it("starts a trial: the preview says nothing is charged until it ends", async () => {
    const { el, root } = await setup({ cards: [VISA] });
    const dialog = await choose(el, "Starter");
    button(dialog, "Continue").click();
    await waitUntil(() => dialog.querySelector('[part="preview"]'), "no preview");
    expect(dialog.querySelector('[part="due-today"]')!.textContent).to.contain("€0.00");
    expect(dialog.querySelector('[part="trial-note"]')!.textContent).to.match(/^Nothing is charged until the trial ends on /);
    await atEveryWidth(el, "trial preview");
    const started = oneEvent(el, "billfront-subscription-start");
    button(dialog, "Start subscription").click();
    expect(((await started) as CustomEvent).detail.status).to.equal("trialing");
    await waitUntil(() => root.querySelector('[part="notice"]')?.textContent?.includes("Your trial of Coffee club — Starter has started"), "no trial notice");
  });

  it("a declined card: a readable reason in the dialog, nothing started, and another card can be chosen", async () => {
    const { f, el, root } = await setup({ cards: [DECLINING] });
    const dialog = await choose(el, "Monthly");
    button(dialog, "Continue").click();
    await waitUntil(() => dialog.querySelector('[part="preview"]'), "no preview");
    let started = false;
    el.addEventListener("billfront-subscription-start", () => (started = true));
    const failed = oneEvent(el, "billfront-error");
    button(dialog, "Start subscription").click();
    expect(((await failed) as CustomEvent).detail.code).to.equal("subscription_payment_declined");
    await waitUntil(() => dialog.querySelector("#start-error"), "no error shown");
    expect(dialog.querySelector("#start-error")!.textContent).to.equal("Your card was declined: the card issuer declined the payment. Nothing was started; choose another card or try again.");
    expect(root.activeElement?.id).to.equal("start-error");
    expect(started).to.equal(false);
    await atEveryWidth(el, "declined");
    await screenshot("plans-declined");
    const orders = await mount<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en-US"></my-orders>`);
    await waitUntil(() => orders.shadowRoot!.querySelector('[part="open"], [part="empty"]'), "orders not rendered");
    expect(orders.shadowRoot!.textContent).not.to.contain("Active");
    button(dialog, "Back").click();
    await el.updateComplete;
    expect(dialog.querySelector('input[name="card"]')).to.exist;
  });

  it("is used by keyboard alone: choose, continue, confirm; Escape closes and focus returns to the plan", async () => {
    const { el, root } = await setup({ cards: [VISA] });
    const choose = plan(root, "Monthly").querySelector<HTMLButtonElement>('[part="choose"]')!;
    choose.focus();
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root.querySelector("dialog")?.open, "no dialog");
    await sendKeys({ press: "Escape" });
    await waitUntil(() => !root.querySelector("dialog"), "Escape did not close");
    await waitUntil(() => root.activeElement === choose, "focus did not return to the plan's button");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root.querySelector("dialog")?.open, "no dialog");
    // The first field (quantity) has focus; Enter submits the form with the default card chosen.
    expect((root.activeElement as HTMLInputElement).name, "the first field has focus").to.equal("quantity");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root.activeElement?.getAttribute("part") === "confirm", "confirm not focused after the preview");
    const started = oneEvent(el, "billfront-subscription-start");
    await sendKeys({ press: "Enter" });
    expect(((await started) as CustomEvent).detail.status).to.equal("active");
    await waitUntil(() => root.activeElement?.getAttribute("part") === "notice", "focus not on the confirmation");
  });

  it("offers the card form in the dialog when the customer has no card, and shows the empty and refused states", async () => {
    const { f, el, root } = await setup({});
    const dialog = await choose(el, "Monthly");
    expect(dialog.textContent).to.contain("You have no saved cards yet.");
    expect(button(dialog, "Continue").disabled).to.equal(true);
    button(dialog, "Add a card").click();
    await el.updateComplete;
    const frame = dialog.querySelector("iframe")!;
    expect(new URL(frame.src).origin).to.equal(new URL(f.api).origin);
    await atEveryWidth(el, "card form in the dialog");
    await screenshot("plans-add-card");
    button(dialog, "Close").click();
    await waitUntil(() => !root.querySelector("dialog"), "not closed");

    const none = await setup({ plans: [] });
    expect(none.root.querySelector('[part="empty"]')!.textContent).to.contain("This shop has no plans to start here right now.");
    await atEveryWidth(none.el, "no plans");
    const off = await setup({ settings: { newSubscriptions: false } });
    expect(off.root.querySelector('[part="empty"]')!.textContent).to.contain("New subscriptions cannot be started here.");
    await atEveryWidth(off.el, "setting off");
    await screenshot("plans-off");
  });
});
