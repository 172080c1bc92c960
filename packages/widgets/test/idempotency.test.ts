import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { ApiError } from "../src/client.ts";
import type { HelpdeskTickets } from "../src/helpdesk-tickets/helpdesk-tickets.ts";
import { IntentKeys, isDefiniteFailure } from "../src/idempotency.ts";
import type { PaymentMethods } from "../src/payment-methods/payment-methods.ts";
import { fixture, mount } from "./fixtures.ts";

/**
 * Watches the requests to one API path: records each Idempotency-Key sent, and
 * can lose the next responses on the way back (the server did the work; the
 * browser saw a network failure), which is when a fresh key would charge twice.
 */
function watchRequests(pathEnd: string) {
  const real = window.fetch;
  const state = { keys: [] as (string | null)[], loseResponses: 0 };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!new URL(request.url).pathname.endsWith(pathEnd)) return real(request);
    state.keys.push(request.headers.get("Idempotency-Key"));
    const response = await real(request);
    if (state.loseResponses > 0) {
      state.loseResponses--;
      throw new TypeError("Failed to fetch");
    }
    return response;
  };
  return Object.assign(state, { restore: () => (window.fetch = real) });
}

const button = (root: ParentNode, text: string) => [...root.querySelectorAll("button")].find((b) => b.textContent!.trim() === text)!;

describe("one Idempotency-Key per intended action (R8)", () => {
  let watch: ReturnType<typeof watchRequests> | undefined;
  afterEach(() => watch?.restore());

  it("retries a card top-up whose answer was lost with the same key, so the customer is charged once (A7)", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400 }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    const balance = () => el.shadowRoot!.querySelector('[part="balance"]');
    await waitUntil(() => balance()?.querySelector("input"), "no top-up form");
    watch = watchRequests("/v1/portal/balance/top_ups");
    watch.loseResponses = 1;
    balance()!.querySelector("input")!.value = "12,5";
    button(balance()!, "Add funds").click();
    await waitUntil(() => el.shadowRoot!.querySelector('[role="alert"]'), "network failure not shown");

    button(balance()!, "Add funds").click();
    await waitUntil(() => balance()?.textContent!.includes("€12.50"), "balance not updated");
    expect(watch.keys).to.have.length(2);
    expect(watch.keys[0]).to.be.a("string");
    expect(watch.keys[1]).to.equal(watch.keys[0]);
    expect(balance()!.textContent).to.not.contain("€25.00");
  });

  it("sends a new key for the next top-up once the first had a definite answer", async () => {
    const f = await fixture({ cards: ["4242424242424242"], orders: [{ description: "Beans", unitAmount: 2400 }] });
    const el = await mount<PaymentMethods>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    const balance = () => el.shadowRoot!.querySelector('[part="balance"]');
    await waitUntil(() => balance()?.querySelector("input"), "no top-up form");
    watch = watchRequests("/v1/portal/balance/top_ups");
    for (const expected of ["€10.00", "€20.00"]) {
      balance()!.querySelector("input")!.value = "10";
      button(balance()!, "Add funds").click();
      await waitUntil(() => balance()?.textContent!.includes(expected), `balance not ${expected}`);
    }
    expect(watch.keys).to.have.length(2);
    expect(watch.keys[1]).to.not.equal(watch.keys[0]);
  });

  /** The helpdesk at its incident packages: a paid department, no incidents left. */
  async function packagesView(card: string) {
    const f = await fixture({
      departments: [{ name: "Hotline", paid: true }],
      cards: [card],
      incidentPackages: [{ name: "Hotline pack", incidents: 5, prices: [{ name: "Lifetime", amount: 2500 }] }],
    });
    const el = await render<HelpdeskTickets>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => el.shadowRoot?.querySelector('[part="new"]'), "no list");
    const root = el.shadowRoot!;
    button(root, "New ticket").click();
    await waitUntil(() => root.querySelector('[part="buy-incidents"]'), "not blocked");
    button(root, "Buy incidents").click();
    await waitUntil(() => root.querySelector('[part="package"] [part="buy"]'), "packages not listed");
    // Buy, then confirm in the dialog that shows the amount and the card (the key belongs to the confirmed purchase).
    const buy = async () => {
      await waitUntil(() => !root.querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')?.disabled, "buy not enabled");
      root.querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')!.click();
      await waitUntil(() => root.querySelector('[part="confirm-buy"]'), "no confirmation");
      root.querySelector<HTMLButtonElement>('[part="confirm-buy"]')!.click();
    };
    return { root, buy };
  }

  it("retries an incident-package purchase whose answer was lost with the same key, so it is paid once (H4)", async () => {
    const { root, buy } = await packagesView("4242424242424242");
    watch = watchRequests("/purchase");
    watch.loseResponses = 1;
    await buy();
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent?.trim(), "network failure not shown");
    await buy();
    await waitUntil(() => root.querySelector('[part="notice"]'), "no confirmation");
    expect(root.querySelector('[part="notice"]')!.textContent).to.contain("You now have 5 support incidents");
    expect(watch.keys).to.have.length(2);
    expect(watch.keys[0]).to.be.a("string");
    expect(watch.keys[1]).to.equal(watch.keys[0]);
  });

  it("buys again with a new key after a declined purchase, a definite answer (H4)", async () => {
    const { root, buy } = await packagesView("4000000000000341");
    watch = watchRequests("/purchase");
    await buy();
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent?.trim(), "decline not shown");
    await buy();
    await waitUntil(() => watch!.keys.length === 2 && !root.querySelector<HTMLButtonElement>('[part="package"] [part="buy"]')?.disabled, "second attempt not sent");
    expect(watch.keys[1]).to.not.equal(watch.keys[0]);
  });

  it("keeps the key after a network failure, a 5xx or a request still running, and drops it after a definite answer", async () => {
    const intents = new IntentKeys();
    const keys: string[] = [];
    const attempt = (inputs: unknown, outcome: ApiError | "ok") =>
      intents
        .send("pay", inputs, async (key) => {
          keys.push(key);
          if (outcome !== "ok") throw outcome;
          return key;
        })
        .catch(() => undefined);
    await attempt({ amount: 100 }, new ApiError(0, "network_error", "offline"));
    await attempt({ amount: 100 }, new ApiError(502, "gateway_error", "acquirer down"));
    await attempt({ amount: 100 }, new ApiError(409, "idempotency_request_in_progress", "running"));
    await attempt({ amount: 100 }, "ok");
    expect(new Set(keys.slice(0, 4)).size).to.equal(1);
    await attempt({ amount: 100 }, new ApiError(402, "card_declined", "declined"));
    await attempt({ amount: 100 }, "ok");
    expect(keys[4]).to.not.equal(keys[3]);
    expect(keys[5]).to.not.equal(keys[4]);
  });

  it("starts a new key when the action's inputs change, and treats input errors and refusals as definite", async () => {
    const intents = new IntentKeys();
    const first = intents.keyFor("top-up", { amount: 100, currency: "EUR" });
    expect(intents.keyFor("top-up", { currency: "EUR", amount: 100 })).to.equal(first);
    expect(intents.keyFor("top-up", { amount: 200, currency: "EUR" })).to.not.equal(first);
    expect(intents.keyFor("pay:inv_1")).to.not.equal(intents.keyFor("pay:inv_2"));
    expect([422, 409, 404, 402, 400].map((s) => isDefiniteFailure(new ApiError(s, "refused", "")))).to.deep.equal([true, true, true, true, true]);
    expect([0, 401, 429, 500, 503].map((s) => isDefiniteFailure(new ApiError(s, "transient", "")))).to.deep.equal([false, false, false, false, false]);
  });
});
