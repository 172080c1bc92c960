import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { PaymentMethods } from "../src/payment-methods/payment-methods.ts";
import { cardFormFits, fillCard, inCardForm, shoot, submitCard } from "./card-frame.ts";
import { fixture, mount } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

const rows = (el: PaymentMethods) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="method"]')];
const text = (node: Element) => node.textContent!.replace(/\s+/g, " ").trim();
const button = (root: Element | ShadowRoot, label: string) => [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === label)!;
const loaded = (el: PaymentMethods) => waitUntil(() => rows(el).length > 0 || el.shadowRoot!.querySelector('[part="empty"]'), "cards not loaded");
const focused = (el: PaymentMethods) => el.shadowRoot!.activeElement as HTMLElement | null;
const frameOf = (el: PaymentMethods) => el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part="card-form"]');
/** The card form has loaded and told the element its height. */
const formShown = async (el: PaymentMethods) => {
  await waitUntil(() => frameOf(el)?.style.height, "card form never reported its height", { timeout: 8000 });
  await inCardForm("() => true");
};

describe("<payment-methods> (R1)", () => {
  it("shows saved cards as cards: brand mark, Visa •••• 4242, expiry and a Default badge, default first", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const [visa, mastercard] = rows(el);
    expect(visa!.classList.contains("card")).to.equal(true);
    expect(visa!.querySelector('[part="brand"]')!.getAttribute("data-brand")).to.equal("visa");
    expect(visa!.querySelector("strong [aria-hidden]")!.textContent).to.equal("Visa •••• 4242");
    // Screen readers hear "ending", not four bullets.
    expect(visa!.querySelector("strong .sr-only")!.textContent).to.equal("Visa ending 4242");
    expect(text(visa!)).to.contain("Expires 12/2031");
    expect(visa!.querySelector('[part="default-badge"]')!.textContent).to.equal("Default");
    expect(text(mastercard!)).to.contain("Mastercard •••• 4444");
    expect(mastercard!.querySelector('[part="default-badge"]')).to.equal(null);
    expect([...visa!.querySelectorAll("button")].map((b) => b.textContent!.trim())).to.deep.equal(["Remove"]);
    expect([...mastercard!.querySelectorAll("button")].map((b) => b.textContent!.trim())).to.deep.equal(["Make default", "Remove"]);
    await atEveryWidth(el, "list");
    await shoot("cards-list", el);
  });

  it("shows a loading skeleton, then an error with a retry that loads again", async () => {
    const f = await fixture({ cards: ["4242424242424242"] });
    // A BFF that does not answer: the list cannot load.
    const el = await render<PaymentMethods>(html`<payment-methods api="http://127.0.0.1:9" session=${f.session} merchant=${f.merchantId} locale="en"></payment-methods>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), "no error state", { timeout: 8000 });
    const error = el.shadowRoot!.querySelector('[part="error"]')!;
    expect(error.getAttribute("role")).to.equal("alert");
    expect(button(error, "Try again") ?? button(error, "Retry")).to.exist;
    await atEveryWidth(el, "error");
    await shoot("cards-error", el);
    el.api = f.api;
    await el.updateComplete;
    await loaded(el);
    expect(rows(el)).to.have.length(1);
  });

  it("makes a card the default, says so, and keeps focus on that card (not <body>)", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const event = oneEvent(el, "billfront-payment-method-default");
    button(rows(el)[1]!, "Make default").click();
    expect(((await event) as CustomEvent).detail.paymentMethod.last4).to.equal("4444");
    await waitUntil(() => rows(el)[0]?.textContent!.includes("4444"), "new default not first");
    await waitUntil(() => focused(el)?.getAttribute("part") === "method", "focus not on the card");
    expect(text(focused(el)!)).to.contain("Mastercard •••• 4444");
    expect(text(el.shadowRoot!.querySelector('[part="status"]')!)).to.equal("Mastercard ending 4444 is now your default card.");
  });

  it("says before removing which subscriptions a card pays and which card takes over, then focuses the confirmation (was: no warning)", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"], orders: [{ description: "Beans", unitAmount: 2400, type: "recurring", state: "active" }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(rows(el)[0]!, "Remove").click();
    await el.updateComplete;
    const confirm = rows(el)[0]!.querySelector('[part="confirm-remove"]')!;
    expect(text(confirm)).to.contain("Remove Visa ending 4242?");
    expect(text(confirm)).to.contain(`It pays for order ${f.orders[0]!.number}.`);
    expect(text(confirm)).to.contain("After you remove it, Mastercard ending 4444 is charged instead.");
    expect(focused(el)!.id).to.equal(confirm.querySelector(".lead")!.id);
    await atEveryWidth(el, "confirm remove");
    await shoot("cards-confirm-remove", el);

    button(confirm, "Keep it").click();
    await el.updateComplete;
    expect(rows(el)[0]!.querySelector('[part="confirm-remove"]')).to.equal(null);
    await waitUntil(() => focused(el)?.textContent === "Remove", "focus not back on Remove");

    button(rows(el)[0]!, "Remove").click();
    await el.updateComplete;
    const removed = oneEvent(el, "billfront-payment-method-remove");
    button(rows(el)[0]!.querySelector('[part="confirm-remove"]')!, "Remove").click();
    expect(((await removed) as CustomEvent).detail.paymentMethod.last4).to.equal("4242");
    await waitUntil(() => rows(el).length === 1, "card not removed");
    await waitUntil(() => focused(el)?.classList.contains("notice"), "focus not on the status message");
    expect(focused(el)!.textContent).to.equal("Visa ending 4242 was removed.");
    expect(rows(el)[0]!.querySelector('[part="default-badge"]')).to.exist;
  });

  it("says the only card of a subscription cannot go yet, and offers no Remove (core's `refused`)", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400, type: "recurring", state: "active" }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(rows(el)[0]!, "Remove").click();
    await el.updateComplete;
    const confirm = rows(el)[0]!.querySelector('[part="confirm-remove"]')!;
    expect(text(confirm)).to.contain("Add another card before you remove this one.");
    expect([...confirm.querySelectorAll("button")].map((b) => b.textContent!.trim())).to.deep.equal(["Keep it"]);
  });

  it("assigns a card to a subscription with a form and a button, not a select that acts on change", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"], orders: [{ description: "Beans", unitAmount: 2400, type: "recurring", state: "active" }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const open = rows(el)[1]!.querySelector<HTMLButtonElement>('[data-action="assign"]')!;
    expect(open.textContent!.trim()).to.equal("Use for subscription");
    open.click();
    await el.updateComplete;
    const select = rows(el)[1]!.querySelector("select")!;
    expect(text(select.closest("label")!)).to.contain("Use Mastercard ending 4444 for a subscription");
    expect(focused(el)).to.equal(select);
    await atEveryWidth(el, "assign form");
    const assigned = oneEvent(el, "billfront-payment-method-assign");
    select.value = f.orders[0]!.orderId;
    button(rows(el)[1]!, "Use this card").click();
    expect(((await assigned) as CustomEvent).detail.orderId).to.equal(f.orders[0]!.orderId);
    await waitUntil(() => rows(el)[1]?.textContent!.includes(`Pays order ${f.orders[0]!.number}`), "assignment not shown");
    await waitUntil(() => focused(el)?.getAttribute("part") === "method", "focus not on the card");
  });

  it("shows the account credit in its own card: No credit, then the balance after adding funds (R6, A7)", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400 }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const balance = () => el.shadowRoot!.querySelector<HTMLElement>('[part="balance"]')!;
    expect(balance().classList.contains("card")).to.equal(true);
    expect(balance().querySelector("h3")!.textContent).to.equal("Account credit");
    expect(text(balance())).to.contain("No credit").and.contain("Charged to your default card, Visa ending 4242.");
    expect(balance().querySelector("form")).to.exist;
    await atEveryWidth(el, "top-up");
    const input = balance().querySelector("input")!;
    input.value = "12,5";
    const added = oneEvent(el, "billfront-balance-top-up");
    button(balance(), "Add funds").click();
    expect(((await added) as CustomEvent).detail.amount).to.deep.equal({ amount: 1250, currency: "EUR" });
    await waitUntil(() => balance()?.querySelector(".amount")?.textContent === "€12.50", "balance not updated");
    expect(el.shadowRoot!.querySelector('[role="status"]')!.textContent).to.contain("€12.50 was added to your account.");
    await atEveryWidth(el, "after top-up");
    await shoot("cards-credit", el);

    balance().querySelector("input")!.value = "1.234";
    button(balance(), "Add funds").click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), "no validation message");
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain("Enter an amount");
  });

  it("opens Billfront's card form in an iframe on the BFF's origin, framed for this page only, and the empty state offers it", async () => {
    const f = await fixture();
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    const empty = el.shadowRoot!.querySelector('[part="empty"]')!;
    expect(text(empty)).to.contain("You have no saved cards.");
    await atEveryWidth(el, "empty");
    await shoot("cards-empty", el);
    button(empty, "Add a card").click();
    await el.updateComplete;
    const frame = frameOf(el)!;
    const src = new URL(frame.src);
    expect(src.origin).to.equal(new URL(f.api).origin);
    expect(src.searchParams.get("merchant")).to.equal(f.merchantId);
    expect(src.searchParams.get("origin")).to.equal(location.origin);
    expect(focused(el)!.id).to.equal("add-heading");
    await new Promise((resolve) => frame.addEventListener("load", resolve, { once: true }));
    // Cross-origin once loaded: this page cannot read the form (compare to null, never print a Document).
    expect(frame.contentDocument === null).to.equal(true);
    button(el.shadowRoot!, "Cancel").click();
    await el.updateComplete;
    expect(frameOf(el)).to.equal(null);
    expect(focused(el)?.getAttribute("part")).to.equal("add");
  });

  it("fits the card form in its frame at 1280, 360 and 320 px, the frame as tall as the form (was: 406 px wide in 328)", async () => {
    const f = await fixture({ cards: ["4242424242424242"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(el.shadowRoot!, "Add a card").click();
    await formShown(el);
    await atEveryWidth(el, "card form open", async (width) => {
      await new Promise((r) => setTimeout(r, 150));
      const fits = await cardFormFits();
      expect(fits.sideways, `card form scrolls sideways at ${width}px`).to.equal(false);
      await waitUntil(async () => Math.abs(frameOf(el)!.getBoundingClientRect().height - (await cardFormFits()).contentHeight) <= 1, `frame not as tall as the form at ${width}px`);
      expect((await cardFormFits()).clipped, `card form cut off at ${width}px`).to.equal(false);
    });
    await shoot("cards-form", el, () => formShown(el));
  });

  it("adds a card through the form and focuses the new card (was: focus fell to <body>)", async () => {
    const f = await fixture({ cards: ["4242424242424242"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(el.shadowRoot!, "Add a card").click();
    await formShown(el);
    const added = oneEvent(el, "billfront-payment-method-add");
    await fillCard("5555 5555 5555 4444", "11 / 32", "321");
    await submitCard();
    const id = ((await added) as CustomEvent).detail.paymentMethod.id as string;
    await waitUntil(() => rows(el).length === 2, "new card not listed");
    await waitUntil(() => focused(el)?.getAttribute("data-payment-method-id") === id, "focus not on the new card");
    expect(text(el.shadowRoot!.querySelector('[part="status"]')!)).to.equal("Mastercard ending 4444 was added.");
    expect(frameOf(el)).to.equal(null);
    await atEveryWidth(el, "after add");
  });

  it("shows a readable, per-field message for a bad expiry, with aria-invalid and aria-describedby (was: 'Invalid json.exp_year.')", async () => {
    const f = await fixture();
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(el.shadowRoot!, "Add a card").click();
    await formShown(el);
    const fieldState = () =>
      inCardForm<{ invalid: (string | null)[]; expiry: string; number: string; cvc: string; alert: string; focused: string }>(`() => ({
        invalid: ["number", "expiry", "cvc"].map((id) => document.getElementById(id).getAttribute("aria-invalid")),
        expiry: document.getElementById(document.getElementById("expiry").getAttribute("aria-describedby")).textContent,
        number: document.getElementById("number-error").textContent,
        cvc: document.getElementById("cvc-error").textContent,
        alert: document.getElementById("error").textContent,
        focused: document.activeElement.id,
      })`);
    await fillCard("4242 4242 4242 4242", "13/ab", "123");
    await submitCard();
    await waitUntil(async () => (await fieldState()).expiry !== "", "no expiry message", { timeout: 8000 });
    const bad = await fieldState();
    expect(bad.expiry).to.equal("Enter the expiry date as MM / YY, for example 04 / 29.");
    expect(bad.invalid).to.deep.equal([null, "true", null]);
    expect(bad.alert).to.equal("");
    expect(bad.focused).to.equal("expiry");

    await fillCard("4242 4242 4242 4242", "01 / 20", "123");
    await submitCard();
    await waitUntil(async () => (await fieldState()).expiry.includes("expired"), "no expired message", { timeout: 8000 });

    await fillCard("4242 4242 4242 4241", "01 / 33", "123");
    await submitCard();
    await waitUntil(async () => (await fieldState()).number !== "", "no message for a number failing its checksum", { timeout: 8000 });
    expect((await fieldState()).invalid).to.deep.equal(["true", null, null]);

    // Too short for the request schema: the schema's field names become the same messages.
    await fillCard("4242", "01 / 33", "12");
    await submitCard();
    await waitUntil(async () => (await fieldState()).number !== "", "no number message", { timeout: 8000 });
    const wrong = await fieldState();
    expect(wrong.number).to.equal("Enter the card number as it is printed on the card.");
    expect(wrong.cvc).to.contain("3-digit code");
    expect(wrong.invalid).to.deep.equal(["true", null, "true"]);
    await atEveryWidth(el, "card form with errors", async () => {
      expect((await cardFormFits()).sideways).to.equal(false);
    });
  });

  it("disables the card form's button while sending and sends once however often it is pressed (was: could be sent twice)", async () => {
    const f = await fixture();
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    button(el.shadowRoot!, "Add a card").click();
    await formShown(el);
    await fillCard("4242 4242 4242 4242", "10 / 33", "123");
    const seen = await inCardForm<{ disabled: boolean; busy: string | null; calls: number; status: string }>(`async () => {
      let calls = 0;
      const send = window.fetch;
      window.fetch = (...a) => { calls++; return send(...a); };
      const submit = document.getElementById("submit");
      submit.click();
      const during = { disabled: submit.disabled, busy: submit.getAttribute("aria-busy"), status: document.getElementById("status").textContent };
      submit.click();
      document.getElementById("card").requestSubmit();
      return { ...during, calls };
    }`);
    expect(seen).to.deep.equal({ disabled: true, busy: "true", calls: 1, status: "Saving…" });
    await waitUntil(() => rows(el).length === 1, "card not added");
  });

  it("offers no 'Add a card' when the shop does not let customers add payment methods (P6)", async () => {
    const f = await fixture({ settings: { addPaymentMethods: false } });
    const el = await render<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await loaded(el);
    expect(el.shadowRoot!.textContent).to.contain("You have no saved cards.");
    expect(button(el.shadowRoot!, "Add a card")).to.equal(undefined);
  });
});
