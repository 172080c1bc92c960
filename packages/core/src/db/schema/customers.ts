import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { MerchantSettings } from "./merchants.ts";
import { merchants } from "./merchants.ts";

/** How a customer field appears in the portal (A3, P6): editable, editable but never empty, shown only, or not at all. */
export type FieldAccess = "optional" | "mandatory" | "read_only" | "hidden";
/** The customer fields whose portal access a merchant sets (`customerFields`). */
export type CustomerFieldName = "name" | "email" | "phone" | "billingAddress" | "taxId";
export type CustomerFieldAccess = Record<CustomerFieldName, FieldAccess>;

/** A customer's billing address (A3); `country` is an ISO 3166-1 alpha-2 code. */
export interface BillingAddress {
  line1: string;
  line2: string | null;
  postal_code: string | null;
  city: string;
  region: string | null;
  country: string;
}

export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    email: text("email").notNull(),
    name: text("name"),
    locale: text("locale"),
    /** For SMS (E.164, e.g. +447700900123); optional. */
    phone: text("phone"),
    /** The merchant's own id for this customer, if they want to look it up by that. */
    externalId: text("external_id"),
    /** Set by an admin (M1): a blacklisted customer cannot open portal sessions. */
    /** Tickets to paid departments allowed on credit when out of incidents (H6); 0 = none. */
    incidentCreditLimit: integer("incident_credit_limit").notNull().default(0),
    /** Funds added that have not yet earned an incident (H5), in the merchant's funds-grant currency. */
    incidentFundsRemainder: bigint("incident_funds_remainder", { mode: "number" }).notNull().default(0),
    /** A sandbox test clock this customer lives on (A10); billing for them runs at its time. */
    testClockId: text("test_clock_id"),
    /** A4: portal settings that differ for this customer from the merchant's; keys left out follow the merchant. */
    settingsOverrides: jsonb("settings_overrides").$type<MerchantSettings>().notNull().default(sql`'{}'::jsonb`),
    blacklistedAt: timestamp("blacklisted_at", { withTimezone: true, mode: "date" }),
    /** A3 customer fields, each shown and edited in the portal as the merchant's `customerFields` setting allows. */
    billingAddress: jsonb("billing_address").$type<BillingAddress>(),
    taxId: text("tax_id"),
    /** What kind of number `tax_id` is (`eu_vat`, `gb_vat`, ...); null = not said. */
    taxIdType: text("tax_id_type"),
    /** M2 "other info": fields the merchant defines (funnel, page, ...), each a string; staff edit them, the portal never shows them. */
    customFields: jsonb("custom_fields").$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** A3: an address the customer asked to change to; it replaces `email` only once a code sent to it is confirmed. */
    pendingEmail: text("pending_email"),
    /** Salted SHA-256 of that code (`salt:hash`); the code itself is only in the e-mail. */
    emailCodeHash: text("email_code_hash"),
    emailCodeSentAt: timestamp("email_code_sent_at", { withTimezone: true, mode: "date" }),
    emailCodeExpiresAt: timestamp("email_code_expires_at", { withTimezone: true, mode: "date" }),
    /** Wrong codes tried against the current one; at the limit the code is dead. */
    emailCodeAttempts: integer("email_code_attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Deleted by the merchant (`DELETE /v1/customers/:id`): personal data anonymised, financial records kept. */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("customers_merchant_idx").on(t.merchantId),
    uniqueIndex("customers_merchant_external_id_key").on(t.merchantId, t.externalId),
  ],
);
