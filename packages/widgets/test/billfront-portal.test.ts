import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { BillfrontPortal } from "../src/billfront-portal/billfront-portal.ts";
import { fixture } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

describe("<billfront-portal> (P6, W2)", () => {
  it("shows the shop's banner above its elements and passes the portal config on in an event", async () => {
    const f = await fixture({ settings: { bannerMessage: "Die Rösterei ist vom 24. bis 26. Dezember geschlossen.", customTabs: [{ label: { en: "Beans", de: "Bohnen" }, url: "https://northwind.example/beans" }] } });
    const el = document.createElement("billfront-portal") as BillfrontPortal;
    const loaded = oneEvent(el, "billfront-portal-config-loaded");
    el.api = f.api;
    el.session = f.session;
    el.locale = "de-DE";
    el.innerHTML = "<my-orders></my-orders>";
    await render(html`<div>${el}</div>`);
    const { detail } = (await loaded) as CustomEvent;
    expect(detail.config.custom_tabs).to.deep.equal([{ label: "Bohnen", url: "https://northwind.example/beans" }]);
    // German texts are their own chunk: the label turns German once it has arrived.
    await waitUntil(() => el.shadowRoot!.querySelector('[part="banner"]')?.getAttribute("aria-label") === "Mitteilung des Shops", "no German banner");
    const banner = el.shadowRoot!.querySelector('[part="banner"]')!;
    expect([banner.textContent, banner.getAttribute("aria-label")]).to.deep.equal(["Die Rösterei ist vom 24. bis 26. Dezember geschlossen.", "Mitteilung des Shops"]);
    await expect(el).to.be.accessible();
    await atEveryWidth(el, "banner");
  });

  it("shows no banner when the shop has none", async () => {
    const f = await fixture();
    const el = document.createElement("billfront-portal") as BillfrontPortal;
    const loaded = oneEvent(el, "billfront-portal-config-loaded");
    el.api = f.api;
    el.session = f.session;
    await render(html`<div>${el}</div>`);
    expect(((await loaded) as CustomEvent).detail.config.banner_message).to.equal(null);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="banner"]')).to.equal(null);
  });

  it("passes theme=dark to every element inside: their colour scheme is dark and their colours are the dark ones (W2)", async () => {
    const f = await fixture({ orders: [{ description: "Burr grinder", unitAmount: 8900 }] });
    const el = document.createElement("billfront-portal") as BillfrontPortal;
    el.setAttribute("theme", "dark");
    el.api = f.api;
    el.session = f.session;
    el.locale = "en";
    el.innerHTML = "<my-orders></my-orders><helpdesk-tickets></helpdesk-tickets>";
    await render(html`<div>${el}</div>`);
    const orders = el.querySelector("my-orders")!;
    const tickets = el.querySelector("helpdesk-tickets")!;
    await waitUntil(() => orders.shadowRoot?.querySelector('[part="order"]'), "orders not shown");
    await waitUntil(() => tickets.shadowRoot?.querySelector('[part="new"]'), "tickets not shown");
    expect(getComputedStyle(el).colorScheme).to.equal("dark");
    expect(getComputedStyle(orders).colorScheme).to.equal("dark");
    // The element's text is the dark scheme's (light-dark() resolved in the inherited scheme), on the portal's dark background.
    expect(getComputedStyle(tickets).colorScheme).to.equal("dark");
    expect(getComputedStyle(tickets).color).to.equal("rgb(232, 234, 237)");
    expect(getComputedStyle(el).backgroundColor).to.equal("rgb(39, 44, 51)");
    await atEveryWidth(el, "dark portal");
    el.setAttribute("theme", "light");
    await el.updateComplete;
    expect(getComputedStyle(orders).colorScheme).to.equal("light");
    expect(getComputedStyle(tickets).color).to.equal("rgb(27, 31, 36)");
  });
});
