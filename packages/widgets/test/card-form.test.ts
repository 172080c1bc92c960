import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import { fillCard, inCardForm } from "./card-frame.ts";
import { fixture } from "./fixtures.ts";

/** The card form as the hosted checkout frames it: paying now (context=payment), in this page. */
async function payingForm(): Promise<{ frame: HTMLIFrameElement; messages: MessageEvent[] }> {
  const f = await fixture();
  const url = new URL("/card-form", f.api);
  url.search = new URLSearchParams({ merchant: f.merchantId, origin: location.origin, context: "payment", locale: "en" }).toString();
  url.hash = new URLSearchParams({ session: f.session }).toString();
  const messages: MessageEvent[] = [];
  addEventListener("message", (e) => e.origin === new URL(f.api).origin && messages.push(e));
  const frame = await render<HTMLIFrameElement>(html`<iframe title="Card details" src=${url.toString()}></iframe>`);
  await waitUntil(() => messages.some((m) => m.data?.type === "billfront:card-form-ready"), "card form not ready", { timeout: 8000 });
  return { frame, messages };
}

describe("the card form when it pays (R1, O7, issue 13)", () => {
  it("says Pay now, not Save card, while paying", async () => {
    await payingForm();
    expect(await inCardForm(`() => document.getElementById("submit").textContent`)).to.equal("Pay now");
    // The keep-this-card checkbox has its own id and its label.
    expect(await inCardForm(`() => [document.querySelectorAll("#submit").length, document.getElementById("keep-card").closest("label").textContent.trim()]`)).to.deep.equal([
      1,
      "Save this card for future payments",
    ]);
  });

  it("is disabled and busy while sending, sends once, and stays busy once the card is in while the page behind pays (was: not disabled)", async () => {
    const { messages } = await payingForm();
    await fillCard("4242 4242 4242 4242", "10 / 33", "123");
    const during = await inCardForm<{ disabled: boolean; busy: string | null; status: string; calls: number }>(`async () => {
      let calls = 0;
      const send = window.fetch;
      window.fetch = (...a) => { calls++; return send(...a); };
      const submit = document.getElementById("submit");
      submit.click();
      const seen = { disabled: submit.disabled, busy: submit.getAttribute("aria-busy"), status: document.getElementById("status").textContent };
      submit.click();
      document.getElementById("card").requestSubmit();
      return { ...seen, calls };
    }`);
    expect(during).to.deep.equal({ disabled: true, busy: "true", status: "Paying…", calls: 1 });
    await waitUntil(() => messages.some((m) => m.data?.type === "billfront:payment-method-added"), "card not accepted", { timeout: 8000 });
    expect(await inCardForm(`() => document.getElementById("submit").disabled`)).to.equal(true);
  });
});
