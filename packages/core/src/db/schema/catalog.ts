import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    name: text("name").notNull(),
    /** Days after a payment during which an automatic refund may be granted (R5); null = no refunds. */
    refundPeriodDays: integer("refund_period_days"),
    /** Support incidents included per unit sold (H4); set = an incident package. One-time prices grant lifetime incidents, recurring ones per period. */
    incidents: integer("incidents"),
    /** Shown with the product in the catalog; null = none. */
    description: text("description"),
    /** Archived products are not offered for new orders or plan changes; subscriptions already on them keep renewing. */
    archivedAt: timestamp("archived_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("products_merchant_idx").on(t.merchantId), check("products_incidents_check", sql`${t.incidents} is null or ${t.incidents} > 0`)],
);

export const pricePoints = pgTable(
  "price_points",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    /** Null only for an order's own schedule price (see `orderId`). */
    productId: text("product_id").references(() => products.id),
    /**
     * Set on the price made for one recurring or instalment order placed through
     * the merchant API: it carries that order's interval (and instalment count)
     * so the billing engine can run the order like a subscription. Never sold
     * from the catalog (it has no product), never a plan to switch to.
     */
    orderId: text("order_id"),
    name: text("name").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** Null for a one-time price. */
    interval: text("interval", { enum: ["day", "week", "month", "year"] }),
    intervalCount: integer("interval_count").notNull().default(1),
    /** Set for instalment prices: the number of scheduled payments. */
    instalments: integer("instalments"),
    trialDays: integer("trial_days").notNull().default(0),
    /** An addon is sold on top of a plan (S6), recurring with it or once. */
    addon: boolean("addon").notNull().default(false),
    /** Plans (price point ids) a subscriber of this one may switch to (S5); empty = none. */
    switchTo: jsonb("switch_to").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    minQuantity: integer("min_quantity").notNull().default(1),
    /** Null = no upper bound. */
    maxQuantity: integer("max_quantity"),
    /** Archived prices are not sold to new orders or offered as plan changes; subscriptions on them keep renewing. */
    archivedAt: timestamp("archived_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("price_points_product_idx").on(t.merchantId, t.productId),
    check("price_points_amount_check", sql`${t.amount} >= 0`),
    check("price_points_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("price_points_interval_count_check", sql`${t.intervalCount} >= 1`),
    check("price_points_owner_check", sql`(${t.productId} is null) <> (${t.orderId} is null)`),
    uniqueIndex("price_points_order_key").on(t.orderId),
    check("price_points_quantity_check", sql`${t.minQuantity} >= 1 and (${t.maxQuantity} is null or ${t.maxQuantity} >= ${t.minQuantity})`),
  ],
);

/** Discounts a merchant offers (S6, A1 retention offers): percent or fixed, once, for N cycles or forever. */
export const coupons = pgTable(
  "coupons",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    /** What a customer types to apply it; unique per merchant. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    kind: text("kind", { enum: ["percent", "amount"] }).notNull(),
    /** Percent coupons: basis points (2500 = 25%). */
    percentOffBps: integer("percent_off_bps"),
    /** Amount coupons: minor units of `currency`. */
    amountOff: bigint("amount_off", { mode: "number" }),
    currency: text("currency"),
    duration: text("duration", { enum: ["once", "repeating", "forever"] }).notNull(),
    durationCycles: integer("duration_cycles"),
    /** Whether customers may apply it themselves by code (S6); retention offers need not be. */
    customerApplicable: boolean("customer_applicable").notNull().default(true),
    /** Deleted coupons can no longer be redeemed; where one is already applied it keeps discounting as agreed. */
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("coupons_merchant_code_key").on(t.merchantId, t.code),
    check(
      "coupons_shape_check",
      sql`(${t.kind} = 'percent' and ${t.percentOffBps} between 1 and 10000) or (${t.kind} = 'amount' and ${t.amountOff} > 0 and ${t.currency} ~ '^[A-Z]{3}$')`,
    ),
    check("coupons_duration_check", sql`${t.duration} <> 'repeating' or ${t.durationCycles} >= 1`),
  ],
);
