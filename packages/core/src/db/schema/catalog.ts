import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    name: text("name").notNull(),
    /** Days after a payment during which an automatic refund may be granted (R5); null = no refunds. */
    refundPeriodDays: integer("refund_period_days"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("products_merchant_idx").on(t.merchantId)],
);

export const pricePoints = pgTable(
  "price_points",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    productId: text("product_id").notNull().references(() => products.id),
    name: text("name").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** Null for a one-time price. */
    interval: text("interval", { enum: ["day", "week", "month", "year"] }),
    intervalCount: integer("interval_count").notNull().default(1),
    /** Set for instalment prices: the number of scheduled payments. */
    instalments: integer("instalments"),
    trialDays: integer("trial_days").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("price_points_product_idx").on(t.merchantId, t.productId),
    check("price_points_amount_check", sql`${t.amount} >= 0`),
    check("price_points_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("price_points_interval_count_check", sql`${t.intervalCount} >= 1`),
  ],
);
