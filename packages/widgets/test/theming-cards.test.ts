import { expect, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { PaymentMethods } from "../src/payment-methods/payment-methods.ts";
import { cardFormStyle, inCardForm } from "./card-frame.ts";
import { fixture, mount } from "./fixtures.ts";

const TOKENS = { "--billfront-accent": "#c81e5a", "--billfront-radius": "14px", "--billfront-font": "Georgia, serif" };
const ACCENT = "rgb(200, 30, 90)";

/** Opens the card form and waits until it has loaded and sized its frame. */
async function openForm(el: PaymentMethods): Promise<void> {
  const add = [...el.shadowRoot!.querySelectorAll("button")].find((b) => b.textContent!.trim() === "Add a card" || b.getAttribute("part") === "add")!;
  add.click();
  await waitUntil(() => el.shadowRoot!.querySelector<HTMLIFrameElement>('iframe[part="card-form"]')?.style.height, "card form never loaded", { timeout: 8000 });
}

describe("theming reaches <payment-methods> and its card form iframe (W2, issue 13)", () => {
  afterEach(() => {
    for (const name of Object.keys(TOKENS)) document.documentElement.style.removeProperty(name);
  });

  it("applies --billfront-accent, --billfront-radius and --billfront-font set on :root inside the element and inside the card form", async () => {
    for (const [name, value] of Object.entries(TOKENS)) document.documentElement.style.setProperty(name, value);
    const f = await fixture({ cards: ["4242424242424242"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="method"]'), "cards not loaded");
    const add = getComputedStyle(el.shadowRoot!.querySelector('[part="add"]')!);
    expect(add.backgroundColor).to.equal(ACCENT);
    expect(getComputedStyle(el.shadowRoot!.querySelector('[part="method"]')!).borderTopLeftRadius).to.equal("14px");
    expect(getComputedStyle(el).fontFamily).to.equal("Georgia, serif");

    await openForm(el);
    const submit = await cardFormStyle("#submit", ["background-color", "border-top-left-radius", "font-family"]);
    expect(submit).to.deep.equal({ "background-color": ACCENT, "border-top-left-radius": "14px", "font-family": "Georgia, serif" });
    const input = await cardFormStyle("#number", ["border-top-left-radius"]);
    // Inputs are rounded at three quarters of the radius, as in the element.
    expect(input["border-top-left-radius"]).to.equal("10.5px");
  });

  it("takes the element's dark theme into the card form", async () => {
    const f = await fixture({ cards: ["4242424242424242"] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en" theme="dark"></payment-methods>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part="method"]'), "cards not loaded");
    const text = getComputedStyle(el.shadowRoot!.querySelector('[part="method"]')!).color;
    const accent = getComputedStyle(el.shadowRoot!.querySelector('[part="add"]')!).backgroundColor;
    await openForm(el);
    const root = await cardFormStyle(":root", ["color-scheme"]);
    expect(root["color-scheme"]).to.equal("dark");
    const body = await cardFormStyle("label[for=number]", ["color"]);
    expect(body.color).to.equal(text);
    expect((await cardFormStyle("#submit", ["background-color"]))["background-color"]).to.equal(accent);

    // Switching back to light loads the form again in the light look.
    el.theme = "light";
    await waitUntil(async () => (await cardFormStyle(":root", ["color-scheme"]))["color-scheme"] === "light", "form stayed dark", { timeout: 8000 });
  });

  it("speaks the element's language: locale=fr gives a French card form, locale=es a Spanish one", async () => {
    const f = await fixture({ cards: ["4242424242424242"] });
    for (const [locale, words] of [
      ["fr", { lang: "fr", number: "Numéro de carte", submit: "Enregistrer la carte" }],
      ["es", { lang: "es", number: "Número de tarjeta", submit: "Guardar tarjeta" }],
    ] as const) {
      const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale=${locale}></payment-methods>`);
      await waitUntil(() => el.shadowRoot!.querySelector('[part="method"]'), "cards not loaded");
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part="add"]')!.click();
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLIFrameElement>("iframe")?.style.height, "card form never loaded", { timeout: 8000 });
      const seen = await inCardForm<{ lang: string; number: string; submit: string }>(`() => ({
        lang: document.documentElement.lang,
        number: document.querySelector("label[for=number]").textContent,
        submit: document.getElementById("submit").textContent,
      })`);
      expect(seen).to.deep.equal(words);
      el.remove();
    }
  });
});
