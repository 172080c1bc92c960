import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../src/index.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture } from "./fixtures.ts";

const GRINDER = { description: "Burr grinder", unitAmount: 8900, type: "one_time" as const };

async function openOrder(el: MyOrders) {
  await waitUntil(() => el.shadowRoot!.querySelector('[part="open"]'), "orders not rendered");
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
  await waitUntil(() => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector('[part="history"]'), "details not loaded");
  return el.shadowRoot!.querySelector("billfront-order-details")!;
}

describe("forwarding a document from the billing history", () => {
  it("opens a dialog from Forward, sends the invoice to the typed address by keyboard, fires billfront-document-forward and returns focus", async () => {
    const f = await fixture({ orders: [GRINDER] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    const details = await openOrder(el);
    const root = details.shadowRoot!;
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('[part="history"] [part="forward"]')];
    expect(buttons.map((b) => b.getAttribute("aria-label"))).to.deep.equal([`Forward invoice ${f.orders[0]!.invoiceNumber} by e-mail`, "Forward receipt RCT-000001 by e-mail"]);
    buttons[0]!.focus();
    await sendKeys({ press: "Enter" });
    const dialog = await waitUntil(() => root.querySelector<HTMLDialogElement>("dialog.forward[open]"), "dialog not open").then(() => root.querySelector<HTMLDialogElement>("dialog.forward")!);
    expect(dialog.querySelector("h4")!.textContent).to.equal(`Forward invoice ${f.orders[0]!.invoiceNumber}`);
    await waitUntil(() => root.activeElement?.id === "forward-to", "e-mail field not focused");
    await expect(details).to.be.accessible();

    const forwarded = oneEvent(el, "billfront-document-forward");
    await sendKeys({ type: "accountant@example.org" });
    await sendKeys({ press: "Enter" });
    const event = (await forwarded) as CustomEvent;
    expect(event.detail).to.deep.equal({ orderId: f.orders[0]!.orderId, documentId: f.orders[0]!.invoiceId, kind: "invoice", number: f.orders[0]!.invoiceNumber, forwardsLeft: 9 });
    expect(event.bubbles && event.composed).to.equal(true);
    await waitUntil(() => !root.querySelector("dialog.forward"), "dialog not closed");
    expect(root.querySelector('[role="status"]')!.textContent).to.contain(`Invoice ${f.orders[0]!.invoiceNumber} is on its way to accountant@example.org.`);
    await waitUntil(() => root.activeElement === root.querySelector('[part="history"] [part="forward"]'), "focus not returned to Forward");
  });

  it("keeps the dialog open with a message for a bad address, and Escape closes it", async () => {
    const f = await fixture({ orders: [GRINDER] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    const details = await openOrder(el);
    const root = details.shadowRoot!;
    root.querySelector<HTMLButtonElement>('[part="history"] [part="forward"]')!.click();
    await waitUntil(() => root.activeElement?.id === "forward-to", "e-mail field not focused");
    await sendKeys({ type: "not an address" });
    await sendKeys({ press: "Enter" });
    await waitUntil(() => root.querySelector("#forward-error"), "no error shown");
    expect(root.querySelector("#forward-error")!.textContent).to.contain("Enter a valid e-mail address");
    expect(root.querySelector("#forward-to")!.getAttribute("aria-invalid")).to.equal("true");
    await expect(details).to.be.accessible();
    await sendKeys({ press: "Escape" });
    await waitUntil(() => !root.querySelector("dialog.forward"), "Escape did not close the dialog");
    await waitUntil(() => root.activeElement === root.querySelector('[part="history"] [part="forward"]'), "focus not returned");
  });

  it("speaks German", async () => {
    const f = await fixture({ orders: [GRINDER] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="de"></my-orders>`);
    const details = await openOrder(el);
    const root = details.shadowRoot!;
    const button = root.querySelector<HTMLButtonElement>('[part="history"] [part="forward"]')!;
    expect(button.textContent!.trim()).to.equal("Weiterleiten");
    button.click();
    await waitUntil(() => root.querySelector("dialog.forward[open]"), "dialog not open");
    expect(root.querySelector("label[for=forward-to]")!.textContent).to.equal("E-Mail-Adresse");
    expect(root.querySelector("dialog.forward h4")!.textContent).to.equal(`Rechnung ${f.orders[0]!.invoiceNumber} weiterleiten`);
  });

  it("offers no Forward when the shop switched forwarding off (the API says so)", async () => {
    const f = await fixture({ orders: [GRINDER], settings: { forwardDocuments: false } });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    const details = await openOrder(el);
    expect(details.shadowRoot!.querySelectorAll('[part="forward"]')).to.have.length(0);
    expect(details.shadowRoot!.querySelectorAll('[part="history"] [part="download"]').length).to.be.greaterThan(0);
  });
});
