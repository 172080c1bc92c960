import { expect, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { fixture } from "./fixtures.ts";

/**
 * A merchant's own component that renders the Billfront elements inside its
 * shadow root (closed, as many design systems make them). The lazily defined
 * elements (W7) must be found there too, not only in the document.
 */
class MerchantAccount extends HTMLElement {
  readonly root = this.attachShadow({ mode: "closed" });
  show(api: string, session: string) {
    this.root.innerHTML = `<billfront-portal api="${api}" session="${session}" locale="en">
      <my-orders></my-orders><payment-methods></payment-methods><helpdesk-tickets></helpdesk-tickets><account-details></account-details>
    </billfront-portal>`;
  }
}
customElements.define("merchant-account", MerchantAccount);

const LAZY = ["payment-methods", "helpdesk-tickets", "account-details"];

describe("Billfront elements inside a merchant component's shadow root", () => {
  it("defines and renders every element there, the lazy chunks included", async () => {
    for (const tag of LAZY) expect(customElements.get(tag), `${tag} defined before use`).to.equal(undefined);
    const f = await fixture({ orders: [{ description: "Burr grinder", unitAmount: 12900 }], departments: [{ name: "General" }] });
    const host = document.createElement("merchant-account") as MerchantAccount;
    document.body.append(host);
    host.show(f.api, f.session);

    const el = (tag: string) => host.root.querySelector(tag)!;
    const shows = (tag: string, selector: string) => waitUntil(() => el(tag).shadowRoot?.querySelector(selector), `<${tag}> did not render ${selector}`, { timeout: 8000 });
    await shows("my-orders", '[part="order"]');
    expect(el("my-orders").shadowRoot!.textContent).to.contain("Burr grinder");
    await shows("payment-methods", '[part="empty"]');
    expect(el("payment-methods").shadowRoot!.textContent).to.contain("You have no saved cards.");
    await shows("helpdesk-tickets", '[part="empty"]');
    expect(el("helpdesk-tickets").shadowRoot!.textContent).to.contain("You have no support tickets.");
    await shows("account-details", '[part="fields"]');
    expect(el("account-details").shadowRoot!.textContent).to.contain("customer@example.com");
    for (const tag of LAZY) expect(el(tag)).to.be.instanceOf(customElements.get(tag)!);
    host.remove();
  });
});
