const TEXTS = {
  en: {
    title: "Add a card",
    number: "Card number",
    expiry: "Expiry (MM / YY)",
    cvc: "Security code",
    makeDefault: "Make this my default card",
    keep: "Save this card for future payments",
    save: "Save card",
    saving: "Saving…",
    saved: "Card saved.",
    failed: "The card could not be saved.",
  },
  de: {
    title: "Karte hinzufügen",
    number: "Kartennummer",
    expiry: "Ablaufdatum (MM / JJ)",
    cvc: "Prüfnummer",
    makeDefault: "Als Standardkarte verwenden",
    keep: "Karte für künftige Zahlungen speichern",
    save: "Karte speichern",
    saving: "Wird gespeichert…",
    saved: "Karte gespeichert.",
    failed: "Die Karte konnte nicht gespeichert werden.",
  },
};

/** The card form document. All behaviour is inline (nonce'd) so the page loads nothing else. */
export function cardFormHtml(options: {
  nonce: string;
  parentOrigin: string;
  locale: string;
  /** Shown when paying now: keep the card? (default per merchant setting) */
  saveChoice?: { checked: boolean } | undefined;
  /** Paying now where customers may not keep cards: the card is sent as single use. */
  singleUse?: boolean;
}): string {
  const t = options.locale.toLowerCase().startsWith("de") ? TEXTS.de : TEXTS.en;
  const lang = options.locale.toLowerCase().startsWith("de") ? "de" : "en";
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title}</title>
<style>
  body { margin: 0; padding: 0.75rem; font: 15px system-ui, sans-serif; color: #1b1f24; background: transparent; }
  form { display: grid; gap: 0.625rem; max-width: 26rem; }
  /* Fields shrink with the frame (a phone's is ~300 px wide) instead of keeping their default width. */
  .row { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.625rem; }
  label { display: grid; gap: 0.25rem; font-size: 0.875rem; min-width: 0; }
  input[type=text] { font: inherit; padding: 0.5rem; border: 1px solid #8a929c; border-radius: 0.375rem; width: 100%; min-width: 0; box-sizing: border-box; }
  input[aria-invalid=true] { border-color: #b3261e; }
  .check { display: flex; gap: 0.5rem; align-items: center; }
  button { font: inherit; padding: 0.5rem 1rem; border-radius: 0.375rem; border: 0; background: #0b57d0; color: #fff; cursor: pointer; justify-self: start; }
  button:focus-visible, input:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
  [role=alert] { color: #b3261e; margin: 0; min-height: 1.2em; }
  [role=status] { color: #0d5323; margin: 0; }
</style>
</head>
<body>
<form id="card" novalidate>
  <label>${t.number}<input type="text" id="number" name="cardnumber" inputmode="numeric" autocomplete="cc-number" required aria-describedby="error"></label>
  <div class="row">
    <label>${t.expiry}<input type="text" id="expiry" name="exp" inputmode="numeric" autocomplete="cc-exp" placeholder="MM / YY" required aria-describedby="error"></label>
    <label>${t.cvc}<input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required aria-describedby="error"></label>
  </div>
  ${
    options.saveChoice
      ? `<label class="check"><input type="checkbox" id="save"${options.saveChoice.checked ? " checked" : ""}> ${t.keep}</label>`
      : `<label class="check"><input type="checkbox" id="make-default"> ${t.makeDefault}</label>`
  }
  <p id="error" role="alert"></p>
  <p id="status" role="status"></p>
  <button type="submit" id="save">${t.save}</button>
</form>
<script nonce="${options.nonce}">
(() => {
  const parentOrigin = ${JSON.stringify(options.parentOrigin)};
  const session = new URLSearchParams(location.hash.slice(1)).get("session") || "";
  history.replaceState(null, "", location.pathname + location.search);
  const $ = (id) => document.getElementById(id);
  const fields = { number: $("number"), expiry: $("expiry"), cvc: $("cvc") };
  const say = (message) => parent.postMessage(message, parentOrigin);
  const report = () => say({ type: "billfront:card-form-height", height: document.documentElement.scrollHeight });
  new ResizeObserver(report).observe(document.body);
  $("card").addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const input of Object.values(fields)) input.removeAttribute("aria-invalid");
    $("error").textContent = "";
    $("status").textContent = ${JSON.stringify(t.saving)};
    $("save").disabled = true;
    const [month, year] = fields.expiry.value.split("/").map((part) => part.trim());
    const body = {
      number: fields.number.value,
      exp_month: Number(month),
      exp_year: year && year.length === 2 ? 2000 + Number(year) : Number(year),
      cvc: fields.cvc.value.trim(),
      make_default: $("make-default") ? $("make-default").checked : false,
      save: ${options.singleUse ? "false" : '$("save") ? $("save").checked : true'},
    };
    try {
      const res = await fetch("/card-form/cards", {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + session },
        body: JSON.stringify(body),
      });
      const result = await res.json();
      if (!res.ok) {
        const field = result.details && result.details.field === "expiry" ? "expiry" : result.details && result.details.field === "cvc" ? "cvc" : result.code === "invalid_card_number" || result.code === "card_declined" || result.code === "insufficient_funds" ? "number" : null;
        if (field) fields[field].setAttribute("aria-invalid", "true");
        $("status").textContent = "";
        $("error").textContent = result.detail || ${JSON.stringify(t.failed)};
        say({ type: "billfront:card-form-error", code: result.code || "error" });
        return;
      }
      $("card").reset();
      $("status").textContent = ${JSON.stringify(t.saved)};
      const { id, brand, last4, exp_month, exp_year, is_default } = result;
      say({ type: "billfront:payment-method-added", paymentMethod: { id, brand, last4, exp_month, exp_year, is_default } });
    } catch {
      $("status").textContent = "";
      $("error").textContent = ${JSON.stringify(t.failed)};
    } finally {
      $("save").disabled = false;
      report();
    }
  });
  say({ type: "billfront:card-form-ready" });
})();
</script>
</body>
</html>`;
}
