import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { BillfrontPortal } from "../src/billfront-portal/billfront-portal.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture, mintSession, mount } from "./fixtures.ts";

const CARD = ["4242424242424242"];
const COFFEE = { product: "Coffee club", plan: { name: "Monthly", amount: 1500 }, switchTo: [{ name: "Yearly", amount: 15000, interval: "year" as const }] };

const details = (el: MyOrders) => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot;
const panel = (el: MyOrders) => details(el)?.querySelector("billfront-subscription-panel")?.shadowRoot;
/** The element focus is on, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

describe("deep links (A5): the widgets open at the step a flow names", () => {
  it("cancel_subscription opens the subscription's order with its cancel dialog open", async () => {
    const f = await fixture({ cards: CARD, subscriptions: [COFFEE], orders: [{ description: "Grinder", unitAmount: 12900 }], settings: { cancellation: "automatic" } });
    const sub = f.subscriptions[0]!;
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${f.session} locale="en" flow="cancel_subscription" flow-subject=${sub.id}><my-orders></my-orders></billfront-portal>`);
    const el = portal.querySelector("my-orders")!;
    await waitUntil(() => panel(el)?.querySelector("dialog")?.open, "cancel dialog not open", { timeout: 8000 });
    const dialog = panel(el)!.querySelector("dialog")!;
    expect(dialog.querySelector("#dialog-title")!.textContent).to.equal("Cancel your subscription");
    expect(el.shadowRoot!.querySelector("billfront-order-details")!.getAttribute("order-id")).to.equal(sub.orderId);
    // Closed, it stays closed: the link is followed once.
    [...dialog.querySelectorAll("button")].find((b) => b.textContent!.trim() === "Go back")!.click();
    await waitUntil(() => !panel(el)!.querySelector("dialog"), "dialog did not close");
    await el.updateComplete;
    expect(panel(el)!.querySelector("dialog")).to.equal(null);
  });

  it("change_plan opens the change-plan dialog; an element's own flow attribute works without a portal", async () => {
    const f = await fixture({ cards: CARD, subscriptions: [COFFEE], settings: { changePlan: "either" } });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" flow="change_plan" flow-subject=${f.subscriptions[0]!.id}></my-orders>`);
    await waitUntil(() => panel(el)?.querySelector("dialog")?.open, "change dialog not open", { timeout: 8000 });
    expect(panel(el)!.querySelector("#dialog-title")!.textContent).to.equal("Change your subscription");
    expect(panel(el)!.querySelector("select")!.textContent).to.contain("Yearly");
  });

  it("a flow whose action the shop does not allow opens the order and no dialog", async () => {
    const f = await fixture({ cards: CARD, subscriptions: [COFFEE] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" flow="cancel_subscription" flow-subject=${f.subscriptions[0]!.id}></my-orders>`);
    await waitUntil(() => panel(el)?.querySelector('[part="summary"]'), "panel not shown", { timeout: 8000 });
    await el.updateComplete;
    expect(panel(el)!.querySelector("dialog")).to.equal(null);
  });

  it("pay_invoice opens the order holding the invoice with focus on its Pay button", async () => {
    const f = await fixture({ cards: CARD, orders: [{ description: "Kettle", unitAmount: 5900 }, { description: "Scale", unitAmount: 3900, attempts: ["declined"] }] });
    const target = f.orders[1]!;
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" flow="pay_invoice" flow-subject=${target.invoiceId}></my-orders>`);
    await waitUntil(() => details(el)?.querySelector(`.target [part="pay"]`), "pay action not shown", { timeout: 8000 });
    await waitUntil(() => deepActive()?.getAttribute("part") === "pay", "pay button not focused");
    expect(deepActive()!.textContent!.trim()).to.equal("Pay €39.00 now");
    expect(details(el)!.querySelector("#order-heading")!.textContent).to.equal(`Order ${target.number}`);
  });

  it("a limited pay_invoice session shows just that invoice to pay, and makes no call it would be refused", async () => {
    const f = await fixture({ cards: CARD, orders: [{ description: "Scale", unitAmount: 3900, attempts: ["declined"] }] });
    const invoice = f.orders[0]!.invoiceId;
    const limited = await mintSession(f, { flow: "pay_invoice", flowSubjectId: invoice, limited: true });
    const errors: string[] = [];
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${limited} locale="de" flow="pay_invoice" flow-subject=${invoice} limited @billfront-error=${(e: CustomEvent) => errors.push(e.detail.code)}>
      <my-orders></my-orders>
    </billfront-portal>`);
    const el = portal.querySelector("my-orders")!;
    const card = () => el.shadowRoot!.querySelector("billfront-pay-invoice")?.shadowRoot;
    await waitUntil(() => card()?.querySelector('[part="pay"]'), "invoice not shown", { timeout: 8000 });
    expect(card()!.querySelector("h3")!.textContent).to.equal(`Rechnung ${f.orders[0]!.invoiceNumber}`);
    expect(card()!.querySelector(`[part="pay"]`)!.textContent!.trim().replace(/\s/g, " ")).to.equal("39,00 € jetzt bezahlen");
    card()!.querySelector<HTMLButtonElement>('[part="pay"]')!.click();
    await waitUntil(() => card()?.querySelector('[part="status"]')?.textContent === "Bezahlt", "not paid", { timeout: 8000 });
    expect(card()!.querySelector('[part="pay"]')).to.equal(null);
    expect(errors).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it("update_card opens <payment-methods> with the card form; open_ticket opens the new-ticket form", async () => {
    const f = await fixture({ cards: CARD, departments: [{ name: "General" }] });
    const cards = await mount<HTMLElement>(html`<payment-methods api=${f.api} session=${f.session} locale="en" flow="update_card"></payment-methods>`);
    await waitUntil(() => cards.shadowRoot!.querySelector('iframe[part="card-form"]'), "card form not open", { timeout: 8000 });
    const tickets = await mount<HTMLElement>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en" flow="open_ticket"></helpdesk-tickets>`);
    await waitUntil(() => tickets.shadowRoot!.querySelector('form[part="form"] select[name="department"]'), "new-ticket form not open", { timeout: 8000 });
  });
});
