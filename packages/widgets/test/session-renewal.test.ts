import { aTimeout, expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { BillfrontPortal } from "../src/billfront-portal/billfront-portal.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture, mintSession, type Fixture } from "./fixtures.ts";

const ended = (el: Element) => el.shadowRoot?.querySelector('[part="session-ended"]')?.textContent?.trim();
const shown = (el: Element, part: string) => el.shadowRoot?.querySelector(`[part="${part}"]`);

/** A customer with an order, a card and a helpdesk, on a session that lasts `seconds`, waited out. */
async function expiredFixture(seconds = 2): Promise<Fixture> {
  const f = await fixture({ orders: [{ description: "Burr grinder", unitAmount: 12900 }], cards: ["4242424242424242"], departments: [{ name: "General" }], ttlSeconds: seconds });
  await aTimeout(seconds * 1000 + 300);
  return f;
}

/** Every event of these types that reaches the document. */
function record(...types: string[]) {
  const seen: { type: string; detail: unknown }[] = [];
  const listener = (e: Event) => seen.push({ type: e.type, detail: (e as CustomEvent).detail });
  for (const type of types) document.addEventListener(type, listener);
  return { seen, stop: () => types.forEach((type) => document.removeEventListener(type, listener)) };
}

describe("session renewal through fetchSession (issue 11)", () => {
  it("three elements under one portal meet an expired session: fetchSession is called once and every element loads with the new token", async () => {
    const f = await expiredFixture();
    let calls = 0;
    let fresh = "";
    const fetchSession = async () => {
      calls++;
      fresh = await mintSession(f);
      return fresh;
    };
    const events = record("billfront-session-renew", "billfront-session-expired", "billfront-error");
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${f.session} locale="en" .fetchSession=${fetchSession}>
      <my-orders></my-orders>
      <payment-methods></payment-methods>
      <helpdesk-tickets></helpdesk-tickets>
    </billfront-portal>`);
    const [orders, cards, tickets] = [...portal.children];
    await waitUntil(() => shown(orders!, "order") && shown(cards!, "method") && shown(tickets!, "new"), "not every element loaded after the renewal", { timeout: 8000 });
    events.stop();
    expect(calls).to.equal(1);
    expect(portal.session).to.equal(fresh);
    expect(events.seen.map((e) => e.type)).to.deep.equal(["billfront-session-renew"]);
    expect(ended(orders!)).to.equal(undefined);
    // Later requests go out with the new token: opening the order works without another renewal.
    shown(orders!, "open")!.dispatchEvent(new MouseEvent("click"));
    await waitUntil(() => orders!.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector('[part="history"]'), "order details not loaded");
    expect(calls).to.equal(1);
  });

  it("when fetchSession gives nothing, every element says the session expired, in German too, and billfront-session-expired fires once", async () => {
    const f = await expiredFixture(1);
    let calls = 0;
    const events = record("billfront-session-expired");
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${f.session} locale="de" .fetchSession=${async () => (calls++, undefined)}>
      <my-orders></my-orders>
      <payment-methods></payment-methods>
    </billfront-portal>`);
    const [orders, cards] = [...portal.children];
    await waitUntil(() => ended(orders!) && ended(cards!), "the expiry was not shown", { timeout: 8000 });
    events.stop();
    expect(ended(orders!)).to.equal("Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu oder öffnen Sie einen neuen Link des Shops.");
    expect(ended(cards!)).to.equal(ended(orders!));
    expect(calls).to.equal(1);
    expect(events.seen).to.deep.equal([{ type: "billfront-session-expired", detail: { code: "session_expired" } }]);
    await expect(orders).to.be.accessible();
  });

  it("an element on its own renews with its own fetchSession; a failing one leaves the English expiry message", async () => {
    const f = await expiredFixture(1);
    let calls = 0;
    const renewing = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" .fetchSession=${() => (calls++, mintSession(f))}></my-orders>`);
    await waitUntil(() => shown(renewing, "order"), "did not load after renewing", { timeout: 8000 });
    expect(calls).to.equal(1);

    const events = record("billfront-session-expired");
    const failing = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" .fetchSession=${() => Promise.reject(new Error("shop server down"))}></my-orders>`);
    await waitUntil(() => ended(failing), "the expiry was not shown", { timeout: 8000 });
    events.stop();
    expect(ended(failing)).to.equal("Your session has expired. Reload the page or open a new link from the shop.");
    expect(events.seen).to.have.length(1);
  });

  it("logout() ends the session for every element and is never undone by fetchSession; signed-out sessions are not renewed", async () => {
    const f = await fixture({ orders: [{ description: "Kettle", unitAmount: 5900 }], cards: ["4242424242424242"] });
    let calls = 0;
    const fetchSession = async () => (calls++, mintSession(f));
    const portal = await render<BillfrontPortal>(html`<billfront-portal api=${f.api} session=${f.session} locale="en" .fetchSession=${fetchSession}>
      <my-orders></my-orders>
      <payment-methods></payment-methods>
    </billfront-portal>`);
    const [orders, cards] = [...portal.children];
    await waitUntil(() => shown(orders!, "order") && shown(cards!, "method"), "not loaded", { timeout: 8000 });
    const loggedOut = new Promise<CustomEvent>((resolve) => portal.addEventListener("billfront-logout", (e) => resolve(e as CustomEvent), { once: true }));
    await portal.logout();
    expect((await loggedOut).detail).to.deep.equal({ revoked: true });
    await waitUntil(() => ended(orders!) && ended(cards!), "signed-out state not shown");
    expect(ended(orders!)).to.equal("You signed out. Open the billing area again from the shop to continue.");

    // The token is dead on the server too: another element with it is refused, and asks nobody for a new one.
    const late = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="en" .fetchSession=${fetchSession}></my-orders>`);
    await waitUntil(() => ended(late), "signed-out session was not refused", { timeout: 8000 });
    expect(calls).to.equal(0);
  });
});
