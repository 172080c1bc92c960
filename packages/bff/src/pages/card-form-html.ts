import { designCss } from "@billfront/core/design-css";
import { cardFormCopy, type CardFormPurpose } from "./card-form-copy.ts";
import { lookCss, type CardFormLook } from "./card-form-look.ts";
import { escapeHtml as escape } from "./escape-html.ts";

/** The form's own layout on top of the design sheet: it fills the frame it is given, down to a 280 px phone frame. */
const STYLE = `
  html { background: transparent; }
  body { padding: 0.25rem; background: transparent; color: var(--_bf-text); font-size: 1rem; line-height: 1.5; }
  form { display: grid; gap: 0.875rem; width: 100%; max-width: 32rem; min-width: 0; }
  .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 8rem), 1fr)); gap: 0.875rem; min-width: 0; }
  .field { display: grid; gap: 0.25rem; min-width: 0; }
  .field-error { color: var(--_bf-danger); font-size: 0.875rem; }
  .field-error:empty { display: none; }
  button[type="submit"] { width: 100%; }
  #error:empty, #status:empty { display: none; }
  #status { color: var(--_bf-muted); font-size: 0.875rem; }
`;

/** The card form document. All behaviour is inline (nonce'd) so the page loads nothing else. */
export function cardFormHtml(options: {
  nonce: string;
  parentOrigin: string;
  locale: string;
  /** What the card is for: the submit button says so ("Save card", "Pay now", "Authorise now"). */
  purpose?: CardFormPurpose;
  /** Shown when paying now: keep the card? (default per merchant setting) */
  saveChoice?: { checked: boolean } | undefined;
  /** Paying now where customers may not keep cards: the card is sent as single use. */
  singleUse?: boolean;
  /** The embedding page's look (validated by `parseLook`). */
  look?: CardFormLook;
}): string {
  const t = cardFormCopy(options.locale);
  const purpose = options.purpose ?? "save";
  const scheme = options.look?.scheme ? ` data-theme="${options.look.scheme}"` : "";
  // Only what the script needs, with "<" escaped so no text can end the script element.
  const words = JSON.stringify({
    sending: t.sending[purpose],
    saved: t.saved,
    fields: t.fields,
    declined: t.declined,
    insufficientFunds: t.insufficientFunds,
    tooManyTries: t.tooManyTries,
    failed: t.failed,
  }).replace(/</g, "\\u003c");
  const field = (id: string, label: string, attrs: string) =>
    `<div class="field"><label for="${id}">${escape(label)}</label><input type="text" id="${id}" ${attrs} aria-describedby="${id}-error"><p class="field-error" id="${id}-error"></p></div>`;
  return `<!doctype html>
<html lang="${t.lang}"${scheme}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t.title)}</title>
<style nonce="${options.nonce}">${designCss(":root")}${STYLE}${options.look ? lookCss(options.look) : ""}</style>
</head>
<body>
<form id="card" novalidate aria-label="${escape(t.title)}">
  ${field("number", t.number, 'name="cardnumber" inputmode="numeric" autocomplete="cc-number" required')}
  <div class="pair">
    ${field("expiry", t.expiry, `name="exp" inputmode="numeric" autocomplete="cc-exp" placeholder="${escape(t.expiryPlaceholder)}" required`)}
    ${field("cvc", t.cvc, 'name="cvc" inputmode="numeric" autocomplete="cc-csc" required')}
  </div>
  ${
    options.saveChoice
      ? `<label class="choice"><input type="checkbox" id="keep-card"${options.saveChoice.checked ? " checked" : ""}> ${escape(t.keep)}</label>`
      : options.singleUse
        ? ""
        : `<label class="choice"><input type="checkbox" id="make-default"> ${escape(t.makeDefault)}</label>`
  }
  <p id="error" role="alert"></p>
  <p id="status" role="status"></p>
  <button type="submit" class="primary" id="submit">${escape(t.submit[purpose])}</button>
</form>
<script nonce="${options.nonce}">
(() => {
  const parentOrigin = ${JSON.stringify(options.parentOrigin)};
  const words = ${words};
  // Paying: once the card is accepted the page behind pays with it; the form stays busy until that page moves on.
  const paying = ${JSON.stringify(purpose !== "save")};
  const session = new URLSearchParams(location.hash.slice(1)).get("session") || "";
  history.replaceState(null, "", location.pathname + location.search);
  const $ = (id) => document.getElementById(id);
  const fields = { number: $("number"), expiry: $("expiry"), cvc: $("cvc") };
  const submit = $("submit");
  const say = (message) => parent.postMessage(message, parentOrigin);
  // The content's own height (not the frame's), so the frame can shrink as well as grow.
  const report = () => say({ type: "billfront:card-form-height", height: Math.ceil(document.body.getBoundingClientRect().height) });
  new ResizeObserver(report).observe(document.body);

  const showFieldError = (name, text) => {
    fields[name].setAttribute("aria-invalid", "true");
    $(name + "-error").textContent = text;
  };
  const clearErrors = () => {
    for (const name of Object.keys(fields)) {
      fields[name].removeAttribute("aria-invalid");
      $(name + "-error").textContent = "";
    }
    $("error").textContent = "";
  };
  // The server's answer, field by field: its codes (core's card rules) or the request schema's fields.
  const FIELD_OF_CODE = { invalid_card_number: ["number", "number"], invalid_expiry: ["expiry", "expiry"], card_expired: ["expiry", "expired"], invalid_cvc: ["cvc", "cvc"] };
  const FIELD_OF_INPUT = { "json.number": "number", "json.exp_month": "expiry", "json.exp_year": "expiry", "json.cvc": "cvc" };
  const explain = (status, result) => {
    const shown = [];
    if (result.code === "validation_failed" && Array.isArray(result.errors)) {
      for (const e of result.errors) {
        const name = FIELD_OF_INPUT[e.field];
        if (name && !shown.includes(name)) { showFieldError(name, words.fields[name]); shown.push(name); }
      }
    } else if (FIELD_OF_CODE[result.code]) {
      const [name, message] = FIELD_OF_CODE[result.code];
      showFieldError(name, words.fields[message]);
      shown.push(name);
    }
    if (shown.length) return fields[["number", "expiry", "cvc"].find((n) => shown.includes(n))];
    $("error").textContent =
      result.code === "card_declined" ? words.declined
      : result.code === "insufficient_funds" ? words.insufficientFunds
      : status === 429 ? words.tooManyTries
      : words.failed;
    return submit;
  };

  let sending = false;
  const busy = (on) => {
    sending = on;
    submit.disabled = on;
    if (on) submit.setAttribute("aria-busy", "true"); else submit.removeAttribute("aria-busy");
    $("status").textContent = on ? words.sending : "";
  };
  $("card").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    clearErrors();
    busy(true);
    // "MM / YY", "MM/YYYY" or "MMYY"; anything else goes as it is and the server says what is wrong with it.
    const exp = fields.expiry.value.replace(/\\s/g, "");
    const parts = exp.includes("/") ? exp.split("/") : [exp.slice(0, 2), exp.slice(2)];
    const year = parts[1] || "";
    const body = {
      number: fields.number.value,
      exp_month: /^\\d{1,2}$/.test(parts[0] || "") ? Number(parts[0]) : null,
      exp_year: /^\\d{2}$/.test(year) ? 2000 + Number(year) : /^\\d{4}$/.test(year) ? Number(year) : null,
      cvc: fields.cvc.value.trim(),
      make_default: $("make-default") ? $("make-default").checked : false,
      save: ${options.singleUse ? "false" : '$("keep-card") ? $("keep-card").checked : true'},
    };
    let focus = submit;
    try {
      const res = await fetch("/card-form/cards", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + session },
        body: JSON.stringify(body),
      });
      const result = await res.json().catch(() => ({}));
      if (!res.ok) {
        busy(false);
        focus = explain(res.status, result);
        say({ type: "billfront:card-form-error", code: result.code || "error" });
        return;
      }
      const { id, brand, last4, exp_month, exp_year, is_default } = result;
      $("card").reset();
      if (paying) {
        focus = null;
      } else {
        busy(false);
        $("status").textContent = words.saved;
      }
      say({ type: "billfront:payment-method-added", paymentMethod: { id, brand, last4, exp_month, exp_year, is_default } });
    } catch {
      busy(false);
      $("error").textContent = words.failed;
    } finally {
      if (focus) focus.focus();
      report();
    }
  });
  say({ type: "billfront:card-form-ready" });
})();
</script>
</body>
</html>`;
}
