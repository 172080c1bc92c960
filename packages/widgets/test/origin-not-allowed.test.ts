import { expect, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import type { HelpdeskTickets } from "../src/helpdesk-tickets/helpdesk-tickets.ts";
import { fixture, mount } from "./fixtures.ts";
import { atEveryWidth } from "./layout.ts";

// P5 / issue 13: a page the merchant did not allow was told "check your connection".
describe("a widget on an origin the merchant did not allow (P5)", () => {
  it("names the shop and the origin to add when the browser refuses the answer (CORS), with code origin_not_allowed", async () => {
    // This merchant allows only this test page's own origin; the frame runs on 127.0.0.1 instead, which no merchant allows.
    const f = await fixture();
    const elsewhere = new URL(location.href);
    elsewhere.hostname = elsewhere.hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
    elsewhere.pathname = "/packages/widgets/test/origin-frame.html";
    elsewhere.hash = new URLSearchParams({ api: f.api, session: f.session }).toString();
    const frame = document.createElement("iframe");
    const answer = new Promise<{ origin: string; code: string; message: string; shown: string }>((resolve) =>
      window.addEventListener("message", (e) => e.source === frame.contentWindow && resolve(e.data), { once: false }),
    );
    frame.src = elsewhere.href;
    frame.title = "A page the merchant did not allow";
    document.body.append(frame);
    try {
      const seen = await answer;
      expect(seen.code).to.equal("origin_not_allowed");
      expect(seen.message).to.equal(`This website is not allowed to show Test Shop billing: the shop must add ${seen.origin} to its allowed origins.`);
      expect(seen.shown).to.contain(seen.message).and.not.contain("Check your connection");
    } finally {
      frame.remove();
    }
  });

  it("says the same when the API refuses the origin itself (another shop allows it)", async () => {
    // The page's origin is known (the first fixture allows it), so CORS passes and the API answers 403 for this shop.
    await fixture();
    const f = await fixture({ origin: "https://shop.example" } as Parameters<typeof fixture>[0]);
    const failed = new Promise<CustomEvent>((resolve) => document.addEventListener("billfront-error", (e) => resolve(e as CustomEvent), { once: true }));
    const el = await mount<HelpdeskTickets>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    const { detail } = await failed;
    expect(detail.code).to.equal("origin_not_allowed");
    await waitUntil(() => el.shadowRoot!.querySelector('[part="error"]'), "no error shown");
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain(`the shop must add ${location.origin} to its allowed origins`);
    await atEveryWidth(el, "origin not allowed");
  });
});
