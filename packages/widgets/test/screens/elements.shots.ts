// Pictures of every element's main states, light and dark, at 1280 and 360 px (issue 13 item 9).
// Not part of `npm test`: `npm run screenshots` runs this file with BILLFRONT_SCREENSHOTS=docs/screenshots.
import { html, waitUntil } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";
import "../../src/index.ts";
import { fixture, mount, screenshot } from "../fixtures.ts";

type Scheme = "light" | "dark";
const VARIANTS: [number, Scheme][] = [
  [1280, "light"],
  [1280, "dark"],
  [360, "light"],
  [360, "dark"],
];

/** The page's own colour scheme: the elements follow it (a page that supports dark mode declares it on :root). */
function paint(scheme: Scheme): void {
  document.documentElement.style.colorScheme = scheme;
  document.body.style.background = scheme === "dark" ? "#121417" : "#f4f6f8";
  document.body.style.margin = "0";
  document.body.style.padding = "16px";
  document.body.style.fontFamily = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
}

const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))));

/** Takes `name` in each variant; `element` is the CSS selector shot (the full page when a modal dialog is open). */
async function shoot(name: string, element?: string): Promise<void> {
  for (const [width, scheme] of VARIANTS) {
    await setViewport({ width, height: 900 });
    paint(scheme);
    // Elements read the scheme when they render (the card form frame takes it in its address): render again.
    const hosts = [...document.querySelectorAll<HTMLElement & { requestUpdate?: () => void }>("*")].filter((e) => e.shadowRoot && e.requestUpdate);
    for (const host of hosts) host.requestUpdate!();
    await frames();
    if (hosts.some((h) => h.shadowRoot!.querySelector("iframe"))) await new Promise((r) => setTimeout(r, 1200));
    await screenshot(`${name}-${width}-${scheme}`, element);
  }
  await setViewport({ width: 1280, height: 900 });
  paint("light");
}

