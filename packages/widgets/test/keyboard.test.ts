import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import "../src/index.ts";
import { fixture } from "./fixtures.ts";
import { inCardForm } from "./card-frame.ts";

/**
 * Every flow by keyboard alone (W4, issue 13): Tab to a control, Enter or Space
 * to use it, type into fields. (Orders, plans, the review and account details
 * have their own keyboard tests; these cover tickets and cards, the card form
 * iframe included.)
 */

/** The element that really has focus, through shadow roots; an iframe counts as itself. */
function focused(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

/** Presses Tab until `match` has focus (at most `max` times). */
async function tabTo(match: (el: Element) => boolean, what: string, max = 40): Promise<Element> {
  for (let i = 0; i < max; i++) {
    const el = focused();
    if (el && match(el)) return el;
    await sendKeys({ press: "Tab" });
  }
  throw new Error(`Tab never reached ${what}`);
}
const button = (text: string) => (el: Element) => el instanceof HTMLButtonElement && el.textContent!.trim() === text;

describe("keyboard alone (W4)", function () {
  this.timeout(40000);

  it("opens a new ticket in <helpdesk-tickets>: Tab, type, Enter, and focus lands on the new ticket", async () => {
    const f = await fixture({ departments: [{ name: "General" }] });
    const el = await render<HTMLElement>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await customElements.whenDefined("helpdesk-tickets");
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="empty"], [part~="list"]'), "tickets not loaded", { timeout: 8000 });
    await tabTo(button("New ticket"), "New ticket");
    await sendKeys({ press: "Enter" });
    await tabTo((e) => e instanceof HTMLInputElement && e.name === "subject", "the subject field");
    await sendKeys({ type: "Grinder noise" });
    await tabTo((e) => e instanceof HTMLTextAreaElement, "the message field");
    await sendKeys({ type: "It squeaks." });
    const created = oneEvent(el, "billfront-ticket-create");
    await tabTo(button("Send"), "Send");
    await sendKeys({ press: "Enter" });
    await created;
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="conversation"]'), "no conversation");
    await waitUntil(() => focused() !== document.body && el.shadowRoot!.contains(focused()), "focus fell out of the element", { timeout: 4000 });
  });

  it("adds a card in <payment-methods> through the card form, makes another default and removes one, all by keyboard", async () => {
    const f = await fixture({ cards: ["5555555555554444"] });
    const el = await render<HTMLElement>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await customElements.whenDefined("payment-methods");
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="method"]'), "cards not loaded", { timeout: 8000 });

    await tabTo(button("Add a card"), "Add a card");
    await sendKeys({ press: "Enter" });
    const frame = await waitUntil(() => el.shadowRoot!.querySelector("iframe"), "no card form").then(() => el.shadowRoot!.querySelector("iframe")!);
    await inCardForm("() => true");
    // Into the frame: the first Tab stop inside it is the card number.
    await tabTo((e) => e === frame, "the card form");
    await sendKeys({ type: "4242424242424242" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "12/31" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "123" });
    const added = oneEvent(el, "billfront-payment-method-add");
    await sendKeys({ press: "Enter" });
    await added;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="method"]').length === 2, "the new card is not listed", { timeout: 8000 });
    await waitUntil(() => el.shadowRoot!.contains(focused()), "focus did not come back from the card form", { timeout: 4000 });

    const defaulted = oneEvent(el, "billfront-payment-method-default");
    await tabTo(button("Make default"), "Make default");
    await sendKeys({ press: "Enter" });
    await defaulted;

    await tabTo(button("Remove"), "Remove");
    await sendKeys({ press: "Enter" });
    const removed = oneEvent(el, "billfront-payment-method-remove");
    await tabTo((e) => e instanceof HTMLButtonElement && /remove/i.test(e.textContent!) && e.closest('[role="group"], [part~="confirm-remove"], .confirm') !== null, "the confirm Remove");
    await sendKeys({ press: "Enter" });
    await removed;
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="method"]').length === 1, "the card is still listed", { timeout: 8000 });
    expect(focused(), "focus is inside the element after removing").to.satisfy((e: Element | null) => e !== null && el.shadowRoot!.contains(e));
  });
});
