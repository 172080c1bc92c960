import { sql } from "drizzle-orm";
import { check, customType, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CustomerFieldAccess } from "./customers.ts";

/** Per-merchant portal preferences (the settings matrix, P6); later issues add to it. */
export interface MerchantSettings {
  portalEnabled?: boolean;
  bannerMessage?: string | null;
  /** The hosted portal's `/p/<slug>`: lowercase letters, digits and single hyphens; unique across merchants (index below). */
  portalSlug?: string | null;
  /** Extra tabs of the hosted portal (at most five); the label is one text or one per locale. */
  customTabs?: CustomTab[];
  cancellation?: "off" | "automatic" | "manual";
  refunds?: "off" | "automatic" | "manual";
  reactivate?: boolean;
  /** S2: a scheduled cancellation may be taken back; absent = as `cancellation` is on or off. */
  removeScheduledCancellation?: boolean;
  showCreditNotes?: boolean;
  addPaymentMethods?: boolean;
  saveCardDefault?: boolean;
  bulkInvoicePayment?: boolean;
  helpdeskBillingSection?: boolean;
  preventDuplicatePayments?: boolean;
  refundDepartmentId?: string | null;
  cancellationDepartmentId?: string | null;
  incidentsOnRegistration?: number;
  incidentsOnFirstPayment?: number;
  incidentsOnFirstCharge?: number;
  incidentsForFunds?: { amount: number; currency: string; incidents: number } | null;
  /** S1/A1: when a customer's cancellation takes effect: at the end of the term, at once, or their choice. */
  cancellationTiming?: "end_of_term" | "immediately" | "either";
  /** A1: a coupon offered before the final confirm of a cancellation; null = no offer. */
  retentionCouponId?: string | null;
  /** S3: customers may pause and resume now, on a date, or both; `true`/`false` are the stored values of old ("both"/"off"). */
  pauseResume?: boolean | "off" | "now" | "scheduled" | "both";
  /** S4: customers may extend a trial by this many days, up to `maxTrialExtensions` times; 0 = off. */
  trialExtensionDays?: number;
  maxTrialExtensions?: number;
  /** S4: customers may end a trial early and start paying. */
  activateTrialNow?: boolean;
  /** S5/A2: customers may change plan or price point: at once (prorated), at term end, either, or not at all. */
  changePlan?: "off" | "immediately" | "end_of_term" | "either";
  /** S5: price point or product ids a customer may switch to; empty = every plan the current one offers. */
  planChangeTargets?: string[];
  /** S5: customers may change the quantity (within the price's minimum and maximum), when; `true`/`false` of old = "either"/"off". */
  changeQuantity?: boolean | "off" | "immediately" | "end_of_term" | "either";
  /** S5: a change scheduled for the term's end may be undone; absent = as plan or quantity changes are on. */
  undoScheduledChange?: boolean;
  /** S6: customers may add and remove addons, and apply and remove coupons. */
  manageAddons?: boolean;
  /** S6: addon price point or product ids customers may manage; empty = all. */
  addonsAllowed?: string[];
  applyCoupons?: boolean;
  /** S7: customers may turn autocharge off and on. */
  autochargeToggle?: boolean;
  /** S7: customers may remove the subscription's card; absent = as `autochargeToggle`. */
  removeSubscriptionPaymentMethod?: boolean;
  /** Per subscription action: the statuses and billing modes ("autocharge" / "manual") it is offered in. */
  subscriptionActions?: Partial<Record<string, { statuses?: string[]; billingModes?: ("autocharge" | "manual")[] }>>;
  /** A6: customers may start a new subscription or resubscribe from the portal. */
  newSubscriptions?: boolean;
  /** A6: price point or product ids customers may start; empty = every recurring plan on sale. */
  newSubscriptionPlans?: string[];
  /** Customers may rate the shop and leave a comment only the shop reads. */
  shopReviews?: boolean;
  /** S9 dunning: days after a declined renewal to retry, in order; then `dunningFinalAction`. */
  dunningRetryDays?: number[];
  /** S9: after the last retry fails, cancel the subscription, or leave the invoice unpaid and the subscription active. */
  dunningFinalAction?: "cancel" | "unpaid";
  sessionIdleMinutes?: number;
  sessionLifetimeHours?: number;
  linkTtlMinutes?: number;
  actionLinkTtlHours?: number;
  selfSignIn?: boolean;
  mfaRequired?: boolean;
  staffMfa?: "optional" | "required";
  staffSessionIdleMinutes?: number;
  staffSessionLifetimeHours?: number;
  /** A3: per customer field, how the portal shows it; fields left out keep their default. */
  customerFields?: Partial<CustomerFieldAccess>;
  /** P2: e-mail the customer a portal invite on their first successful subscription payment. */
  autoInvite?: boolean;
  /** Customers may forward an invoice, receipt or credit note to another address from the portal. */
  forwardDocuments?: boolean;
  /** Messages that have a short form (links, codes, card and payment alerts) also go by SMS to customers with a phone number. */
  smsNotifications?: boolean;
  /** M5: portal activity e-mailed to the notify addresses (each kind off unless set). */
  activityEmails?: { payments?: boolean; requests?: boolean; tickets?: boolean };
}

