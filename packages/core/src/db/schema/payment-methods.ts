import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/**
 * Saved cards (R1). Only the gateway's token and what a customer needs to
 * recognise the card are kept: brand, last four digits, expiry. Never the number.
 */
export const paymentMethods = pgTable(
  "payment_methods",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    gateway: text("gateway").notNull(),
    gatewayToken: text("gateway_token").notNull(),
    brand: text("brand").notNull(),
    last4: text("last4").notNull(),
    expMonth: integer("exp_month").notNull(),
    expYear: integer("exp_year").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    /** Not saved for future use (R1): charged once, then removed; never listed or defaulted. */
    singleUse: boolean("single_use").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    /** When the customer was told the card expires soon / has expired (R2); each reminder is sent once. */
    expiringRemindedAt: timestamp("expiring_reminded_at", { withTimezone: true, mode: "date" }),
    expiredRemindedAt: timestamp("expired_reminded_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("payment_methods_customer_idx").on(t.merchantId, t.customerId),
    // At most one default card per customer.
    uniqueIndex("payment_methods_one_default_key").on(t.merchantId, t.customerId).where(sql`${t.isDefault} and ${t.removedAt} is null`),
    check("payment_methods_last4_check", sql`${t.last4} ~ '^[0-9]{4}$'`),
    check("payment_methods_exp_check", sql`${t.expMonth} between 1 and 12`),
  ],
);
