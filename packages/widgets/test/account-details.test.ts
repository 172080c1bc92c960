import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import { sendKeys, setViewport } from "@web/test-runner-commands";
import "../src/index.ts";
import type { AccountDetails } from "../src/account-details/account-details.ts";
import { fixture, lastEmail, screenshot } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

/** Screenshots at 1280 and 360 px (only with BILLFRONT_SCREENSHOTS set). */
async function shots(name: string): Promise<void> {
  for (const width of [1280, 360]) {
    await setViewport({ width, height: 800 });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    await screenshot(`${name}-${width}`);
  }
  await setViewport({ width: 800, height: 600 });
}

const root = (el: AccountDetails) => el.shadowRoot!;
const $ = <T extends Element = HTMLElement>(el: AccountDetails, selector: string) => root(el).querySelector<T>(selector);
const button = (el: AccountDetails, text: string) => [...root(el).querySelectorAll("button")].find((b) => b.textContent!.trim() === text)!;
const loaded = (el: AccountDetails) => waitUntil(() => $(el, '[part="fields"]') || $(el, '[part="empty"]') || $(el, '[part="error"]'), "account not loaded", { timeout: 5000 });
const focused = (el: AccountDetails) => root(el).activeElement as HTMLElement | null;
const text = (node: Element | null) => node?.textContent!.replace(/\s+/g, " ").trim() ?? "";
/** What a list entry says, label and value. */
const entries = (el: AccountDetails) => [...root(el).querySelectorAll("dt")].map((dt) => `${text(dt)}: ${text(dt.nextElementSibling)}`);

async function mount(settings?: Record<string, unknown>, locale = "en") {
  const f = await fixture(settings ? { settings } : {});
  const el = await render<AccountDetails>(html`<account-details api=${f.api} session=${f.session} locale=${locale}></account-details>`);
  await waitUntil(() => customElements.get("account-details"), "element not loaded");
  await loaded(el);
  return { f, el };
}

async function fill(el: AccountDetails, id: string, value: string) {
  const input = $<HTMLInputElement | HTMLSelectElement>(el, `#${id}`)!;
  input.value = value;
  input.dispatchEvent(new Event("input"));
}

