/**
 * The settings matrix (P6) as the console's form shows it: which setting, in
 * which group, edited how. The rules behind each setting live in core; this
 * only says what kind of value the API takes (packages/bff/src/routes/staff.ts
 * `settingsBody`). A dotted key (`customerFields.phone`) is one field of a
 * nested setting, sent as the whole object.
 */
export type FieldKind =
  | { kind: "bool" }
  | { kind: "choice"; options: readonly string[] }
  | { kind: "number"; min: number; max: number }
  | { kind: "text"; max: number; nullable: true }
  /** Comma-separated ids (plans, addons), empty = all. */
  | { kind: "ids" }
  /** Comma-separated whole numbers (dunning retry days). */
  | { kind: "numbers"; min: number; max: number }
  /** The portal's custom tabs: one line per tab, "Label | https://address" (core checks the address is the shop's). */
  | { kind: "tabs" }
  /** A rule "so many incidents for each amount paid": amount (major units), currency, incidents; all empty = no rule. */
  | { kind: "funds" }
  /** Per subscription action, the statuses and billing modes it is offered in (core SubscriptionActionRule). */
  | { kind: "rules"; actions: readonly string[]; statuses: readonly string[]; billingModes: readonly string[] };

export interface FieldDef {
  key: string;
  field: FieldKind;
  /** Only the shop as a whole has it (A4 MERCHANT_ONLY_SETTINGS): not offered as a customer override. */
  merchantOnly?: boolean;
}

const bool = { kind: "bool" } as const;
const mode = { kind: "choice", options: ["off", "automatic", "manual"] } as const;
const changeMode = { kind: "choice", options: ["off", "immediately", "end_of_term", "either"] } as const;
const access = { kind: "choice", options: ["optional", "mandatory", "read_only", "hidden"] } as const;
const id = { kind: "text", max: 64, nullable: true } as const;
const count = { kind: "number", min: 0, max: 1000 } as const;

/** The API's names (core subscriptions/rules.ts SUBSCRIPTION_ACTIONS, SUBSCRIPTION_STATUSES; settings.ts BillingMode). */
const rules = {
  kind: "rules",
  actions: ["cancel", "remove_scheduled_cancellation", "reactivate", "pause", "resume", "edit_pause_schedule", "extend_trial", "activate_trial", "change_plan", "change_quantity", "undo_scheduled_change", "manage_addons", "apply_coupon", "autocharge_off", "autocharge_on", "remove_payment_method"],
  statuses: ["trialing", "active", "past_due", "paused", "cancelled", "expired"],
  billingModes: ["autocharge", "manual"],
} as const;

export const GROUPS = [
  "portal",
  "signIn",
  "payments",
  "refunds",
  "cancellation",
  "pause",
  "trials",
  "planChanges",
  "coupons",
  "helpdesk",
  "newSubscriptions",
  "subscriptionRules",
  "reviews",
] as const;
export type GroupId = (typeof GROUPS)[number];