/** The element's open shadow root, and deep queries through nested Billfront elements. */
function deep<T extends Element>(root: Element | ShadowRoot, selector: string): T | null {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const found = scope.querySelector<T>(selector);
  if (found) return found;
  for (const el of scope.querySelectorAll("*")) {
    if (el.shadowRoot) {
      const inner = deep<T>(el.shadowRoot, selector);
      if (inner) return inner;
    }
  }
  return null;
}
const button = (root: Element, text: RegExp) => {
  const all: HTMLButtonElement[] = [];
  const walk = (scope: Element | ShadowRoot) => {
    for (const el of scope.querySelectorAll("*")) {
      if (el instanceof HTMLButtonElement) all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root.shadowRoot ?? root);
  return all.find((b) => text.test(b.textContent ?? ""));
};

const ORDERS = [
  { description: "Espresso grinder", unitAmount: 24900, taxes: [{ description: "VAT 20%", rateBps: 2000 }] },
  { description: "Coffee beans, 1 kg house blend with a long name that wraps on phones", unitAmount: 2400, quantity: 2 },
  { description: "Barista course", unitAmount: 9900, state: "cancelled" as const },
];

describe("screenshots", function () {
  this.timeout(120000);

  it("<my-orders>", async () => {
    const f = await fixture({
      orders: ORDERS,
      cards: ["4242424242424242"],
      settings: { cancellation: "automatic", cancellationTiming: "either", changePlan: "either", pauseResume: true },
      subscriptions: [{ product: "Coffee club", plan: { name: "Monthly", amount: 1900 }, switchTo: [{ name: "Yearly", amount: 19000, interval: "year" }], assignCard: true }],
    });
    const el = await mount<HTMLElement>(html`<my-orders api=${f.api} session=${f.session} locale="en"></my-orders>`);
    await waitUntil(() => deep(el, '[part~="order"]'), "no orders", { timeout: 10000 });
    await shoot("my-orders-list", "my-orders");
    deep<HTMLElement>(el, '[part~="open"]')!.click();
    await waitUntil(() => deep(el, "billfront-subscription-panel, billfront-order-details [part~='items'], billfront-order-details table"), "no details", { timeout: 10000 });
    await waitUntil(() => button(el, /cancel/i), "no cancel action", { timeout: 10000 });
    await frames();
    await shoot("my-orders-subscription", "my-orders");
    const cancel = button(el, /cancel/i);
    if (cancel) {
      cancel.click();
      await frames();
      await shoot("my-orders-cancel-dialog");
    }
  });

  it("<payment-methods>", async () => {
    const f = await fixture({ cards: ["4242424242424242", "5555555555554444"], orders: [{ description: "Beans", unitAmount: 2400 }] });
    const el = await mount<HTMLElement>(html`<payment-methods api=${f.api} session=${f.session} locale="en"></payment-methods>`);
    await waitUntil(() => deep(el, '[part~="method"]'), "no cards", { timeout: 10000 });
    await shoot("payment-methods-list", "payment-methods");
    deep<HTMLElement>(el, '[part~="add"]')?.click();
    await waitUntil(() => deep(el, "iframe"), "no card form", { timeout: 10000 });
    await new Promise((r) => setTimeout(r, 800));
    await shoot("payment-methods-card-form", "payment-methods");
  });

  it("<helpdesk-tickets>", async () => {
    const f = await fixture({ departments: [{ name: "General" }, { name: "Premium", paid: true }], incidents: 2 });
    const el = await mount<HTMLElement>(html`<helpdesk-tickets api=${f.api} session=${f.session} locale="en"></helpdesk-tickets>`);
    await waitUntil(() => deep(el, '[part~="empty"], [part~="list"]'), "no tickets view", { timeout: 10000 });
    await shoot("helpdesk-empty", "helpdesk-tickets");
    button(el, /new ticket/i)?.click();
    await waitUntil(() => deep(el, "form"), "no form");
    await shoot("helpdesk-new-ticket", "helpdesk-tickets");
  });

  it("<account-details>", async () => {
    const f = await fixture({});
    const el = await mount<HTMLElement>(html`<account-details api=${f.api} session=${f.session} locale="en"></account-details>`);
    await waitUntil(() => deep(el, '[part~="fields"]'), "no account details", { timeout: 10000 });
    await shoot("account-details", "account-details");
    deep<HTMLElement>(el, '[part~="edit"]')?.click();
    await waitUntil(() => deep(el, '[part~="form"]'), "no account form");
    await shoot("account-details-edit", "account-details");
  });

  it("<billfront-plans>", async () => {
    const f = await fixture({
      cards: ["4242424242424242"],
      settings: { newSubscriptions: true },
      plans: [
        { product: "Coffee club", description: "Fresh beans every month", prices: [{ name: "Monthly", amount: 1500 }, { name: "Starter", amount: 900, trialDays: 14 }] },
      ],
    });
    const el = await mount<HTMLElement>(html`<billfront-plans api=${f.api} session=${f.session} locale="en"></billfront-plans>`);
    await waitUntil(() => deep(el, '[part~="plan"]'), "no plans", { timeout: 10000 });
    await shoot("plans", "billfront-plans");
    deep<HTMLElement>(el, '[part~="choose"]')!.click();
    await waitUntil(() => (deep(el, "dialog") as HTMLDialogElement | null)?.open, "no dialog");
    await frames();
    await shoot("plans-start-dialog");
  });

  it("<shop-review>", async () => {
    const f = await fixture({ settings: { shopReviews: true } });
    const el = await mount<HTMLElement>(html`<shop-review api=${f.api} session=${f.session} locale="en"></shop-review>`);
    await waitUntil(() => deep(el, '[part~="form"]'), "no review form", { timeout: 10000 });
    await shoot("shop-review", "shop-review");
  });

  it("<billfront-portal> in German", async () => {
    const f = await fixture({ orders: ORDERS.slice(0, 2), cards: ["4242424242424242"] });
    const el = await mount<HTMLElement>(html`<billfront-portal api=${f.api} session=${f.session} locale="de"><my-orders></my-orders><payment-methods></payment-methods></billfront-portal>`);
    await waitUntil(() => deep(el.querySelector("payment-methods")!, '[part~="method"]') && deep(el.querySelector("my-orders")!, '[part~="order"]'), "portal not loaded", { timeout: 10000 });
    await shoot("portal-de", "billfront-portal");
  });
});
