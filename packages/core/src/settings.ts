import type { CustomerFieldAccess } from "./db/schema/customers.ts";
import type { CustomTab, MerchantSettings } from "./db/schema/merchants.ts";

export type { CustomTab };
import type { SubscriptionAction, SubscriptionStatus } from "./subscriptions/rules.ts";

/** S3: customers may pause and resume at once, on a date they choose, both, or not at all. */
export type PauseResumeMode = "off" | "now" | "scheduled" | "both";
/** S5: when a customer's plan or quantity change applies: at once (prorated), at the term's end, their choice, or never. */
export type ChangeMode = "off" | "immediately" | "end_of_term" | "either";
/** How a subscription is paid: charged automatically, or invoiced with a pay link (S7). */
export type BillingMode = "autocharge" | "manual";

/**
 * Where one subscription action is offered at all (the Zoho "Advanced" matrix):
 * only in these statuses and only for these billing modes. A list left out
 * does not restrict; the action's own setting must still allow it.
 */
export interface SubscriptionActionRule {
  statuses?: SubscriptionStatus[];
  billingModes?: BillingMode[];
}


/**
 * Portal preferences (P6) with every default filled in. Features that let a
 * customer change something default to off: a merchant opts in.
 */
export interface PortalSettings {
  portalEnabled: boolean;
  bannerMessage: string | null;
  /** The merchant's name in the hosted portal's address (`/p/<slug>`); unique across merchants. */
  portalSlug: string | null;
  /** Up to five extra tabs of the hosted portal. */
  customTabs: CustomTab[];
  /** Customer cancellation of subscriptions (S1, R5). */
  cancellation: "off" | "automatic" | "manual";
  /** Customer refund requests (R5). */
  refunds: "off" | "automatic" | "manual";
  /** Paused or cancelled orders may be reactivated by the customer (O8, S2). */
  reactivate: boolean;
  /** S2: a cancellation scheduled for the term's end may be taken back by the customer. */
  removeScheduledCancellation: boolean;
  /** Credit notes appear in the billing history (P6 "show credit notes"). */
  showCreditNotes: boolean;
  /** Customers may add cards in the portal (R1). */
  addPaymentMethods: boolean;
  /** "Save for future use" starts ticked on payment forms (R1). */
  saveCardDefault: boolean;
  /** The helpdesk shows the customer's orders beside the tickets (H2). */
  helpdeskBillingSection: boolean;
  /** Customers may pay several open invoices in one payment (O6). */
  bulkInvoicePayment: boolean;
  /** A second payment of an invoice is refused while one is still pending (O6). */
  preventDuplicatePayments: boolean;
  /** Where manual refund and cancellation requests become tickets (R5); null = a "Billing" department made on first use. */
  refundDepartmentId: string | null;
  cancellationDepartmentId: string | null;
  /** Lifetime incidents granted automatically (H5): on registration, on the first payment, on the first charge for a purchase. */
  incidentsOnRegistration: number;
  incidentsOnFirstPayment: number;
  incidentsOnFirstCharge: number;
  /** H5: `incidents` for every `amount` of funds added to the balance; the rest carries to the next top-up. */
  incidentsForFunds: { amount: number; currency: string; incidents: number } | null;
  /** S1/A1: when a customer's cancellation takes effect: at the end of the term, at once, or their choice. */
  cancellationTiming: "end_of_term" | "immediately" | "either";
  /** A1: a coupon offered before the final confirm of a cancellation; null = no offer. */
  retentionCouponId: string | null;
  /** S3: customers may pause and resume now, on a date, or both (stored `true`/`false` of old read as "both"/"off"). */
  pauseResume: PauseResumeMode;
  /** S4: customers may extend a trial by this many days, up to `maxTrialExtensions` times; 0 = off. */
  trialExtensionDays: number;
  maxTrialExtensions: number;
  /** S4: customers may end a trial early and start paying. */
  activateTrialNow: boolean;
  /** S5/A2: customers may change plan or price point: at once (prorated), at term end, either, or not at all. */
  changePlan: ChangeMode;
  /** S5: the plans (price point or product ids) a customer may switch to, among those the plan offers; empty = all of them. */
  planChangeTargets: string[];
  /** S5: customers may change the quantity (within the price's bounds), with the same timings as `changePlan` (stored `true` of old = "either"). */
  changeQuantity: ChangeMode;
  /** S5: a plan or quantity change scheduled for the term's end may be undone by the customer. */
  undoScheduledChange: boolean;
  /** S6: customers may add and remove addons, and apply and remove coupons. */
  manageAddons: boolean;
  /** S6: the addons (price point or product ids) customers may add, change and remove; empty = all of them. */
  addonsAllowed: string[];
  applyCoupons: boolean;
  /** S7: customers may turn autocharge off and on. */
  autochargeToggle: boolean;
  /** S7: customers may remove the card assigned to a subscription (which turns autocharge off). */
  removeSubscriptionPaymentMethod: boolean;
  /** Per action: the subscription statuses and billing modes it is offered in; an action left out is offered wherever its setting allows. */
  subscriptionActions: Partial<Record<SubscriptionAction, SubscriptionActionRule>>;
  /** A6: customers may start a new subscription or resubscribe from the portal. */
  newSubscriptions: boolean;
  /** A6: the plans (price point or product ids) customers may start themselves; empty = every recurring plan on sale. */
  newSubscriptionPlans: string[];
  /** Customers may rate the shop (1–5 stars) and leave a comment, which only the shop reads (Zoho "customer reviews"). */
  shopReviews: boolean;
  /** S9 dunning: days after a declined renewal to retry, in order; then `dunningFinalAction`. */
  dunningRetryDays: number[];
  /** S9: after the last retry fails, cancel the subscription, or leave the invoice unpaid and the subscription active. */
  dunningFinalAction: "cancel" | "unpaid";
  /** P1: a portal session ends after this many minutes without a request... */
  sessionIdleMinutes: number;
  /** ...and this many hours after it began, however busy. */
  sessionLifetimeHours: number;
  /** P2: sign-in and invite links (which open the whole portal) live this many minutes; at most 60. */
  linkTtlMinutes: number;
  /** P2: action links (update card, pay invoice) live this many hours, at most 168 (7 days), and open only their flow. */
  actionLinkTtlHours: number;
  /** P4: customers may ask for a sign-in code and link by e-mail on the hosted portal. */
  selfSignIn: boolean;
  /** P4: customers must pass a TOTP check (enrolling on first sign-in) before a self sign-in session opens the portal. */
  mfaRequired: boolean;
  /** M1: staff sign in with an e-mailed code alone ("optional": TOTP only for those who enrolled) or must also pass TOTP, enrolling on first sign-in ("required"). */
  staffMfa: "optional" | "required";
  /** M1: a staff console session ends after this many minutes without a request... */
  staffSessionIdleMinutes: number;
  /** ...and this many hours after it began, however busy. */
  staffSessionLifetimeHours: number;
  /** A3: per customer field, optional / mandatory (never empty) / read_only (shown) / hidden (not even sent) in the portal. */
  customerFields: CustomerFieldAccess;
  /** P2: a portal invite e-mail on the customer's first successful subscription payment. */
  autoInvite: boolean;
  /** Customers may forward an invoice, receipt or credit note by e-mail (at most 10 a day). */
  forwardDocuments: boolean;
  /** Short messages (links, codes, card and payment alerts) also go by SMS to customers with a phone number. */
  smsNotifications: boolean;
  /** M5: e-mail the merchant's notify addresses when a customer pays in the portal, asks for a refund or cancellation, or opens or answers a ticket. */
  activityEmails: ActivityEmails;
}

