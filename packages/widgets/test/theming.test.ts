import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { fixture } from "./fixtures.ts";

/**
 * Theming (W2, issue 13) across every element: tokens set on `:root`, on
 * `<billfront-portal>` or on the element itself reach the element's cards and
 * buttons (Billfront declares no `--billfront-*` of its own, so nothing hides
 * them), and `theme="dark"` on the portal darkens everything inside it.
 * The card-form iframe has its own test (theming-cards.test.ts).
 */
const TAGS = ["my-orders", "payment-methods", "helpdesk-tickets", "account-details", "billfront-plans", "shop-review"] as const;
const SURFACE = "rgb(250, 240, 200)";
const ACCENT = "rgb(120, 20, 160)";
const FONT = "Georgia, serif";

async function portal(attrs = "") {
  const f = await fixture({
    orders: [{ description: "Beans", unitAmount: 2400 }],
    cards: ["4242424242424242"],
    departments: [{ name: "General" }],
    settings: { newSubscriptions: true, shopReviews: true },
    plans: [{ product: "Coffee club", prices: [{ name: "Monthly", amount: 1500 }] }],
  });
  const el = await render<HTMLElement>(html`<billfront-portal api=${f.api} session=${f.session} locale="en">
    ${TAGS.map((tag) => html`${tagOf(tag)}`)}
  </billfront-portal>`);
  if (attrs) el.setAttribute("theme", attrs);
  for (const tag of TAGS) await customElements.whenDefined(tag);
  // Every element has drawn its first card (or, for the review form, a field) once the data arrived.
  await waitUntil(() => TAGS.every((tag) => first(el.querySelector(tag)!)), "not every element rendered a card", { timeout: 15000 });
  return el;
}

/** Static tags cannot be interpolated in Lit; each element is made here. */
function tagOf(tag: string): HTMLElement {
  return document.createElement(tag);
}

/** The element's first themed surface: a card, else a primary button. */
function first(el: Element): HTMLElement | null {
  return el.shadowRoot?.querySelector<HTMLElement>(".card, button.primary") ?? null;
}
const surfaceOf = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>(".card");
const primaryOf = (el: Element) => el.shadowRoot!.querySelector<HTMLElement>("button.primary");

describe("theming every element (W2)", () => {
  afterEach(() => {
    for (const token of ["--billfront-surface", "--billfront-accent", "--billfront-font"]) document.documentElement.style.removeProperty(token);
  });

  it("tokens on :root reach every element's cards, buttons and text", async () => {
    const root = document.documentElement.style;
    root.setProperty("--billfront-surface", SURFACE);
    root.setProperty("--billfront-accent", ACCENT);
    root.setProperty("--billfront-font", FONT);
    const el = await portal();
    for (const tag of TAGS) {
      const host = el.querySelector(tag)!;
      expect(getComputedStyle(host).fontFamily, `${tag} font`).to.equal(FONT);
      const card = surfaceOf(host);
      if (card) expect(getComputedStyle(card).backgroundColor, `${tag} card`).to.equal(SURFACE);
      const primary = primaryOf(host);
      if (primary) expect(getComputedStyle(primary).backgroundColor, `${tag} primary button`).to.equal(ACCENT);
      expect(card ?? primary, `${tag} has a card or a primary button to theme`).to.not.equal(null);
    }
  });

  it("tokens on <billfront-portal> reach everything inside; a token on one element wins there only", async () => {
    const el = await portal();
    el.style.setProperty("--billfront-surface", SURFACE);
    const orders = el.querySelector("payment-methods")! as HTMLElement;
    orders.style.setProperty("--billfront-surface", "rgb(1, 2, 3)");
    for (const tag of TAGS) {
      const card = surfaceOf(el.querySelector(tag)!);
      if (!card) continue;
      expect(getComputedStyle(card).backgroundColor, `${tag} card`).to.equal(tag === "payment-methods" ? "rgb(1, 2, 3)" : SURFACE);
    }
  });

  it('theme="dark" on the portal darkens every element inside, and the page\'s own color-scheme is followed without it', async () => {
    const el = await portal("dark");
    const luminance = (rgb: string) => {
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    for (const tag of TAGS) {
      const card = surfaceOf(el.querySelector(tag)!);
      if (!card) continue;
      expect(luminance(getComputedStyle(card).backgroundColor), `${tag} card is dark`).to.be.below(80);
      expect(luminance(getComputedStyle(card).color), `${tag} text is light`).to.be.above(150);
    }
    el.removeAttribute("theme");
    document.documentElement.style.colorScheme = "dark";
    try {
      for (const tag of TAGS) {
        const card = surfaceOf(el.querySelector(tag)!);
        if (card) expect(luminance(getComputedStyle(card).backgroundColor), `${tag} follows the page`).to.be.below(80);
      }
    } finally {
      document.documentElement.style.colorScheme = "";
    }
  });
});
