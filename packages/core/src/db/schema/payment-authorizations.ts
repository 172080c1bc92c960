import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";
import { orders } from "./orders.ts";

/**
 * A card authorisation held for an order whose checkout is `pre_authorize`:
 * the amount is reserved on the card, not taken. Staff capture all or part of
 * it (a payment row is booked for what is captured, the rest released) or
 * release it; it cannot be captured after `expiresAt`.
 */
export const paymentAuthorizations = pgTable(
  "payment_authorizations",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    orderId: text("order_id").references(() => orders.id),
    invoiceId: text("invoice_id").notNull(),
    paymentMethodId: text("payment_method_id"),
    status: text("status", { enum: ["authorized", "captured", "released"] }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    capturedAmount: bigint("captured_amount", { mode: "number" }).notNull().default(0),
    /** The payment row booked by the capture. */
    paymentId: text("payment_id"),
    gatewayReference: text("gateway_reference").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("payment_authorizations_order_idx").on(t.merchantId, t.orderId),
    index("payment_authorizations_invoice_idx").on(t.merchantId, t.invoiceId, t.status),
    check("payment_authorizations_amount_check", sql`${t.amount} > 0 and ${t.capturedAmount} >= 0 and ${t.capturedAmount} <= ${t.amount}`),
  ],
);
