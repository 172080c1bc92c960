import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { pricePoints, products } from "./catalog.ts";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

export const ORDER_TYPES = ["one_time", "recurring", "instalment"] as const;
/**
 * The lifecycle facts stored on an order; the status a customer sees is derived
 * from these plus the last payment (orders/rules.ts).
 */
export const ORDER_STATES = ["open", "trialing", "active", "paused", "cancelled", "in_review", "complete"] as const;

/** How an order's hosted checkout collects: `charge` (default), `card_only` (save a card, no charge), `pre_authorize` (hold the amount, captured later). */
export const ORDER_CHECKOUTS = ["charge", "card_only", "pre_authorize"] as const;

export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    /** Human-facing order number, unique per merchant. */
    number: text("number").notNull(),
    type: text("type", { enum: ORDER_TYPES }).notNull(),
    state: text("state", { enum: ORDER_STATES }).notNull(),
    currency: text("currency").notNull(),
    /** Sum of the item lines, kept with the order so lists need no aggregation. */
    totalAmount: bigint("total_amount", { mode: "number" }).notNull(),
    instalmentCount: integer("instalment_count"),
    /** What the next scheduled payment will charge (recurring), when known. */
    nextBillingAmount: bigint("next_billing_amount", { mode: "number" }),
    /** Recurring: the card assigned to this subscription (else the customer's default). */
    paymentMethodId: text("payment_method_id"),
    autocharge: boolean("autocharge").notNull().default(true),
    nextBillingAt: timestamp("next_billing_at", { withTimezone: true, mode: "date" }),
    placedAt: timestamp("placed_at", { withTimezone: true, mode: "date" }).notNull(),
    /** What the hosted checkout does: charge the amount, only register a card, or authorise the amount for a later capture. */
    checkout: text("checkout", { enum: ORDER_CHECKOUTS }).notNull().default("charge"),
  },
  (t) => [
    index("orders_customer_placed_idx").on(t.merchantId, t.customerId, t.placedAt.desc(), t.id.desc()),
    uniqueIndex("orders_merchant_number_key").on(t.merchantId, t.number),
    check("orders_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("orders_total_check", sql`${t.totalAmount} >= 0`),
    check("orders_type_check", sql`${t.type} in ('one_time', 'recurring', 'instalment')`),
    check(
      "orders_state_check",
      sql`${t.state} in ('open', 'trialing', 'active', 'paused', 'cancelled', 'in_review', 'complete')`,
    ),
  ],
);

export const orderItems = pgTable(
  "order_items",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    orderId: text("order_id").notNull().references(() => orders.id),
    productId: text("product_id").references(() => products.id),
    pricePointId: text("price_point_id").references(() => pricePoints.id),
    /** `item` lines are sold goods; `tax` lines are taxes on them, shown separately. */
    kind: text("kind", { enum: ["item", "tax"] }).notNull().default("item"),
    description: text("description").notNull(),
    /** Tax lines: the rate in basis points (2000 = 20%). */
    taxRateBps: integer("tax_rate_bps"),
    quantity: integer("quantity").notNull(),
    unitAmount: bigint("unit_amount", { mode: "number" }).notNull(),
    /** quantity x unit_amount; the database refuses anything else. */
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [
    index("order_items_order_idx").on(t.merchantId, t.orderId),
    check("order_items_quantity_check", sql`${t.quantity} > 0`),
    check("order_items_kind_check", sql`${t.kind} in ('item', 'tax')`),
    check("order_items_amount_check", sql`${t.amount} = ${t.quantity} * ${t.unitAmount}`),
  ],
);
