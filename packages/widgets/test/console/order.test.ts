import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../../src/console.ts";
import "../../src/index.ts";
import "../../src/console/screens/order.ts";
import { ConsoleApi } from "../../src/console/console-api.ts";
import type { ConsoleOrder } from "../../src/console/screens/order.ts";
import type { MyOrders } from "../../src/my-orders/my-orders.ts";
import { fixture, lastEmail, screenshot, staffUser } from "../fixtures.ts";
import { expectNoHorizontalScroll } from "../layout.ts";

/** The console's widths (issue 14): desktop and a tablet; no sideways scroll and axe-clean at each. */
async function atConsoleWidths(host: Element, state: string): Promise<void> {
  try {
    for (const width of [1280, 768]) {
      await setViewport({ width, height: 900 });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expectNoHorizontalScroll(host, state);
      await expect(host).to.be.accessible();
    }
  } finally {
    await setViewport({ width: 800, height: 600 });
  }
}

const root = (el: ConsoleOrder) => el.shadowRoot!;
const text = (el: Element | ShadowRoot | null) => (el?.textContent ?? "").replace(/\s+/g, " ");
const dialog = (el: ConsoleOrder) => root(el).querySelector<HTMLDialogElement>('[part="confirm"]')!;
/** The element that really has focus, through shadow roots. */
function focused(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

async function mountOrder(f: { api: string; merchantId: string }, orderId: string, role: "agent" | "admin" = "agent"): Promise<ConsoleOrder> {
  const staff = await staffUser(f.merchantId, role);
  const api = new ConsoleApi(f.api, { kind: "token", token: staff.token });
  const el = await render<ConsoleOrder>(html`<bf-console-order .api=${api} staff-role=${role} locale="en" .params=${{ id: orderId }}></bf-console-order>`);
  await waitUntil(() => root(el).querySelector('[part="lines"]') || root(el).querySelector('[part="error"]'), "order never loaded", { timeout: 8000 });
  return el;
}

async function confirmAndWait(el: ConsoleOrder): Promise<HTMLElement> {
  const before = text(root(el).querySelector('[part="result"]'));
  dialog(el).querySelector<HTMLButtonElement>('[part="confirm-button"]')!.click();
  await waitUntil(() => !dialog(el).open || root(el).querySelector('[part="dialog-error"]'), "confirm never finished", { timeout: 8000 });
  expect(text(root(el).querySelector('[part="dialog-error"]'))).to.equal("");
  await waitUntil(() => text(root(el).querySelector('[part="result"]')) !== before, "no result", { timeout: 8000 });
  const result = root(el).querySelector<HTMLElement>('[part="result"]')!;
  await waitUntil(() => root(el).activeElement === result, "focus not on the result");
  return result;
}

describe("<bf-console-order> order and payments (issue 14 item 4)", function () {
  this.timeout(60000);

  it("shows the lines and history, and a staff refund of an unsettled payment becomes a void the customer sees too", async () => {
    const f = await fixture({ cards: ["4242424242424242"], subscriptions: [{ product: "Coffee club", plan: { name: "Monthly", amount: 2900 } }] });
    const el = await mountOrder(f, f.subscriptions[0]!.orderId);
    expect(text(root(el).querySelector('[part="lines"]'))).to.contain("Coffee club — Monthly").and.contain("1 ×").and.contain("€29.00");
    expect(root(el).querySelectorAll('[part="history"] tbody tr').length).to.be.greaterThan(0);
    expect(text(root(el).querySelector('[part="payments"]'))).to.contain("€29.00");
    await atConsoleWidths(el, "order loaded");
    await screenshot("console-order-loaded");

    // Only what the API lists: a fresh card charge may be refunded (as a void) or voided, not refunded in part.
    const row = root(el).querySelector('[part="payments"] tbody tr')!;
    expect(row.querySelector('[part="partial-refund"]')).to.equal(null);
    row.querySelector<HTMLButtonElement>('[part="refund"]')!.click();
    await waitUntil(() => dialog(el).open, "no confirm step");
    expect(text(dialog(el).querySelector('[part="preview"]'))).to.contain("has not settled yet").and.contain("voids the whole charge of €29.00");
    await atConsoleWidths(el, "refund confirm (void)");
    const result = await confirmAndWait(el);
    expect(result.textContent).to.contain("The payment of €29.00 was voided.");
    await waitUntil(() => root(el).querySelector('[part="history"] tr[data-type="payment"][data-status="voided"]'), "history shows no void");
    expect(root(el).querySelector('[part="history"] tr[data-type="refund"]')).to.equal(null);
    expect(root(el).querySelector('[part="payments"] [part="refund"]')).to.equal(null);
    expect(root(el).querySelector('[part="emails"] [data-template="void_confirmation"]')).to.not.equal(null);
    await atConsoleWidths(el, "after void");

    // The customer's own orders show the void.
    const mine = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    await waitUntil(() => mine.shadowRoot!.querySelector('[part="open"]'), "customer's orders not rendered", { timeout: 8000 });
    const opened = oneEvent(mine, "billfront-order-open");
    mine.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
    await opened;
    await waitUntil(() => mine.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector('[part="history"]'), "customer's details not loaded", { timeout: 8000 });
    const details = mine.shadowRoot!.querySelector("billfront-order-details")!;
    await waitUntil(() => [...details.shadowRoot!.querySelectorAll<HTMLElement>("[part=history] [data-row-id]")].some((r) => r.dataset.rowStatus === "voided"), "the customer does not see the void");
  });

  it("refunds a settled payment in part by keyboard alone, shows what is left, and resends the refund e-mail", async () => {
    const f = await fixture({ orders: [{ description: "Burr grinder", unitAmount: 1500, quantity: 2 }] });
    const el = await mountOrder(f, f.orders[0]!.orderId);
    expect(text(root(el).querySelector('[part="lines"]'))).to.contain("Burr grinder").and.contain("2 ×").and.contain("€15.00").and.contain("€30.00");
    // Keyboard only: Tab to "Partial refund", Enter, type the amount, Enter.
    root(el).querySelector<HTMLButtonElement>('[part="customer-link"]')!.focus();
    for (let i = 0; i < 40 && focused()?.getAttribute("part") !== "partial-refund"; i++) await sendKeys({ press: "Tab" });
    expect(focused()?.getAttribute("part")).to.equal("partial-refund");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => dialog(el).open, "no confirm step");
    expect(text(dialog(el).querySelector('[part="preview"]'))).to.contain("Left to refund: €30.00");
    await waitUntil(() => focused()?.getAttribute("name") === "amount", "focus not in the amount field");
    await atConsoleWidths(el, "partial refund confirm");
    await sendKeys({ type: "12.5" });
    await sendKeys({ press: "Enter" });
    await waitUntil(() => !dialog(el).open, "the dialog stayed open", { timeout: 8000 });
    await waitUntil(() => root(el).activeElement === root(el).querySelector('[part="result"]'), "focus not on the result");
    expect(text(root(el).querySelector('[part="result"]'))).to.contain("€12.50 was refunded. Left to refund: €17.50.");
    expect(text(root(el).querySelector('[part="remaining"]'))).to.contain("€17.50");
    await waitUntil(() => root(el).querySelector('[part="history"] tr[data-type="refund"]'), "no refund row");
    await atConsoleWidths(el, "after partial refund");

    // Too much: core's readable refusal, shown in the dialog.
    root(el).querySelector<HTMLButtonElement>('[part="partial-refund"]')!.click();
    await waitUntil(() => dialog(el).open, "no second confirm step");
    dialog(el).querySelector<HTMLInputElement>('[name="amount"]')!.value = "20";
    dialog(el).querySelector<HTMLButtonElement>('[part="confirm-button"]')!.click();
    await waitUntil(() => dialog(el).querySelector('[part="dialog-error"]'), "no error shown");
    expect(text(dialog(el).querySelector('[part="dialog-error"]'))).to.contain("more than what is left to refund");
    await atConsoleWidths(el, "refund error");
    dialog(el).querySelector<HTMLButtonElement>('button[type="button"]')!.click();
    await waitUntil(() => !dialog(el).open, "cancel did not close");

    // Resend the refund confirmation (R7).
    const email = root(el).querySelector('[part="emails"] [data-template="refund_confirmation"]')!;
    email.querySelector<HTMLButtonElement>('[part="resend"]')!.click();
    await waitUntil(() => dialog(el).open, "no resend confirm");
    const confirmText = text(dialog(el).querySelector('[part="preview"]'));
    const match = /sent again to (\S+)\./.exec(confirmText);
    expect(match, confirmText).to.not.equal(null);
    const to = match![1]!;
    const result = await confirmAndWait(el);
    expect(result.textContent).to.contain("“Refund confirmation” was queued to be sent again.");
    const sent = await lastEmail(f.merchantId, to, "refund_confirmation");
    expect(sent).to.not.equal(null);
    await atConsoleWidths(el, "after resend");
  });

  it("shows what a pause and a force bill will charge before confirming", async () => {
    const f = await fixture({ clock: "2026-06-01T10:00:00.000Z", cards: ["4242424242424242"], subscriptions: [{ product: "Coffee club", plan: { name: "Monthly", amount: 3000 } }], advanceClockTo: "2026-06-16T10:00:00.000Z" });
    const el = await mountOrder(f, f.subscriptions[0]!.orderId);
    const action = (name: string) => root(el).querySelector<HTMLButtonElement>(`[part="subscription-action"][data-action="${name}"]`);
    await waitUntil(() => action("bill_now"), "no bill-now action");
    expect(action("resume")).to.equal(null);

    action("bill_now")!.click();
    await waitUntil(() => dialog(el).querySelector('[part="preview"] [data-field="charge_now"]'), "no bill-now preview");
    const preview = text(dialog(el).querySelector('[part="preview"]'));
    // Half of June unused (15 of 30 days): €15.00 credited, €15.00 charged now.
    expect(preview).to.contain("Charged now").and.contain("€15.00").and.contain("Credited for unused time");
    await atConsoleWidths(el, "bill now preview");
    await screenshot("console-order-bill-now");
    expect((await confirmAndWait(el)).textContent).to.contain("Done: Bill now.");
    await atConsoleWidths(el, "after bill now");

    await waitUntil(() => action("pause"), "no pause action");
    action("pause")!.click();
    await waitUntil(() => dialog(el).querySelector('[part="preview"] [data-field="next_charge"]'), "no pause preview");
    expect(text(dialog(el).querySelector('[part="preview"]'))).to.contain("Nothing is charged.").and.contain("No further charge is scheduled.");
    await atConsoleWidths(el, "pause preview");
    expect((await confirmAndWait(el)).textContent).to.contain("Done: Pause.");
    await waitUntil(() => action("resume"), "paused subscription offers no resume");
    expect(action("pause")).to.equal(null);
    await atConsoleWidths(el, "after pause");
  });

  it("shows a readable error with a retry for an order that is not this shop's", async () => {
    const f = await fixture({});
    const el = await mountOrder(f, "ord_doesnotexist000000");
    expect(text(root(el).querySelector('[part="error"]'))).to.contain("This order could not be found");
    expect(root(el).querySelector('[part="error"] button')!.textContent!.trim()).to.equal("Try again");
    await atConsoleWidths(el, "error");
  });
});