/** M5: which portal activity is e-mailed to the merchant's notify addresses. */
export interface ActivityEmails {
  payments: boolean;
  requests: boolean;
  tickets: boolean;
}

export const DEFAULT_SETTINGS: PortalSettings = {
  portalEnabled: true,
  bannerMessage: null,
  portalSlug: null,
  customTabs: [],
  cancellation: "off",
  refunds: "off",
  reactivate: false,
  removeScheduledCancellation: false,
  showCreditNotes: true,
  addPaymentMethods: true,
  saveCardDefault: true,
  helpdeskBillingSection: false,
  bulkInvoicePayment: true,
  preventDuplicatePayments: true,
  refundDepartmentId: null,
  cancellationDepartmentId: null,
  incidentsOnRegistration: 0,
  incidentsOnFirstPayment: 0,
  incidentsOnFirstCharge: 0,
  incidentsForFunds: null,
  cancellationTiming: "either",
  retentionCouponId: null,
  pauseResume: "off",
  trialExtensionDays: 0,
  maxTrialExtensions: 1,
  activateTrialNow: false,
  changePlan: "off",
  planChangeTargets: [],
  changeQuantity: "off",
  undoScheduledChange: false,
  manageAddons: false,
  addonsAllowed: [],
  applyCoupons: false,
  autochargeToggle: false,
  removeSubscriptionPaymentMethod: false,
  subscriptionActions: {},
  newSubscriptions: false,
  newSubscriptionPlans: [],
  shopReviews: false,
  dunningRetryDays: [3, 5, 7],
  dunningFinalAction: "cancel",
  sessionIdleMinutes: 30,
  sessionLifetimeHours: 8,
  linkTtlMinutes: 15,
  actionLinkTtlHours: 168,
  selfSignIn: false,
  mfaRequired: false,
  staffMfa: "optional",
  staffSessionIdleMinutes: 30,
  staffSessionLifetimeHours: 12,
  customerFields: { name: "optional", email: "mandatory", phone: "optional", billingAddress: "optional", taxId: "optional" },
  autoInvite: false,
  forwardDocuments: true,
  smsNotifications: false,
  activityEmails: { payments: false, requests: false, tickets: false },
};

