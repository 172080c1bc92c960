import { formatMoney, type OrderDetailsView } from "@billfront/core/server";
import { designCss } from "@billfront/core/design-css";
import { INTENT_KEYS_SCRIPT } from "./intent-keys-script.ts";
import { checkoutCopy, type CheckoutCopy } from "./checkout-copy.ts";

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The checkout's layout on top of the design sheet (scope `:root`): one column of cards, readable down to 320 px. */
const STYLE =
  designCss(":root") +
  `
  /* The root is a size container, so the body's background does not reach the canvas by itself: paint it on the root too. */
  html { background: var(--_bf-subtle); }
  body { color: var(--_bf-text); line-height: 1.5; }
  main { max-width: 34rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; display: grid; gap: 1rem; min-width: 0; }
  h1 { font-size: 1.5rem; margin: 0; line-height: 1.25; }
  .lines { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
  .lines td { padding: 0.375rem 0; vertical-align: top; overflow-wrap: anywhere; }
  .lines td.num { text-align: end; padding-inline-start: 1rem; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .lines tfoot td { font-weight: 600; border-top: 1px solid var(--_bf-border); padding-top: 0.625rem; }
  #pay-saved { width: 100%; }
  iframe { border: 0; width: 100%; height: 19rem; display: block; }
  #error:empty { display: none; }
`;

/**
 * The checkout document; its script talks only to this origin. Its words follow
 * the order's checkout mode — pay, authorise an amount for the shop to capture
 * later, or only save a card — in the visitor's language.
 */
