import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { coupons, pricePoints } from "./catalog.ts";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";
import { orders } from "./orders.ts";

/** The subscription lifecycle (S1–S9); transitions live in subscriptions/rules.ts. */
export const SUBSCRIPTION_STATUSES = ["trialing", "active", "past_due", "paused", "cancelled", "expired"] as const;

/** A sandbox merchant's frozen time (A10): customers attached to it are billed as of `frozenAt`. */
export const testClocks = pgTable(
  "test_clocks",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    name: text("name").notNull(),
    frozenAt: timestamp("frozen_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("test_clocks_merchant_idx").on(t.merchantId)],
);

/**
 * The billing side of a recurring order: plan, quantity, the current period and
 * everything scheduled. One per recurring order made through the catalog.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    orderId: text("order_id").notNull().references(() => orders.id),
    pricePointId: text("price_point_id").notNull().references(() => pricePoints.id),
    quantity: integer("quantity").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
    /** Periods are counted from here (month ends clamp but keep the anchor's day). A resume sets a new anchor. */
    anchorAt: timestamp("anchor_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The period now running, counted from the anchor; -1 before the first (during a trial). */
    cycle: integer("cycle").notNull(),
    /** The cycle that started at `anchorAt`; cycles only ever grow, so each period's invoice number (cycle) stays unique. */
    anchorCycle: integer("anchor_cycle").notNull().default(0),
    currentPeriodStart: timestamp("current_period_start", { withTimezone: true, mode: "date" }),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true, mode: "date" }),
    trialEndsAt: timestamp("trial_ends_at", { withTimezone: true, mode: "date" }),
    trialExtensions: integer("trial_extensions").notNull().default(0),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancelReason: text("cancel_reason"),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true, mode: "date" }),
    /** Scheduled pause and resume (S3); a paused subscription is not billed. */
    pauseAt: timestamp("pause_at", { withTimezone: true, mode: "date" }),
    resumeAt: timestamp("resume_at", { withTimezone: true, mode: "date" }),
    pausedAt: timestamp("paused_at", { withTimezone: true, mode: "date" }),
    /** A plan or quantity change scheduled for the end of the term (S5). */
    pendingPricePointId: text("pending_price_point_id"),
    pendingQuantity: integer("pending_quantity"),
    /** Dunning (S9): declined renewal attempts so far and when the next retry is due. */
    dunningAttempts: integer("dunning_attempts").notNull().default(0),
    nextRetryAt: timestamp("next_retry_at", { withTimezone: true, mode: "date" }),
    /** Staff skipped the next payment (S8): the next renewal is invoiced at zero. */
    skipNextPayment: boolean("skip_next_payment").notNull().default(false),
    testClockId: text("test_clock_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("subscriptions_order_key").on(t.orderId),
    index("subscriptions_customer_idx").on(t.merchantId, t.customerId),
    index("subscriptions_due_idx").on(t.status, t.currentPeriodEnd),
    check("subscriptions_quantity_check", sql`${t.quantity} >= 1`),
    check("subscriptions_status_check", sql`${t.status} in ('trialing', 'active', 'past_due', 'paused', 'cancelled', 'expired')`),
  ],
);

/** Addons on a subscription (S6): recurring ones are billed every period, one-time ones once. */
export const subscriptionAddons = pgTable(
  "subscription_addons",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    subscriptionId: text("subscription_id").notNull().references(() => subscriptions.id),
    pricePointId: text("price_point_id").notNull().references(() => pricePoints.id),
    quantity: integer("quantity").notNull(),
    /** One-time addons: when they were invoiced. */
    billedAt: timestamp("billed_at", { withTimezone: true, mode: "date" }),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("subscription_addons_sub_idx").on(t.merchantId, t.subscriptionId), check("subscription_addons_quantity_check", sql`${t.quantity} >= 1`)],
);

/** Coupons applied to a subscription (S6, A1) and how many cycles each has discounted. */
export const subscriptionCoupons = pgTable(
  "subscription_coupons",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    subscriptionId: text("subscription_id").notNull().references(() => subscriptions.id),
    couponId: text("coupon_id").notNull().references(() => coupons.id),
    cyclesApplied: integer("cycles_applied").notNull().default(0),
    appliedAt: timestamp("applied_at", { withTimezone: true, mode: "date" }).notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("subscription_coupons_sub_idx").on(t.merchantId, t.subscriptionId)],
);

