import { designCss } from "@billfront/core/design-css";
import { hostedDocument } from "./hosted-page.ts";
import type { SignInCopy, SignInLocale } from "./sign-in-copy.ts";

/** The design system for the document, then the sign-in page's own layout: one centred card. */
const STYLE =
  designCss(":root") +
  `
  html { background: var(--_bf-subtle); }
  body { min-height: 100vh; }
  main { max-width: 28rem; margin: 0 auto; padding: 2rem 1rem 3rem; }
  main > section { padding: 1.5rem; }
  main > section > * + * { margin-top: 0; }
  .shop { margin: 0 0 0.25rem; color: var(--_bf-muted); font-size: 0.875rem; font-weight: 600; }
  h1 { font-size: 1.375rem; margin: 0 0 0.75rem; overflow-wrap: break-word; hyphens: auto; }
  h1:focus { outline: none; }
  p { margin: 0 0 0.5rem; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  .hint { margin: 0 0 0.375rem; color: var(--_bf-muted); font-size: 0.875rem; }
  input.code { font-size: 1.25rem; letter-spacing: 0.2em; font-variant-numeric: tabular-nums; }
  button[type=submit] { width: 100%; margin-top: 1rem; min-height: 2.75rem; }
  button.link { min-height: 2.75rem; margin: 0.5rem 0 0; padding: 0.25rem 0; font-weight: 500; text-align: start; }
  .actions { gap: 0 1.25rem; }
  .error { color: var(--_bf-danger); margin: 0.375rem 0 0; font-weight: 500; }
  .error:empty, .status:empty { display: none; }
  .status { color: var(--_bf-success); margin: 0.5rem 0 0; }
  .qr { display: block; width: 12rem; height: 12rem; margin: 0.5rem auto; background: #fff; }
  .secret { font-family: ui-monospace, monospace; font-size: 1rem; overflow-wrap: anywhere; background: var(--_bf-subtle); padding: 0.5rem 0.75rem; border-radius: var(--_bf-radius); margin: 0; }
  .codes { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 0.375rem 1rem; padding: 0.75rem; margin: 0.75rem 0; list-style: none; font-family: ui-monospace, monospace; font-size: 1rem; background: var(--_bf-subtle); border-radius: var(--_bf-radius); }
  .check { display: flex; gap: 0.5rem; align-items: flex-start; font-weight: 500; margin-top: 1rem; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);
}

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_m, key: string) => vars[key] ?? "");
}

/** The page when sign-in cannot be offered (no such shop, sign-in off, portal off). */
export function signInUnavailableHtml(locale: SignInLocale, copy: SignInCopy, message: string): string {
  return hostedDocument({
    lang: locale,
    title: copy.unavailableTitle,
    style: STYLE,
    body: `<main><section class="card"><h1>${escapeHtml(copy.unavailableTitle)}</h1><p>${escapeHtml(message)}</p></section></main>`,
  });
}

/** The sign-in page: five steps in one document, switched by its script (with this response's nonce). */
export function signInHtml(input: { nonce: string; locale: SignInLocale; copy: SignInCopy; merchantId: string; shopName: string }): string {
  const { copy } = input;
  const t = (text: string) => escapeHtml(fill(text, { shop: input.shopName }));
  // Data for the script; `<` escaped so no text can close the element.
  const data = JSON.stringify({ copy, merchant: input.merchantId, shop: input.shopName }).replace(/</g, "\\u003c");
  return hostedDocument({
    lang: input.locale,
    title: fill(copy.title, { shop: input.shopName }),
    style: STYLE,
    body: `<main>
  <section class="card" aria-labelledby="heading">
    <p class="shop">${escapeHtml(input.shopName)}</p>
    <h1 id="heading" tabindex="-1">${t(copy.title)}</h1>

    <div id="step-email">
      <p>${t(copy.intro)}</p>
      <form id="email-form" novalidate>
        <label for="email">${t(copy.email)}</label>
        <input id="email" name="email" type="email" autocomplete="email" inputmode="email" required aria-describedby="email-error" maxlength="320">
        <p id="email-error" class="error" aria-live="assertive"></p>
        <button type="submit" class="primary" id="email-submit">${t(copy.send)}</button>
      </form>
    </div>

    <div id="step-code" hidden>
      <p id="code-intro"></p>
      <form id="code-form" novalidate>
        <label for="code">${t(copy.code)}</label>
        <p class="hint" id="code-hint">${t(copy.codeHint)}</p>
        <input id="code" name="code" type="text" class="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="7" required aria-describedby="code-hint code-error">
        <p id="code-error" class="error" aria-live="assertive"></p>
        <button type="submit" class="primary" id="code-submit">${t(copy.verify)}</button>
      </form>
      <p id="code-status" class="status" aria-live="polite"></p>
      <div class="actions">
        <button type="button" class="link" id="resend">${t(copy.resend)}</button>
        <button type="button" class="link" id="other-address">${t(copy.otherAddress)}</button>
      </div>
    </div>

    <div id="step-mfa" hidden>
      <p>${t(copy.mfaIntro)}</p>
      <form id="mfa-form" novalidate>
        <div id="totp-field">
          <label for="totp">${t(copy.mfaCode)}</label>
          <input id="totp" name="totp" type="text" class="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="7" aria-describedby="mfa-error">
        </div>
        <div id="recovery-field" hidden>
          <label for="recovery">${t(copy.recoveryCode)}</label>
          <p class="hint" id="recovery-hint">${t(copy.recoveryHint)}</p>
          <input id="recovery" name="recovery" type="text" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="20" aria-describedby="recovery-hint mfa-error">
        </div>
        <p id="mfa-error" class="error" aria-live="assertive"></p>
        <button type="submit" class="primary" id="mfa-submit">${t(copy.verify)}</button>
      </form>
      <div class="actions">
        <button type="button" class="link" id="toggle-recovery" aria-controls="totp-field recovery-field">${t(copy.useRecovery)}</button>
        <button type="button" class="link" id="restart" hidden>${t(copy.otherAddress)}</button>
      </div>
    </div>

    <div id="step-enrol" hidden>
      <p>${t(copy.enrolIntro)}</p>
      <p id="enrol-loading" aria-live="polite">${t(copy.loading)}</p>
      <div id="enrol-ready" hidden>
        <img id="qr" class="qr" alt="${t(copy.qrAlt)}" width="192" height="192">
        <p class="hint" id="secret-label">${t(copy.secretLabel)}</p>
        <p class="secret" id="secret" aria-labelledby="secret-label"></p>
        <form id="enrol-form" novalidate>
          <label for="enrol-code">${t(copy.mfaCode)}</label>
          <input id="enrol-code" name="code" type="text" class="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="7" required aria-describedby="enrol-code-error">
          <p id="enrol-code-error" class="error" aria-live="assertive"></p>
          <button type="submit" class="primary" id="enrol-submit">${t(copy.confirm)}</button>
        </form>
      </div>
      <p id="enrol-error" class="error" aria-live="assertive"></p>
    </div>

    <div id="step-recovery" hidden>
      <p>${t(copy.recoveryIntro)}</p>
      <ul class="codes" id="recovery-codes" aria-label="${t(copy.recoveryTitle)}"></ul>
      <form id="recovery-form" novalidate>
        <label class="check"><input type="checkbox" id="saved" aria-describedby="saved-error"> <span>${t(copy.savedThem)}</span></label>
        <p id="saved-error" class="error" aria-live="assertive"></p>
        <button type="submit" class="primary" id="recovery-submit">${t(copy.continue)}</button>
      </form>
    </div>
  </section>
