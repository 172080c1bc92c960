import { expect, fixture as render, html, oneEvent, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { BillfrontElement, defineWhenUsed } from "../src/base.ts";
import { atEveryWidth } from "./layout.ts";

const alertIn = (el: Element) => el.querySelector<HTMLElement>(':scope > [data-billfront-load-failed][role="alert"]');

// W7 / issue 13: a chunk the server does not have (404) left a blank panel, no message, no event.
describe("a lazy element whose chunk fails to load", () => {
  it("says so in the page's language with a retry, and emits billfront-error chunk_load_failed", async () => {
    // A real failing import in Chromium: the address answers 404.
    const missing = new URL("/packages/widgets/test/no-such-chunk.js", location.href).href;
    defineWhenUsed("billfront-missing-chunk", () => import(/* @vite-ignore */ missing).then((m: { Element: CustomElementConstructor }) => m.Element));
    const host = document.createElement("div");
    const failed = oneEvent(host, "billfront-error");
    host.innerHTML = '<billfront-missing-chunk locale="de"></billfront-missing-chunk>';
    await render(html`<section>${host}</section>`);
    const detail = ((await failed) as CustomEvent<{ code: string; message: string }>).detail;
    expect(detail.code).to.equal("chunk_load_failed");
    const el = host.querySelector("billfront-missing-chunk")!;
    await waitUntil(() => alertIn(el), "no message in the element");
    expect(alertIn(el)!.textContent).to.contain("konnte nicht geladen werden");
    expect(alertIn(el)!.querySelector("button")!.textContent).to.equal("Erneut versuchen");
    await atEveryWidth(host, "chunk failed");

    // The retry asks again; failing again, it offers to reload the page.
    const again = oneEvent(host, "billfront-error");
    alertIn(el)!.querySelector("button")!.click();
    await again;
    await waitUntil(() => alertIn(el)?.querySelector("button")?.textContent === "Seite neu laden", "no reload offered");
    expect(el.querySelectorAll("[data-billfront-load-failed]")).to.have.length(1);
  });

  it("loads on retry once the chunk is there, and the element renders as usual", async () => {
    class Loaded extends BillfrontElement {
      protected override render() {
        return html`<p>loaded</p>`;
      }
    }
    let calls = 0;
    defineWhenUsed("billfront-flaky-chunk", async () => {
      calls++;
      if (calls === 1) throw new TypeError("Failed to fetch dynamically imported module");
      return Loaded;
    });
    const el = await render(html`<billfront-flaky-chunk></billfront-flaky-chunk>`);
    await waitUntil(() => alertIn(el), "no message");
    expect(alertIn(el)!.textContent).to.contain("could not be loaded");
    alertIn(el)!.querySelector("button")!.click();
    await customElements.whenDefined("billfront-flaky-chunk");
    await (el as Loaded).updateComplete;
    expect(alertIn(el)).to.equal(null);
    expect(el.shadowRoot!.textContent).to.contain("loaded");
  });
});
