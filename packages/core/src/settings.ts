import type { CustomTab, MerchantSettings } from "./db/schema/merchants.ts";

/**
 * Portal preferences (P6) with every default filled in. Features that let a
 * customer change something default to off: a merchant opts in.
 */
export interface PortalSettings {
  portalEnabled: boolean;
  bannerMessage: string | null;
  /** Customer cancellation of subscriptions (S1, R5). */
  cancellation: "off" | "automatic" | "manual";
  /** Customer refund requests (R5). */
  refunds: "off" | "automatic" | "manual";
  /** Paused or cancelled orders may be reactivated by the customer (O8, S2). */
  reactivate: boolean;
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
  /** S3: customers may pause and resume, now or on a date. */
  pauseResume: boolean;
  /** S4: customers may extend a trial by this many days, up to `maxTrialExtensions` times; 0 = off. */
  trialExtensionDays: number;
  maxTrialExtensions: number;
  /** S4: customers may end a trial early and start paying. */
  activateTrialNow: boolean;
  /** S5/A2: customers may change plan or price point: at once (prorated), at term end, either, or not at all. */
  changePlan: "off" | "immediately" | "end_of_term" | "either";
  /** S5: customers may change the quantity (within the price's minimum and maximum). */
  changeQuantity: boolean;
  /** S6: customers may add and remove addons, and apply and remove coupons. */
  manageAddons: boolean;
  applyCoupons: boolean;
  /** S7: customers may turn autocharge off and on and remove the subscription's card. */
  autochargeToggle: boolean;
  /** A6: customers may start a new subscription or resubscribe from the portal. */
  newSubscriptions: boolean;
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
  /** W2: extra tabs of the hosted portal, each a link out to the merchant's site. */
  customTabs: CustomTab[];
  /** P6: the merchant's short name in hosted-portal addresses; null = the merchant id. */
  portalSlug: string | null;
}

export const DEFAULT_SETTINGS: PortalSettings = {
  portalEnabled: true,
  bannerMessage: null,
  cancellation: "off",
  refunds: "off",
  reactivate: false,
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
  pauseResume: false,
  trialExtensionDays: 0,
  maxTrialExtensions: 1,
  activateTrialNow: false,
  changePlan: "off",
  changeQuantity: false,
  manageAddons: false,
  applyCoupons: false,
  autochargeToggle: false,
  newSubscriptions: false,
  dunningRetryDays: [3, 5, 7],
  dunningFinalAction: "cancel",
  sessionIdleMinutes: 30,
  sessionLifetimeHours: 8,
  linkTtlMinutes: 15,
  actionLinkTtlHours: 168,
  selfSignIn: false,
  mfaRequired: false,
  customTabs: [],
  portalSlug: null,
};

/** Stored (partial) settings merged over the defaults. */
export function resolveSettings(stored: MerchantSettings | null | undefined): PortalSettings {
  return { ...DEFAULT_SETTINGS, ...(stored ?? {}) } as PortalSettings;
}