</main>
<script type="application/json" id="sign-in-data">${data}</script>
<script type="module" nonce="${input.nonce}">${SCRIPT}</script>`,
  });
}

// The page's behaviour. Secrets (challenge, enrolment session) arrive in the fragment and leave the address bar at once.
const SCRIPT = `
const { copy, merchant, shop } = JSON.parse(document.getElementById("sign-in-data").textContent);
const locale = document.documentElement.lang;
const $ = (id) => document.getElementById(id);
const fill = (text, vars) => text.replace(/\\{(\\w+)\\}/g, (_m, k) => vars[k] ?? "");
const fragment = new URLSearchParams(location.hash.slice(1));
history.replaceState(null, "", location.pathname + location.search);
let email = "";
let challenge = fragment.get("challenge") ?? "";
let enrolSession = fragment.get("enrol") ?? "";
let useRecovery = false;

function show(step, title) {
  for (const s of ["email", "code", "mfa", "enrol", "recovery"]) $("step-" + s).hidden = s !== step;
  $("heading").textContent = fill(title, { shop });
  document.title = $("heading").textContent;
  $("heading").focus();
}

function setError(inputId, errorId, message) {
  $(errorId).textContent = message ?? "";
  const input = inputId && $(inputId);
  if (!input) return;
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  } else {
    input.removeAttribute("aria-invalid");
  }
}

function busy(button, on, label) {
  button.disabled = on;
  if (on) {
    button.dataset.label = button.textContent;
    button.textContent = label;
  } else if (button.dataset.label) {
    button.textContent = button.dataset.label;
  }
}

async function call(method, path, body, session) {
  const headers = { "Accept-Language": locale };
  if (body) headers["Content-Type"] = "application/json";
  if (session) headers.Authorization = "Bearer " + session;
  let res;
  try {
    res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  } catch {
    return { ok: false, message: copy.errors.network };
  }
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (res.ok) return { ok: true, data };
  const code = data && data.code;
  const message = code === "rate_limited" ? fill(copy.errors.rate_limited, { seconds: res.headers.get("Retry-After") ?? "60" }) : copy.errors[code] ?? copy.errors.generic;
  return { ok: false, code, message };
}