export function checkoutHtml(input: { nonce: string; order: OrderDetailsView; merchantId: string; session: string; summary: string; copy?: CheckoutCopy }): string {
  const { order } = input;
  const copy = input.copy ?? checkoutCopy(undefined);
  const mode = order.checkout ?? "charge";
  const fill = (text: string, vars: Record<string, string>) => text.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? "");
  const money = (m: { amount: number; currency: string }) => escape(formatMoney(m, copy.locale));
  const invoice = mode === "card_only" ? undefined : order.history.find((row) => row.payable);
  const due = invoice?.amount;
  const heading = due ? copy.heading[mode === "pre_authorize" ? "pre_authorize" : "charge"] : copy.heading.card_only;
  const words = {
    useSaved: mode === "pre_authorize" ? copy.useSaved.pre_authorize : copy.useSaved.charge,
    cardEnding: copy.cardEnding,
    paid: copy.paid,
    authorised: copy.authorised,
    saved: copy.saved,
    pending: copy.pending,
    unconfirmed: copy.unconfirmed,
    declined: copy.declined,
    failed: copy.failed,
  };
  return `<!doctype html>
<html lang="${escape(copy.lang)}" data-theme="auto">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(fill(copy.title, { number: order.number }))}</title>
<link rel="icon" href="data:,">
<style nonce="${input.nonce}">${STYLE}</style>
</head>
<body>
<main>
  <h1>${escape(fill(copy.order, { number: order.number }))}</h1>
  <section class="card" aria-labelledby="summary-heading">
    <h2 id="summary-heading">${escape(copy.yourOrder)}</h2>
    <p class="muted">${escape(input.summary)}</p>
    <table class="lines">
      <tbody>
        ${order.items.map((i) => `<tr><td>${i.quantity > 1 ? `${i.quantity} × ` : ""}${escape(i.description)}</td><td class="num">${money(i.amount)}</td></tr>`).join("")}
        ${order.taxes.map((t) => `<tr><td>${escape(t.description)}</td><td class="num">${money(t.amount)}</td></tr>`).join("")}
      </tbody>
      <tfoot><tr><td>${escape(due ? (mode === "pre_authorize" ? copy.authoriseNow : copy.dueNow) : copy.total)}</td><td class="num" id="due">${money(due ?? order.total)}</td></tr></tfoot>
    </table>
  </section>
  <section id="pay" class="card" aria-labelledby="pay-heading">
    <h2 id="pay-heading">${escape(heading)}</h2>
    <button type="button" class="primary" id="probe" hidden tabindex="-1" aria-hidden="true"></button>
    <p id="saved" hidden><button type="button" class="primary" id="pay-saved"></button></p>
    <iframe id="card-form" title="${escape(copy.cardDetails)}" hidden></iframe>
    <p id="error" role="alert"></p>
    <p id="retry" hidden><button type="button" id="retry-button">${escape(copy.tryAgain)}</button></p>
  </section>
  <section id="done" class="card" hidden aria-live="polite">
    <h2 id="done-heading" tabindex="-1"></h2>
    <p id="done-text"></p>
  </section>
</main>
<script nonce="${input.nonce}">
${INTENT_KEYS_SCRIPT}
(async () => {
  // The session of this payment link (O7), made when the link was opened: it may pay this order only.
  const session = ${JSON.stringify(input.session)};
  const invoiceId = ${JSON.stringify(invoice?.id ?? null)};
  const dueText = ${JSON.stringify(due ? formatMoney(due, copy.locale) : null)};
  // The page's words (the order's checkout mode, the visitor's language); {amount} and {card} are filled in here.
  const words = ${JSON.stringify(words).replace(/</g, "\\u003c")};
  const fill = (text, vars) => Object.keys(vars).reduce((t, k) => t.split("{" + k + "}").join(vars[k]), text);
  const $ = (id) => document.getElementById(id);
  const fail = (text) => { $("error").textContent = text; };
  const api = (method, path, body, key) => fetch(path, {
    method,
    headers: { Authorization: "Bearer " + session, "Content-Type": "application/json", ...(key ? { "Idempotency-Key": key } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then(
    async (res) => ({ ok: res.ok, status: res.status, body: await res.json().catch(() => ({})) }),
    () => ({ ok: false, status: 0, body: {} }), // a network failure: the request may or may not have arrived
  );

  const done = (heading, text) => {
    $("pay").hidden = true;
    $("done").hidden = false;
    $("done-heading").textContent = heading;
    $("done-text").textContent = text;
    $("done-heading").focus();
  };
  const showCardForm = () => {
    const url = new URL("/card-form", location.origin);
    url.searchParams.set("merchant", ${JSON.stringify(input.merchantId)});
    url.searchParams.set("origin", location.origin);
    url.searchParams.set("context", ${JSON.stringify(mode === "card_only" ? "save" : mode === "pre_authorize" ? "authorize" : "payment")});
    url.searchParams.set("locale", ${JSON.stringify(copy.lang)});
    // This page's look, as the browser resolved it, so the form inside matches (the form validates every value).
    const look = getComputedStyle($("pay"));
    const button = getComputedStyle($("probe"));
    const theme = { accent: button.backgroundColor, on_accent: button.color, color: look.color, surface: look.backgroundColor, border: look.borderTopColor, radius: look.borderTopLeftRadius, font: look.fontFamily, scheme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light" };
    for (const [name, value] of Object.entries(theme)) if (value) url.searchParams.set(name, value);
    url.hash = "session=" + encodeURIComponent(session);
    $("card-form").src = url.toString();
    $("card-form").hidden = false;
  };
  // One key per intended payment (this invoice, this card) until its answer is definite, kept in this tab's
  // storage: a retry after a network failure, a reload or a double click never pays twice.
  const intents = intentKeys(sessionStorage);
  let retry = null;
  $("retry-button").addEventListener("click", () => retry && retry());
  const pay = async (paymentMethodId) => {
    if (!invoiceId) return done(words.saved.heading, words.saved.text);
    fail("");
    $("retry").hidden = true;
    const action = "pay:" + invoiceId;
    const body = { payment_method: paymentMethodId };
    const key = intents.keyFor(action, body);
    const result = await api("POST", "/v1/portal/invoices/" + invoiceId + "/pay", body, key);
    intents.settle(action, key, result.status, result.body.code);
    if (result.ok && result.body.status === "approved") return done(words.paid.heading, fill(words.paid.text, { amount: dueText }));
    // Authorised: the amount is held on the card for the shop to capture; nothing was taken yet.
    if (result.ok && result.body.status === "authorized") return done(words.authorised.heading, fill(words.authorised.text, { amount: dueText }));
    // Pending is not declined: the bank has not answered yet, and paying again would pay twice.
    if (result.ok && result.body.status === "pending") return done(words.pending.heading, fill(words.pending.text, { amount: dueText }));
    if (!isDefiniteAnswer(result.status, result.body.code)) {
      // No answer yet: the same payment is retried with the same key, so it cannot be charged twice.
      fail(words.unconfirmed);
      retry = () => pay(paymentMethodId);
      $("retry").hidden = false;
      return;
    }
    fail(result.ok ? words.declined : (result.body.detail || words.failed));
    showCardForm();
  };

  const methods = await api("GET", "/v1/portal/payment_methods");
  const saved = methods.ok ? methods.body.data.find((m) => m.is_default && !m.expired) : undefined;
  if (saved && invoiceId) {
    $("pay-saved").textContent = fill(words.useSaved, { amount: dueText, card: fill(words.cardEnding, { brand: saved.brand, last4: saved.last4 }) });
    $("pay-saved").addEventListener("click", () => pay(saved.id));
    $("saved").hidden = false;
  }
  showCardForm();
  addEventListener("message", (event) => {
    if (event.origin !== location.origin || event.source !== $("card-form").contentWindow) return;
    if (event.data && event.data.type === "billfront:card-form-height") $("card-form").style.height = Math.ceil(event.data.height) + "px";
    if (event.data && event.data.type === "billfront:payment-method-added") pay(event.data.paymentMethod.id);
  });
})();
</script>
</body>
</html>`;
}

/** How the order is sold, in words (the checkout's language): once, every period, or in instalments. */
export function describeOrder(order: OrderDetailsView, copy: CheckoutCopy = checkoutCopy(undefined)): string {
  const total = formatMoney(order.total, copy.locale);
  if (order.type === "recurring") return copy.summary.recurring.replace("{total}", total);
  if (order.type === "instalment" && order.instalments) return copy.summary.instalment.replace("{total}", total).replace("{count}", String(order.instalments.count));
  return copy.summary.one_time.replace("{total}", total);
}

/** A plain page for a link that cannot be used, in the visitor's language. */
export function checkoutErrorHtml(message: string, words: { lang: string; heading: string } = { lang: "en", heading: "This link cannot be used" }): string {
  return `<!doctype html><html lang="${escape(words.lang)}" data-theme="auto"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(words.heading)}</title><style>${STYLE}</style></head><body><main><h1>${escape(words.heading)}</h1><p role="alert" class="card">${escape(message)}</p></main></body></html>`;
}