/** Settings that name the merchant itself, which one customer cannot have differently (A4). */
export const MERCHANT_ONLY_SETTINGS: readonly (keyof PortalSettings)[] = ["portalSlug", "activityEmails", "staffMfa", "staffSessionIdleMinutes", "staffSessionLifetimeHours"];

/**
 * Stored (partial) settings merged over the defaults; later layers win, so
 * `resolveSettings(merchant, customerOverrides)` is what one customer gets (A4).
 *
 * Settings that were split or widened read their old stored values: a boolean
 * `pauseResume` or `changeQuantity` is "both"/"either" or "off", and the toggles
 * split off an older one follow it until they are set themselves (removing a
 * scheduled cancellation came with cancelling, undoing a scheduled change with
 * making one, removing the subscription's card with toggling autocharge).
 */
export function resolveSettings(...layers: (MerchantSettings | null | undefined)[]): PortalSettings {
  const stored: MerchantSettings = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) if (value !== undefined) (stored as Record<string, unknown>)[key] = value;
  }
  const settings = { ...DEFAULT_SETTINGS, ...stored } as PortalSettings;
  settings.pauseResume = stored.pauseResume === true ? "both" : stored.pauseResume === false || stored.pauseResume === undefined ? "off" : stored.pauseResume;
  settings.changeQuantity = stored.changeQuantity === true ? "either" : stored.changeQuantity === false || stored.changeQuantity === undefined ? "off" : stored.changeQuantity;
  settings.removeScheduledCancellation = stored.removeScheduledCancellation ?? settings.cancellation !== "off";
  settings.undoScheduledChange = stored.undoScheduledChange ?? (settings.changePlan !== "off" || settings.changeQuantity !== "off");
  settings.removeSubscriptionPaymentMethod = stored.removeSubscriptionPaymentMethod ?? settings.autochargeToggle;
  // Nested: a merchant who set one field's access keeps the defaults of the others (A3).
  settings.customerFields = { ...DEFAULT_SETTINGS.customerFields, ...stored.customerFields };
  settings.activityEmails = { ...DEFAULT_SETTINGS.activityEmails, ...stored.activityEmails };
  return settings;
}

/** The timings a change mode offers, as the portal API names them. */
export function changeModeTimings(mode: ChangeMode): ("now" | "end_of_term")[] {
  return mode === "either" ? ["now", "end_of_term"] : mode === "immediately" ? ["now"] : mode === "end_of_term" ? ["end_of_term"] : [];
}

/** The timings a pause/resume mode offers: at once, on a later date. */
export function pauseTimings(mode: PauseResumeMode): ("now" | "scheduled")[] {
  return mode === "both" ? ["now", "scheduled"] : mode === "now" ? ["now"] : mode === "scheduled" ? ["scheduled"] : [];
}

/** Whether an allow-list admits something known by these ids (a price point and its product); an empty list admits everything. */
export function allowedByList(list: readonly string[], ...ids: string[]): boolean {
  return list.length === 0 || ids.some((id) => list.includes(id));
}