function afterSignIn(data) {
  if (data.mfa_required) {
    challenge = data.challenge;
    showMfa();
  } else if (data.mfa_enrolment_required) {
    enrolSession = data.session;
    startEnrolment();
  } else {
    location.assign(data.url);
  }
}

async function sendCode() {
  return call("POST", "/v1/sign_in", { merchant, email, locale });
}

$("email-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  email = $("email").value.trim();
  if (!email || !$("email").checkValidity()) return setError("email", "email-error", email ? copy.errors.validation_failed : copy.errors.empty_email);
  setError("email", "email-error", "");
  busy($("email-submit"), true, copy.sending);
  const res = await sendCode();
  busy($("email-submit"), false);
  if (!res.ok) return setError("email", "email-error", res.message);
  $("code-intro").textContent = fill(copy.codeIntro, { email });
  $("code-status").textContent = "";
  $("code").value = "";
  show("code", copy.codeTitle);
});

$("code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = $("code").value.replace(/[\\s-]/g, "");
  if (!/^[0-9]{6}$/.test(code)) return setError("code", "code-error", code ? copy.errors.sign_in_code_invalid : copy.errors.empty_code);
  setError("code", "code-error", "");
  busy($("code-submit"), true, copy.verifying);
  const res = await call("POST", "/v1/sign_in/verify", { merchant, email, code });
  busy($("code-submit"), false);
  if (!res.ok) return setError("code", "code-error", res.message);
  afterSignIn(res.data);
});

$("resend").addEventListener("click", async () => {
  $("code-status").textContent = "";
  const res = await sendCode();
  if (!res.ok) return setError("code", "code-error", res.message);
  setError("code", "code-error", "");
  $("code-status").textContent = copy.resent;
});

$("other-address").addEventListener("click", () => {
  setError("code", "code-error", "");
  show("email", copy.title);
  $("email").focus();
});

function showMfa() {
  setError("totp", "mfa-error", "");
  $("restart").hidden = true;
  show("mfa", copy.mfaTitle);
}

$("toggle-recovery").addEventListener("click", () => {
  useRecovery = !useRecovery;
  $("totp-field").hidden = useRecovery;
  $("recovery-field").hidden = !useRecovery;
  $("toggle-recovery").textContent = useRecovery ? copy.useTotp : copy.useRecovery;
  $(useRecovery ? "recovery" : "totp").focus();
});

$("restart").addEventListener("click", () => show("email", copy.title));

$("mfa-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = useRecovery ? "recovery" : "totp";
  const value = $(input).value.trim();
  if (!value) return setError(input, "mfa-error", copy.errors.empty_code);
  setError(input, "mfa-error", "");
  busy($("mfa-submit"), true, copy.verifying);
  const body = useRecovery ? { merchant, challenge, recovery_code: value } : { merchant, challenge, code: value.replace(/\\s/g, "") };
  const res = await call("POST", "/v1/sign_in/mfa", body);
  busy($("mfa-submit"), false);
  if (!res.ok) {
    // A dead challenge cannot be retried: offer to start again.
    if (res.code !== "mfa_code_invalid" && res.code !== "rate_limited") $("restart").hidden = false;
    return setError(input, "mfa-error", res.message);
  }
  location.assign(res.data.url);
});

async function startEnrolment() {
  show("enrol", copy.enrolTitle);
  $("enrol-loading").hidden = false;
  $("enrol-ready").hidden = true;
  const res = await call("POST", "/v1/portal/mfa/enrol", null, enrolSession);
  $("enrol-loading").hidden = true;
  if (!res.ok) return setError(null, "enrol-error", res.message);
  $("qr").src = res.data.qr;
  $("secret").textContent = res.data.secret.replace(/(.{4})/g, "$1 ").trim();
  $("enrol-ready").hidden = false;
}

$("enrol-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = $("enrol-code").value.replace(/\\s/g, "");
  if (!code) return setError("enrol-code", "enrol-code-error", copy.errors.empty_code);
  setError("enrol-code", "enrol-code-error", "");
  busy($("enrol-submit"), true, copy.verifying);
  const res = await call("POST", "/v1/portal/mfa/confirm", { code }, enrolSession);
  busy($("enrol-submit"), false);
  if (!res.ok) return setError("enrol-code", "enrol-code-error", res.message);
  const list = $("recovery-codes");
  list.replaceChildren(...res.data.recovery_codes.map((c) => Object.assign(document.createElement("li"), { textContent: c })));
  show("recovery", copy.recoveryTitle);
});

$("recovery-form").addEventListener("submit", (event) => {
  event.preventDefault();
  if (!$("saved").checked) return setError("saved", "saved-error", copy.errors.unsaved);
  location.assign("/portal/" + encodeURIComponent(enrolSession.split(".")[1] || "") + "#" + new URLSearchParams({ session: enrolSession }));
});

if (challenge) showMfa();
else if (enrolSession) startEnrolment();
`;
