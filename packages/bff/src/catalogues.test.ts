// Every catalogue of words in the repository, in every language (W3): widgets, <account-details>, the hosted
// portal, the BFF's pages (sign-in, link, checkout, card form), e-mails and PDFs. Each must have every key of
// English, deep, none empty, a function where English has one, and the languages must be exactly LANGUAGES.
// It lives in the BFF because the BFF is the package that sees all three.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LANGUAGES } from "@billfront/core";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, "..", "..");
const widgetsI18n = join(packages, "widgets", "src", "i18n");

type Catalogues = Record<string, unknown>;

async function load(path: string): Promise<Record<string, unknown>> {
  return (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Record<string, unknown>;
}

/** Catalogues in files named like `en.ts` / `account-en.ts`, one export each. */
async function fromFiles(dir: string, pattern: RegExp): Promise<Catalogues> {
  const out: Catalogues = {};
  for (const file of readdirSync(dir)) {
    const language = pattern.exec(file)?.[1];
    if (!language || file.endsWith(".test.ts")) continue;
    const exports = Object.values(await load(join(dir, file))).filter(isRecord);
    if (exports.length !== 1) throw new Error(`${file}: expected one exported catalogue, found ${exports.length}`);
    out[language] = exports[0];
  }
  return out;
}

/**
 * A copy module's catalogues however it exports them: a record keyed by
 * language (`{ en: {...}, de: {...} }`), or a function from a locale (or an
 * Accept-Language header) to the copy. A language the function answers with
 * the English copy is one the module does not have.
 */
async function fromModule(path: string): Promise<Catalogues> {
  const exports = await load(path);
  for (const value of Object.values(exports)) {
    if (isRecord(value) && isRecord(value.en) && Object.keys(value).every((k) => /^[a-z]{2}(-[A-Z]{2})?$/.test(k))) return value;
  }
  for (const value of Object.values(exports)) {
    if (typeof value !== "function") continue;
    const english = safeCall(value, "en");
    if (!isRecord(english)) continue;
    const out: Catalogues = { en: english };
    for (const language of LANGUAGES.slice(1)) {
      const copy = safeCall(value, language);
      if (isRecord(copy) && copy !== english && JSON.stringify(copy) !== JSON.stringify(english)) out[language] = copy;
    }
    return out;
  }
  throw new Error(`${path}: no catalogue record or locale function exported`);
}

function safeCall(fn: Function, language: string): unknown {
  try {
    return (fn as (locale: string) => unknown)(language);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What is wrong with `other` measured against English: missing, empty, mistyped or extra keys, by path. */
export function catalogueProblems(english: unknown, other: unknown, path = ""): string[] {
  if (typeof english === "function") return typeof other === "function" ? [] : [`${path}: a function in English, ${kindOf(other)} here`];
  if (typeof english === "string") {
    if (typeof other !== "string") return [`${path}: a string in English, ${kindOf(other)} here`];
    return other.trim() === "" ? [`${path}: empty`] : [];
  }
  if (Array.isArray(english)) {
    if (!Array.isArray(other)) return [`${path}: a list in English, ${kindOf(other)} here`];
    if (other.length !== english.length) return [`${path}: ${english.length} entries in English, ${other.length} here`];
    return english.flatMap((e, i) => catalogueProblems(e, other[i], `${path}[${i}]`));
  }
  if (isRecord(english)) {
    if (!isRecord(other)) return [`${path}: a record in English, ${kindOf(other)} here`];
    const problems = Object.keys(english).flatMap((key) => (key in other ? catalogueProblems(english[key], other[key], path ? `${path}.${key}` : key) : [`${path ? `${path}.` : ""}${key}: missing`]));
    for (const key of Object.keys(other)) if (!(key in english)) problems.push(`${path ? `${path}.` : ""}${key}: not in English`);
    return problems;
  }
  return typeof other === typeof english ? [] : [`${path}: ${kindOf(english)} in English, ${kindOf(other)} here`];
}

function kindOf(value: unknown): string {
  return value === undefined ? "nothing" : Array.isArray(value) ? "a list" : typeof value;
}

/** Every catalogue set, by where it lives. Copy files of the BFF's pages are checked once they exist. */
const SETS: { name: string; load: () => Promise<Catalogues> }[] = [
  { name: "widgets/src/i18n/<language>.ts (widget texts)", load: () => fromFiles(widgetsI18n, /^([a-z]{2})\.ts$/) },
  { name: "widgets/src/i18n/account-<language>.ts (<account-details>)", load: () => fromFiles(widgetsI18n, /^account-([a-z]{2})\.ts$/) },
  { name: "widgets/src/hosted-portal/messages.ts", load: () => fromModule(join(packages, "widgets", "src", "hosted-portal", "messages.ts")) },
  { name: "widgets/src/console/screens/order.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "order.messages.ts")) },
  { name: "widgets/src/console/screens/sign-in.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "sign-in.messages.ts")) },
  { name: "widgets/src/console/screens/settings.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "settings.messages.ts")) },
  { name: "widgets/src/console/screens/customers.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "customers.messages.ts")) },
  { name: "widgets/src/console/screens/customer.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "customer.messages.ts")) },
  { name: "bff/src/pages/sign-in-copy.ts", load: () => fromModule(join(here, "pages", "sign-in-copy.ts")) },
  { name: "bff/src/pages/link-copy.ts", load: () => fromModule(join(here, "pages", "link-copy.ts")) },
  { name: "bff/src/pages/checkout-copy.ts", load: () => fromModule(join(here, "pages", "checkout-copy.ts")) },
  ...(existsSync(join(here, "pages", "card-form-copy.ts")) ? [{ name: "bff/src/pages/card-form-copy.ts", load: () => fromModule(join(here, "pages", "card-form-copy.ts")) }] : []),
  { name: "widgets/src/console/screens/review-queue.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "review-queue.messages.ts")) },
  { name: "widgets/src/console/screens/helpdesk.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "helpdesk.messages.ts")) },
  { name: "widgets/src/console/screens/ticket.messages.ts", load: () => fromModule(join(packages, "widgets", "src", "console", "screens", "ticket.messages.ts")) },
  {
    name: "core/src/notifications/templates (e-mails)",
    load: async () => {
      const { CATALOGUES } = (await load(join(packages, "core", "src", "notifications", "templates", "index.ts"))) as { CATALOGUES: { language: string }[] };
      return Object.fromEntries(CATALOGUES.map(({ language, ...catalogue }) => [language, catalogue]));
    },
  },
  { name: "core/src/documents/labels.ts (PDFs)", load: async () => (await load(join(packages, "core", "src", "documents", "labels.ts"))).DOCUMENT_LABELS as Catalogues },
];

describe("catalogues: every language has every text (W3)", () => {
  for (const set of SETS) {
    it(`${set.name} is written in exactly ${LANGUAGES.join(", ")}, each complete`, async () => {
      const catalogues = await set.load();
      expect.soft(Object.keys(catalogues).sort(), "languages").toEqual([...LANGUAGES].sort());
      const problems = Object.entries(catalogues).flatMap(([language, catalogue]) => catalogueProblems(catalogues.en, catalogue).map((p) => `${language}: ${p}`));
      expect(problems).toEqual([]);
    });
  }

  it("knows what is wrong with a catalogue", () => {
    const english = { a: "A", f: (n: number) => `${n}`, nested: { x: "X" } };
    expect(catalogueProblems(english, { a: " ", f: "1", nested: {}, extra: "E" })).toEqual(["a: empty", "f: a function in English, string here", "nested.x: missing", "extra: not in English"]);
  });
});

// ---- Every error code the portal API can send has a sentence for the customer -------------------------------

/** Codes a customer's session cannot meet: merchant API, staff console, onboarding and test clocks. */
const NOT_FOR_CUSTOMERS = new Set(
  `admin_only api_key_not_found comment_not_shown comment_required comment_too_long incidents_above_granted attempt_not_found attempt_owned_by_billing authorization_captured authorization_expired
  authorization_open authorization_released before_anchor capture_exceeds_authorization checkout_requires_one_time
  coupon_code_taken custom_tab_url_not_allowed customer_exists customer_has_active_subscriptions customer_has_balance
  customer_has_open_invoices customer_has_pending_payments customer_has_subscriptions customer_unreachable event_not_found
  fee_not_found flow_subject_not_expected flow_subject_required incident_pack_not_refundable incident_plan_period
  instalment_count_required instalment_not_skippable invalid_allocation invalid_api_key invalid_brand_color
  invalid_credit_limit invalid_custom_tabs invalid_cycle invalid_incident_count invalid_interval invalid_interval_count
  invalid_invoice_count invalid_logo_url invalid_origin invalid_period invalid_portal_slug invalid_price
  invalid_quantity_range invalid_refund_period invalid_subscription_actions invalid_switch_target invalid_tax_rate
  invalid_time_zone invalid_trial_days invite_rate_limited invoice_exists last_api_key merchant_not_found
  next_billing_in_past not_an_instalment_order order_not_in_progress order_not_recurring order_plan_not_changeable
  order_schedule_not_billable_now order_total_zero order_without_items origin_not_found partial_void_not_allowed
  portal_slug_taken pre_authorization_not_supported pre_authorization_single_invoice rejection_reason_required
  request_already_decided request_not_found return_url_not_allowed setting_not_overridable staff_ambiguous
  staff_disable_self staff_email_taken staff_not_found staff_not_named switch_requires_recurring test_clock_backwards
  test_clock_jump_too_far test_clock_not_found test_clock_out_of_range test_clocks_sandbox_only ticket_without_request
  trial_requires_recurring void_not_supported void_requires_approved_payment void_requires_unrefunded
  void_requires_unsettled webhook_endpoint_not_found webhook_url_insecure webhook_url_invalid webhook_url_private
  widgets_not_built sms_unreachable ticket_already_closed ticket_not_closed already_archived email_not_found custom
  partial_refund_requires_settlement action_not_available price_required
  secret_key_only staff_session_expired csrf_failed no_staff_session not_a_staff_member
  invalid_department_name department_name_taken`.split(/\s+/),
);
/**
 * Codes of other pages, each with its own copy: sign-in (sign-in-copy.ts), links (link-copy.ts), and the
 * account form's field errors (account-<language>.ts fieldErrors).
 */
const OWN_PAGE = /^(link_|sign_in_code_|self_sign_in_)|^(invalid_country|invalid_tax_id|invalid_tax_id_type|invalid_phone|invalid_postal_code|too_long)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "testing" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Every stable `code` thrown or answered in core and the BFF: DomainError(type, code), ProblemError(status, code), problem(c, status, code), refusals `{ code: "..." }`. */
function errorCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = [/DomainError\(\s*"[a-z_]+",\s*"([a-z_0-9]+)"/g, /ProblemError\(\s*\d+,\s*"([a-z_0-9]+)"/g, /problem\(\s*c,\s*[\w.]+,\s*"([a-z_0-9]+)"/g, /\bcode: "([a-z][a-z_]+)"/g];
  for (const file of [...sourceFiles(join(packages, "core", "src")), ...sourceFiles(join(packages, "bff", "src"))]) {
    const source = readFileSync(file, "utf8");
    for (const pattern of patterns) for (const match of source.matchAll(pattern)) if (!found.has(match[1]!)) found.set(match[1]!, relative(packages, file));
  }
  return found;
}

describe("error codes: every one a customer can meet reads as a sentence in every language (W3)", () => {
  it("has a message in the widgets' errors for every portal error code (or the *_not_allowed sentence)", async () => {
    const { en } = (await load(join(widgetsI18n, "en.ts"))) as { en: { errors: Record<string, string> } };
    const account = (await load(join(widgetsI18n, "account-en.ts"))) as { accountEn: { errors: Record<string, string>; fieldErrors: Record<string, string> } };
    const covered = (code: string) =>
      code in en.errors || code.endsWith("_not_allowed") || code in account.accountEn.errors || code in account.accountEn.fieldErrors || NOT_FOR_CUSTOMERS.has(code) || OWN_PAGE.test(code);
    const codes = errorCodes();
    expect(codes.size).toBeGreaterThan(150);
    const missing = [...codes].filter(([code]) => !covered(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing, "codes without a customer-facing message: add them to the widgets' errors in every language, or to NOT_FOR_CUSTOMERS").toEqual([]);
  });
});
