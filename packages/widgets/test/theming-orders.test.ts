import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture } from "./fixtures.ts";

/**
 * Theming (W2, issue 13): a merchant's tokens on `:root` reach every element
 * of <my-orders>, nested ones too (nothing redeclares `--billfront-*` on a
 * `:host`), and `theme="dark"` switches the colour scheme of all of them.
 */
const ACCENT = "rgb(200, 0, 100)";
const COFFEE = { product: "Coffee club", plan: { name: "Monthly", amount: 1500 } };

describe("theming <my-orders> (W2)", () => {
  afterEach(() => document.documentElement.style.removeProperty("--billfront-accent"));

  it("takes --billfront-accent from :root into primary buttons of my-orders, the order details and the subscription panel", async () => {
    document.documentElement.style.setProperty("--billfront-accent", ACCENT);
    const f = await fixture({
      cards: ["4242424242424242"],
      subscriptions: [{ ...COFFEE, switchTo: [{ name: "Plus", amount: 2500 }] }],
      orders: [
        { description: "Filters", unitAmount: 500, attempts: ["declined"] },
        { description: "Kettle", unitAmount: 5900, attempts: ["declined"] },
      ],
      settings: { changePlan: "either" },
    });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    const payAll = await waitUntil(() => el.shadowRoot!.querySelector<HTMLElement>('[part="pay-all"] button.primary'), "no pay-all", { timeout: 8000 }).then(
      () => el.shadowRoot!.querySelector<HTMLElement>('[part="pay-all"] button.primary')!,
    );
    expect(getComputedStyle(payAll).backgroundColor).to.equal(ACCENT);

    // Newest first: the subscription's order, then the kettle with an open invoice, whose Pay button is primary.
    const opens = el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="open"]');
    opens[1]!.click();
    const details = () => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot;
    await waitUntil(() => details()?.querySelector('[part="pay"]'), "no Pay button", { timeout: 8000 });
    expect(getComputedStyle(details()!.querySelector('[part="pay"]')!).backgroundColor).to.equal(ACCENT);

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="back"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelector('[part="open"]'), "list not back");
    el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="open"]')[0]!.click();
    const panel = () => details()?.querySelector("billfront-subscription-panel")?.shadowRoot;
    await waitUntil(() => panel()?.querySelector('[part="actions"] button.primary'), "no primary action in the plan card", { timeout: 8000 });
    expect(getComputedStyle(panel()!.querySelector('[part="actions"] button.primary')!).backgroundColor).to.equal(ACCENT);
  });

  it('theme="dark" on my-orders darkens the cards, nested elements included; "light" keeps them white', async () => {
    const f = await fixture({ subscriptions: [COFFEE] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" theme="light"></my-orders>`);
    await waitUntil(() => el.shadowRoot!.querySelector(".card"), "no card", { timeout: 8000 });
    const card = () => el.shadowRoot!.querySelector<HTMLElement>(".card")!;
    expect(getComputedStyle(card()).backgroundColor).to.equal("rgb(255, 255, 255)");
    el.setAttribute("theme", "dark");
    await el.updateComplete;
    const dark = getComputedStyle(card()).backgroundColor;
    expect(dark).not.to.equal("rgb(255, 255, 255)");

    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
    const planCard = () => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector("billfront-subscription-panel")?.shadowRoot?.querySelector<HTMLElement>('[part="summary"]');
    await waitUntil(() => planCard(), "no plan card", { timeout: 8000 });
    expect(getComputedStyle(planCard()!).backgroundColor).to.equal(dark);
  });
});