/** A link to one of the merchant's own pages, shown as a tab of the hosted portal (W2). */
export interface CustomTab {
  label: string | Record<string, string>;
  url: string;
}

export const merchants = pgTable(
  "merchants",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    mode: text("mode", { enum: ["test", "live"] }).notNull().default("test"),
    /** Origins (scheme://host[:port]) whose pages may call the portal API from a browser (P5). */
    allowedOrigins: jsonb("allowed_origins").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    settings: jsonb("settings").$type<MerchantSettings>().notNull().default(sql`'{}'::jsonb`),
    defaultLocale: text("default_locale").notNull().default("en"),
    address: text("address"),
    /** Shown at the top of e-mails and on the hosted portal (W6): an https (or data: image) URL; checked when stored and when shown. */
    logoUrl: text("logo_url"),
    /** The merchant's colour (#rrggbb) for buttons and accents in e-mails and the hosted portal. */
    brandColor: text("brand_color"),
    /** Staff addresses told about things that need a person, e.g. a refund the gateway kept refusing (R4). */
    notifyEmails: jsonb("notify_emails").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** The shop's IANA time zone (`Europe/Berlin`), for dates shown to people; stored canonical. */
    timeZone: text("time_zone").notNull().default("UTC"),
    /** Where customers write to the shop (shown on hosted pages and e-mails); null = none given. */
    supportEmail: text("support_email"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    check("merchants_mode_check", sql`${t.mode} in ('test', 'live')`),
    // Two shops asking for one portal address at once: the index decides (P6 portal slug).
    uniqueIndex("merchants_portal_slug_key").on(sql`(${t.settings} ->> 'portalSlug')`),
  ],
);

/** Secret API keys; only a SHA-256 hash is stored, the key itself is shown once. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    hash: text("hash").notNull().unique(),
    /** First characters of the key, for recognising it in a list (never enough to use it). */
    hint: text("hint").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("api_keys_merchant_idx").on(t.merchantId)],
);

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });

/**
 * The merchant's https logo as fetched once when it was set (PNG or JPEG, at
 * most 1 MB), so documents print it without fetching anything while they
 * render. `sourceUrl` is the logo_url it was fetched from: a row for an older
 * URL is not printed.
 */
export const merchantLogos = pgTable(
  "merchant_logos",
  {
    merchantId: text("merchant_id").primaryKey().references(() => merchants.id),
    sourceUrl: text("source_url").notNull(),
    contentType: text("content_type", { enum: ["image/png", "image/jpeg"] }).notNull(),
    data: bytea("data").notNull(),
    fetchedAt: timestamp("fetched_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [check("merchant_logos_content_type_check", sql`${t.contentType} in ('image/png', 'image/jpeg')`)],
);
