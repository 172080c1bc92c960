import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { PaymentMethods } from "../src/payment-methods/payment-methods.ts";
import { fixture, mount } from "./fixtures.ts";

const rows = (el: PaymentMethods) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="method"]')];
const button = (root: Element | ShadowRoot, text: string) => [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === text)!;
const loaded = (el: PaymentMethods) => waitUntil(() => rows(el).length > 0 || el.shadowRoot!.querySelector('[part="empty"]'), "cards not loaded");

describe("<payment-methods> (R1)", () => {
  it("lists saved cards by brand, last four and expiry, default first", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    expect(rows(el).map((r) => r.textContent!.replace(/\s+/g, " ").trim())).to.deep.equal([
      "Visa ending 4242 Expires 12/2031 Default Remove",
      "Mastercard ending 4444 Expires 12/2031 Make default Remove",
    ]);
    await expect(el).to.be.accessible();
  });

  it("makes a card the default and fires billfront-payment-method-default", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const event = oneEvent(el, "billfront-payment-method-default");
    button(rows(el)[1]!, "Make default").click();
    expect(((await event) as CustomEvent).detail.paymentMethod.last4).to.equal("4444");
    await waitUntil(() => rows(el)[0]?.textContent!.includes("4444"), "new default not first");
  });

  it("asks before removing, and shows why the only card of a subscription cannot go", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400, type: "recurring", state: "active" }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(rows(el)[0]!, "Remove").click();
    await el.updateComplete;
    expect(rows(el)[0]!.textContent).to.contain("Remove Visa ending 4242?");
    const failed = oneEvent(el, "billfront-error");
    button(rows(el)[0]!, "Remove").click();
    expect(((await failed) as CustomEvent).detail.code).to.equal("payment_method_required");
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), "no error shown");
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain("Add another card before removing it");
    expect(rows(el)).to.have.length(1);
  });

  it("assigns a card to a subscription", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"], orders: [{ description: "Beans", unitAmount: 2400, type: "recurring", state: "active" }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const select = rows(el)[1]!.querySelector("select")!;
    expect(select.getAttribute("aria-label")).to.equal("Use Mastercard ending 4444 for a subscription");
    const assigned = oneEvent(el, "billfront-payment-method-assign");
    select.value = f.orders[0]!.orderId;
    select.dispatchEvent(new Event("change"));
    expect(((await assigned) as CustomEvent).detail.orderId).to.equal(f.orders[0]!.orderId);
    await waitUntil(() => rows(el)[1]?.textContent!.includes(`Pays order ${f.orders[0]!.number}`), "assignment not shown");
  });

  it("shows the account credit and adds funds with the default card (R6, A7)", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400 }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const balance = () => el.shadowRoot!.querySelector('[part="balance"]')!;
    expect(balance().textContent).to.contain("Account credit").and.contain("none");
    const input = balance().querySelector("input")!;
    input.value = "12,5";
    const added = oneEvent(el, "billfront-balance-top-up");
    button(balance(), "Add funds").click();
    expect(((await added) as CustomEvent).detail.amount).to.deep.equal({ amount: 1250, currency: "EUR" });
    await waitUntil(() => balance()?.textContent!.includes("€12.50"), "balance not updated");
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain("€12.50 was added to your account.");

    balance().querySelector("input")!.value = "1.234";
    button(balance(), "Add funds").click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), "no validation message");
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain("Enter an amount");
  });

  it("opens Billfront's card form in an iframe on the BFF's origin, framed for this page only", async () => {
    const f = await fixture();
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    expect(el.shadowRoot!.textContent).to.contain("You have no saved cards.");
    button(el.shadowRoot!, "Add a card").click();
    await el.updateComplete;
    const frame = el.shadowRoot!.querySelector("iframe")!;
    const src = new URL(frame.src);
    expect(src.origin).to.equal(new URL(f.api).origin);
    expect(src.searchParams.get("merchant")).to.equal(f.merchantId);
    expect(src.searchParams.get("origin")).to.equal(location.origin);
    await new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
    // Cross-origin once loaded: this page cannot read the form (compare to null, never print a Document).
    expect(frame.contentDocument === null).to.equal(true);
    button(el.shadowRoot!, "Cancel").click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector("iframe")).to.equal(null);
  });

  it("offers no 'Add a card' when the shop does not let customers add payment methods (P6)", async () => {
    const f = await fixture({ settings: { addPaymentMethods: false } });
    const el = await render<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    expect(el.shadowRoot!.textContent).to.contain("You have no saved cards.");
    expect(button(el.shadowRoot!, "Add a card").hidden).to.equal(true);
  });
});