export const FIELDS: Record<GroupId, FieldDef[]> = {
  portal: [
    { key: "portalEnabled", field: bool },
    { key: "autoInvite", field: bool },
    { key: "bannerMessage", field: { kind: "text", max: 500, nullable: true } },
    { key: "portalSlug", field: { kind: "text", max: 64, nullable: true }, merchantOnly: true },
    { key: "customTabs", field: { kind: "tabs" } },
    { key: "showCreditNotes", field: bool },
    { key: "forwardDocuments", field: bool },
    { key: "smsNotifications", field: bool },
    { key: "customerFields.name", field: access },
    { key: "customerFields.email", field: access },
    { key: "customerFields.phone", field: access },
    { key: "customerFields.billingAddress", field: access },
    { key: "customerFields.taxId", field: access },
    { key: "activityEmails.payments", field: bool, merchantOnly: true },
    { key: "activityEmails.requests", field: bool, merchantOnly: true },
    { key: "activityEmails.tickets", field: bool, merchantOnly: true },
  ],
  signIn: [
    { key: "selfSignIn", field: bool },
    { key: "mfaRequired", field: bool },
    { key: "sessionIdleMinutes", field: { kind: "number", min: 5, max: 1440 } },
    { key: "sessionLifetimeHours", field: { kind: "number", min: 1, max: 720 } },
    { key: "linkTtlMinutes", field: { kind: "number", min: 5, max: 60 } },
    { key: "actionLinkTtlHours", field: { kind: "number", min: 1, max: 168 } },
  ],
  payments: [
    { key: "addPaymentMethods", field: bool },
    { key: "saveCardDefault", field: bool },
    { key: "preventDuplicatePayments", field: bool },
    { key: "bulkInvoicePayment", field: bool },
    { key: "autochargeToggle", field: bool },
    { key: "removeSubscriptionPaymentMethod", field: bool },
    { key: "dunningRetryDays", field: { kind: "numbers", min: 1, max: 60 } },
    { key: "dunningFinalAction", field: { kind: "choice", options: ["cancel", "unpaid"] } },
  ],
  refunds: [
    { key: "refunds", field: mode },
    { key: "refundDepartmentId", field: id },
  ],
  cancellation: [
    { key: "cancellation", field: mode },
    { key: "cancellationTiming", field: { kind: "choice", options: ["end_of_term", "immediately", "either"] } },
    { key: "cancellationDepartmentId", field: id },
    { key: "retentionCouponId", field: id },
    { key: "reactivate", field: bool },
    { key: "removeScheduledCancellation", field: bool },
  ],
  pause: [{ key: "pauseResume", field: { kind: "choice", options: ["off", "now", "scheduled", "both"] } }],
  trials: [
    { key: "trialExtensionDays", field: { kind: "number", min: 0, max: 365 } },
    { key: "maxTrialExtensions", field: { kind: "number", min: 0, max: 12 } },
    { key: "activateTrialNow", field: bool },
  ],
  planChanges: [
    { key: "changePlan", field: changeMode },
    { key: "planChangeTargets", field: { kind: "ids" } },
    { key: "changeQuantity", field: changeMode },
    { key: "undoScheduledChange", field: bool },
    { key: "manageAddons", field: bool },
    { key: "addonsAllowed", field: { kind: "ids" } },
  ],
  coupons: [{ key: "applyCoupons", field: bool }],
  subscriptionRules: [{ key: "subscriptionActions", field: rules }],
  helpdesk: [
    { key: "helpdeskBillingSection", field: bool },
    { key: "incidentsOnRegistration", field: count },
    { key: "incidentsOnFirstPayment", field: count },
    { key: "incidentsOnFirstCharge", field: count },
    { key: "incidentsForFunds", field: { kind: "funds" } },
  ],
  newSubscriptions: [
    { key: "newSubscriptions", field: bool },
    { key: "newSubscriptionPlans", field: { kind: "ids" } },
  ],
  reviews: [{ key: "shopReviews", field: bool }],
};

export const ALL_FIELDS: FieldDef[] = GROUPS.flatMap((g) => FIELDS[g]);

/** A setting's value by (possibly dotted) key. */
export function valueAt(settings: Record<string, unknown>, key: string): unknown {
  const [head, tail] = key.split(".") as [string, string | undefined];
  const top = settings[head];
  return tail === undefined ? top : (top as Record<string, unknown> | null | undefined)?.[tail];
}

/** The server's error for a setting: its own key, or the first one inside it (`customTabs.0.url`, `incidentsForFunds.amount`). */
export function errorAt(errors: Record<string, string>, key: string): string | undefined {
  if (errors[key]) return errors[key];
  const inner = Object.keys(errors).find((k) => k.startsWith(`${key}.`));
  return inner ? errors[inner] : undefined;
}

/** Same value (lists and nulls included)? */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The request body for changed keys: top-level keys as they are; a dotted key
 * sends its whole object (the current one with the change applied), as the API takes it.
 */
export function bodyFor(current: Record<string, unknown>, changes: Map<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of changes) {
    const [head, tail] = key.split(".") as [string, string | undefined];
    if (tail === undefined) body[head] = value;
    else body[head] = { ...((current[head] as Record<string, unknown> | undefined) ?? {}), ...((body[head] as Record<string, unknown> | undefined) ?? {}), [tail]: value };
  }
  return body;
}
