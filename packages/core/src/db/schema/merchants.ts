import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Per-merchant portal preferences (the settings matrix, P6); later issues add to it. */
export interface MerchantSettings {
  portalEnabled?: boolean;
  bannerMessage?: string | null;
  cancellation?: "off" | "automatic" | "manual";
  refunds?: "off" | "automatic" | "manual";
  reactivate?: boolean;
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
    /** Staff addresses told about things that need a person, e.g. a refund the gateway kept refusing (R4). */
    notifyEmails: jsonb("notify_emails").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [check("merchants_mode_check", sql`${t.mode} in ('test', 'live')`)],
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
