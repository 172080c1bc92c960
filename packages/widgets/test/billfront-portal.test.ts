import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { BillfrontPortal } from "../src/billfront-portal/billfront-portal.ts";
import { fixture } from "./fixtures.ts";

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
    await waitUntil(() => el.shadowRoot!.querySelector('[part="banner"]'), "no banner");
    const banner = el.shadowRoot!.querySelector('[part="banner"]')!;
    expect([banner.textContent, banner.getAttribute("aria-label")]).to.deep.equal(["Die Rösterei ist vom 24. bis 26. Dezember geschlossen.", "Mitteilung des Shops"]);
    await expect(el).to.be.accessible();
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
});