describe("<account-details> (A3)", () => {
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it("shows the fields the shop allows: hidden ones absent, read-only ones as text without an input", async () => {
    const { el } = await mount({ customerFields: { phone: "hidden", name: "read_only", billingAddress: "mandatory" } });
    expect(entries(el)).to.deep.equal(["Name: Test Customer", "E-mail address: customer@example.com", "Billing address: Not given", "Tax ID: Not given"]);
    expect(text(root(el) as unknown as Element)).not.to.contain("Phone");
    await expect(el).to.be.accessible();
    button(el, "Edit details").click();
    await el.updateComplete;
    expect($(el, "#f-name")).to.equal(null);
    expect($(el, "#f-phone")).to.equal(null);
    expect(text($(el, '[part="form"] .field'))).to.equal("Name Test Customer Cannot be changed here");
    expect($<HTMLInputElement>(el, "#f-email")!.required).to.equal(true);
    expect(text($(el, 'label[for="f-email"]'))).to.equal("E-mail address*");
    // The parts the API says an address needs carry the marker; the others do not.
    expect(text($(el, 'label[for="f-billing_address-line1"]'))).to.equal("Street and number*");
    expect(text($(el, 'label[for="f-billing_address-line2"]'))).to.equal("Address line 2");
    expect(text($(el, 'label[for="f-billing_address-country"]'))).to.equal("Country*");
    await expect(el).to.be.accessible();
  });

  it("is edited and saved by keyboard alone, and fires billfront-account-update", async () => {
    const { el } = await mount();
    button(el, "Edit details").focus();
    await sendKeys({ press: "Enter" });
    await waitUntil(() => focused(el)?.id === "f-name", "first input not focused");
    await sendKeys({ down: "Control" });
    await sendKeys({ press: "KeyA" });
    await sendKeys({ up: "Control" });
    await sendKeys({ type: "Ada Lovelace" });
    await sendKeys({ press: "Tab" }); // e-mail
    await sendKeys({ press: "Tab" }); // phone
    expect(focused(el)?.id).to.equal("f-phone");
    await sendKeys({ type: "+49 30 1234567" });
    await sendKeys({ press: "Tab" });
    expect(focused(el)?.id).to.equal("f-billing_address-line1");
    await sendKeys({ type: "Hauptstraße 1" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "10115" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ type: "Berlin" });
    await sendKeys({ press: "Tab" });
    await sendKeys({ press: "Tab" });
    expect(focused(el)?.id).to.equal("f-billing_address-country");
    await fill(el, "f-billing_address-country", "DE");
    await fill(el, "f-tax_id-type", "eu_vat");
    $(el, "#f-tax_id-value")!.focus();
    await sendKeys({ type: "DE 123 456 789" });
    const saved = oneEvent(el, "billfront-account-update");
    await sendKeys({ press: "Enter" });
    const detail = ((await saved) as CustomEvent).detail;
    expect(detail.fields).to.deep.equal(["name", "phone", "billing_address", "tax_id"]);
    expect(detail.pendingEmail).to.equal(null);
    await waitUntil(() => $(el, '[part="fields"]'), "not back to the details");
    expect(entries(el)).to.deep.equal([
      "Name: Ada Lovelace",
      "E-mail address: customer@example.com",
      "Phone: +49 30 1234567",
      "Billing address: Hauptstraße 1 10115 Berlin Germany",
      "Tax ID: DE123456789 (EU VAT number)",
    ]);
    expect(text($(el, '[part="notice"]'))).to.equal("Your details were saved.");
    expect(focused(el)).to.equal($(el, '[part="edit"]'));
  });

  it("shows the API's refusals beside each field, focuses the first, and saves nothing", async () => {
    const { el } = await mount({ customerFields: { phone: "mandatory", name: "mandatory" } });
    button(el, "Edit details").click();
    await el.updateComplete;
    expect(text($(el, 'label[for="f-phone"]'))).to.equal("Phone*");
    await fill(el, "f-phone", "call me");
    await fill(el, "f-billing_address-line1", "Hauptstraße 1");
    await fill(el, "f-tax_id-type", "eu_vat");
    await fill(el, "f-tax_id-value", "DE1");
    const failed = oneEvent(el, "billfront-error");
    button(el, "Save").click();
    expect(((await failed) as CustomEvent).detail).to.include({ code: "validation_failed", status: 422 });
    await waitUntil(() => $(el, '[aria-invalid="true"]'), "no field marked");
    const invalid = [...root(el).querySelectorAll('[aria-invalid="true"]')].map((i) => i.id);
    expect(invalid).to.deep.equal(["f-phone", "f-billing_address-city", "f-billing_address-country", "f-tax_id-value"]);
    expect(text($(el, "#f-phone-error"))).to.equal("Enter a phone number with 7 to 15 digits, such as +44 20 7946 0000.");
    expect($(el, "#f-phone")!.getAttribute("aria-describedby")).to.equal("f-phone-error");
    expect(text($(el, "#f-billing_address-city-error"))).to.equal("Please fill this in.");
    expect(text($(el, "#form-error"))).to.equal("Please check the marked fields.");
    await waitUntil(() => focused(el)?.id === "f-phone", "first refused field not focused");
    await expect(el).to.be.accessible();
    // Clearing the mandatory name is refused as required.
    await fill(el, "f-phone", "");
    await fill(el, "f-name", "");
    await fill(el, "f-billing_address-line1", "");
    await fill(el, "f-tax_id-type", "");
    await fill(el, "f-tax_id-value", "");
    button(el, "Save").click();
    await waitUntil(() => text($(el, "#f-name-error")) === "Please fill this in.", "required not shown");
    expect(text($(el, "#form-error"))).to.equal("Please check the marked fields.");
    button(el, "Cancel").click();
    await el.updateComplete;
    expect(entries(el).slice(0, 3)).to.deep.equal(["Name: Test Customer", "E-mail address: customer@example.com", "Phone: Not given"]);
  });

  it("changes the e-mail address only after the code sent to the new address is typed in", async () => {
    const { f, el } = await mount();
    button(el, "Edit details").click();
    await el.updateComplete;
    await fill(el, "f-email", "ada@new.example");
    const saved = oneEvent(el, "billfront-account-update");
    button(el, "Save").click();
    expect(((await saved) as CustomEvent).detail.pendingEmail).to.equal("ada@new.example");
    await waitUntil(() => $(el, '[part="email-confirm"]'), "no confirmation step");
    expect(entries(el)[1]).to.equal("E-mail address: customer@example.com");
    expect(text($(el, '[part="email-confirm"] p'))).to.contain("We sent a 6-digit code to ada@new.example").and.contain("customer@example.com");
    await waitUntil(() => focused(el)?.id === "email-code", "code input not focused");
    await expect(el).to.be.accessible();

    const mail = await lastEmail(f.merchantId, "ada@new.example", "email_change_code");
    const code = /\n(\d{6})\n/.exec(mail!.body)![1]!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await sendKeys({ type: wrong });
    await sendKeys({ press: "Enter" });
    await waitUntil(() => $(el, "#email-code-error"), "wrong code not refused");
    expect(text($(el, "#email-code-error"))).to.equal("That is not the code we sent. 4 tries left.");
    expect($(el, "#email-code")!.getAttribute("aria-invalid")).to.equal("true");
    await expect(el).to.be.accessible();

    const input = $<HTMLInputElement>(el, "#email-code")!;
    input.value = code;
    const confirmed = oneEvent(el, "billfront-email-change-confirm");
    button(el, "Confirm").click();
    expect(((await confirmed) as CustomEvent).detail).to.deep.equal({ email: "ada@new.example", previousEmail: "customer@example.com" });
    await waitUntil(() => !$(el, '[part="email-confirm"]'), "confirmation step still shown");
    expect(entries(el)[1]).to.equal("E-mail address: ada@new.example");
    expect(text($(el, '[part="notice"]'))).to.equal("Your e-mail address is now ada@new.example.");
  });

  it("keeps the current address when asked, and says when a new code must wait", async () => {
    const { el } = await mount();
    button(el, "Edit details").click();
    await el.updateComplete;
    await fill(el, "f-email", "ada@new.example");
    button(el, "Save").click();
    await waitUntil(() => $(el, '[part="email-confirm"]'), "no confirmation step");
    button(el, "Send a new code").click();
    await waitUntil(() => $(el, "#email-code-error"), "resend pause not shown");
    expect(text($(el, "#email-code-error"))).to.match(/^A code was sent a moment ago\. You can ask for another in \d+ seconds\.$/);
    button(el, "Keep my current address").click();
    await waitUntil(() => !$(el, '[part="email-confirm"]'), "change not dropped");
    expect(text($(el, '[part="notice"]'))).to.equal("Your e-mail address stays as it is.");
  });

  it("speaks German", async () => {
    const { el } = await mount({ customerFields: { taxId: "read_only" } }, "de");
    // The German texts are their own chunk: the element shows English until it arrives.
    await waitUntil(() => text($(el, "h3")) === "Kontodaten", "German texts never arrived");
    expect(entries(el)).to.deep.equal(["Name: Test Customer", "E-Mail-Adresse: customer@example.com", "Telefon: Keine Angabe", "Rechnungsadresse: Keine Angabe", "Steuernummer: Keine Angabe"]);
    button(el, "Daten bearbeiten").click();
    await el.updateComplete;
    expect(text($(el, 'label[for="f-billing_address-country"]'))).to.equal("Land");
    expect($<HTMLSelectElement>(el, "#f-billing_address-country")!.options[0]!.textContent).to.equal("Land auswählen");
    expect([...$<HTMLSelectElement>(el, "#f-billing_address-country")!.options].find((o) => o.value === "DE")!.textContent).to.equal("Deutschland");
    await expect(el).to.be.accessible();
  });

  it("shows loading, then an error with a way to try again when the session is not accepted", async () => {
    const f = await fixture();
    const el = await render<AccountDetails>(html`<account-details api=${f.api} session="not-a-session" locale="en"></account-details>`);
    await waitUntil(() => customElements.get("account-details"), "element not loaded");
    await waitUntil(() => $(el, '[part="error"]'), "no error state");
    expect(text($(el, '[part="error"] p'))).to.equal("We could not confirm who you are. Open a new link from the shop.");
    expect(button(el, "Try again")).to.exist;
    await expect(el).to.be.accessible();
  });

  it("says so when the shop shows no fields at all", async () => {
    const { el } = await mount({ customerFields: { name: "hidden", email: "hidden", phone: "hidden", billingAddress: "hidden", taxId: "hidden" } });
    expect(text($(el, '[part="empty"]'))).to.equal("There are no account details to show here.");
  });

  it("fits 1280, 360 and 320 px without horizontal scrolling and is axe-clean, showing, editing, confirming and refused", async () => {
    const { el } = await mount();
    await atEveryWidth(el, "details");
    await shots("account-details");
    button(el, "Edit details").click();
    await el.updateComplete;
    await atEveryWidth(el, "edit form");
    await fill(el, "f-email", "a.very.long.address.for.a.narrow.screen@example.com");
    button(el, "Save").click();
    await waitUntil(() => $(el, '[part="email-confirm"]'), "no confirmation step");
    await atEveryWidth(el, "e-mail confirmation");
    button(el, "Edit details").click();
    await el.updateComplete;
    await fill(el, "f-phone", "x");
    button(el, "Save").click();
    await waitUntil(() => $(el, "#f-phone-error"), "no field error");
    await atEveryWidth(el, "refused field");
    await shots("account-details-edit");
  });

  it("takes theme=dark (W2)", async () => {
    const f = await fixture();
    const el = await render<AccountDetails>(html`<account-details theme="dark" style="background:#1e2228" api=${f.api} session=${f.session} locale="en"></account-details>`);
    await waitUntil(() => customElements.get("account-details"), "element not loaded");
    await loaded(el);
    expect(getComputedStyle(el).colorScheme).to.equal("dark");
    await atEveryWidth(el, "dark");
    await shots("account-details-dark");
  });
});
