import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture } from "./fixtures.ts";

const ORDERS = [
  { description: "Single-origin beans", unitAmount: 2400, currency: "EUR", placedAt: "2026-05-01T10:00:00Z" },
  { description: "Kyoto matcha set", unitAmount: 3200, quantity: 2, currency: "JPY", placedAt: "2026-05-03T10:00:00Z" },
];

function shadowText(el: Element): string {
  return el.shadowRoot!.textContent!.replace(/\s+/g, " ");
}

async function settled(el: MyOrders, part: "order" | "empty" | "error" | "session-ended"): Promise<void> {
  await waitUntil(() => el.shadowRoot!.querySelector(`[part~="${part}"]`), `no ${part} rendered`, { timeout: 5000 });
}

describe("<my-orders>", () => {
  it("lists the customer's orders from <billfront-portal>, amounts and dates through Intl", async () => {
    const f = await fixture({ orders: ORDERS });
    const portal = await render(html`<billfront-portal api=${f.api} session=${f.session} locale="en-US"><my-orders></my-orders></billfront-portal>`);
    const el = portal.querySelector("my-orders")!;
    await settled(el, "order");
    const rows = [...el.shadowRoot!.querySelectorAll('[part="order"]')];
    expect(rows).to.have.length(2);
    expect(rows[0]!.textContent).to.contain("2 × Kyoto matcha set").and.contain("¥6,400").and.contain("May 3, 2026");
    expect(rows[1]!.textContent).to.contain("€24.00").and.contain("Paid");
  });

  it("works alone with its own api and session attributes, and fires billfront-orders-loaded", async () => {
    const f = await fixture({ orders: ORDERS.slice(0, 1) });
    const el = document.createElement("my-orders");
    el.setAttribute("api", f.api);
    el.setAttribute("session", f.session);
    el.setAttribute("locale", "de-DE");
    const loaded = oneEvent(document.body, "billfront-orders-loaded");
    document.body.append(el);
    const event = (await loaded) as CustomEvent<{ orders: { number: string }[]; hasMore: boolean }>;
    expect(event.detail.orders).to.have.length(1);
    expect(event.detail.hasMore).to.equal(false);
    await settled(el, "order");
    // The German texts are their own chunk: the list shows in English until it arrives.
    await waitUntil(() => shadowText(el).includes("Bezahlt"), "German texts never arrived");
    expect(shadowText(el)).to.contain("24,00 €").and.contain("Bezahlt").and.contain("Einmalkauf");
    el.remove();
  });

  it("shows a loading state, then an empty state", async () => {
    const f = await fixture();
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    expect(el.shadowRoot!.querySelector('[part="loading"]')?.textContent).to.contain("Loading your orders");
    await settled(el, "empty");
    expect(shadowText(el)).to.contain("You have no orders yet.");
  });

  it("shows a readable error and fires billfront-error for a session the server refuses, with no retry that cannot help", async () => {
    const f = await fixture({ orders: ORDERS });
    const failed = oneEvent(document.body, "billfront-error");
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session="not-a-real-session" locale="en"></my-orders>`);
    const event = (await failed) as CustomEvent<{ code: string; status: number }>;
    expect(event.detail).to.include({ code: "session_invalid", status: 401 });
    await settled(el, "session-ended");
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(alert.textContent).to.contain("We could not confirm who you are");
    expect(el.shadowRoot!.querySelector("button")).to.equal(null);
  });

  it("pages with 'Show more orders'", async () => {
    const f = await fixture({ orders: ORDERS });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} page-size="1" locale="en"></my-orders>`);
    await settled(el, "order");
    expect(el.shadowRoot!.querySelectorAll('[part="order"]')).to.have.length(1);
    const more = [...el.shadowRoot!.querySelectorAll("button")].find((b) => b.textContent!.includes("Show more orders"))!;
    more.click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part="order"]').length === 2, "second page not shown");
    expect([...el.shadowRoot!.querySelectorAll("button")].some((b) => b.textContent!.includes("Show more"))).to.equal(false);
  });

  it("is accessible (axe)", async () => {
    const f = await fixture({ orders: ORDERS });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    await settled(el, "order");
    await expect(el).to.be.accessible();
  });

  it("does not throw when the script is included twice", async () => {
    const before = customElements.get("my-orders");
    // @ts-expect-error the built bundle has no type declarations
    await import("/packages/widgets/dist/billfront.js");
    expect(customElements.get("my-orders")).to.equal(before);
  });
});
