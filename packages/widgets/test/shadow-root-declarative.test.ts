import { expect, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { fixture } from "./fixtures.ts";

describe("Billfront elements in a declarative shadow root", () => {
  it("loads <helpdesk-tickets> placed beside <billfront-portal> in server-rendered shadow DOM", async () => {
    expect(customElements.get("helpdesk-tickets")).to.equal(undefined);
    const f = await fixture({ departments: [{ name: "General" }] });
    // Server-rendered markup: the shadow root is made by the parser, not by attachShadow.
    const page = document.createElement("div");
    page.setHTMLUnsafe(`<section><template shadowrootmode="open"><billfront-portal api="${f.api}" session="${f.session}" locale="en"><helpdesk-tickets></helpdesk-tickets></billfront-portal></template></section>`);
    document.body.append(page);
    const host = page.querySelector("section")!;
    expect(host.shadowRoot, "declarative shadow root").to.not.equal(null);
    const tickets = host.shadowRoot!.querySelector("helpdesk-tickets")!;
    await waitUntil(() => tickets.shadowRoot?.querySelector('[part="empty"]'), "<helpdesk-tickets> never rendered", { timeout: 8000 });
    expect(tickets.shadowRoot!.textContent).to.contain("You have no support tickets.");
    page.remove();
  });
});
