import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";
import { orders } from "./orders.ts";

export const TRANSACTION_KINDS = ["payment", "refund"] as const;
export const TRANSACTION_STATUSES = ["pending", "approved", "declined", "voided", "failed"] as const;

/** Money movements against an order: payments and the refunds that reverse them. */
export const transactions = pgTable(
  "transactions",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    orderId: text("order_id").references(() => orders.id),
    kind: text("kind", { enum: TRANSACTION_KINDS }).notNull(),
    status: text("status", { enum: TRANSACTION_STATUSES }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** For a payment, the invoice it pays. */
    invoiceId: text("invoice_id"),
    /** For a refund, the payment it gives money back from. */
    parentId: text("parent_id"),
    declineCode: text("decline_code"),
    /** The gateway's id for this payment or refund; null for payments recorded outside a gateway. */
    gatewayReference: text("gateway_reference"),
    paymentMethodId: text("payment_method_id"),
    /** Payments: where the money came from — a card, the account balance (R6), or outside Billfront. */
    funding: text("funding", { enum: ["card", "balance", "external"] }).notNull().default("external"),
    /** Payments: when the gateway settles the authorisation; until then it can be voided, not refunded (R3). */
    settlesAt: timestamp("settles_at", { withTimezone: true, mode: "date" }),
    /** Payments: refunds taken from it so far (approved or still being retried); never above the amount. */
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull().default(0),
    /** Refunds: gateway attempts made (R4 retries). */
    attempts: integer("attempts").notNull().default(0),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    /** Where the action came from (A9): portal, staff, api or system. */
    source: text("source", { enum: ["portal", "staff", "api", "system"] }).notNull().default("system"),
    /** Who did it, e.g. `api_key:key_...` or `customer:cus_...`. */
    actor: text("actor"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    settledAt: timestamp("settled_at", { withTimezone: true, mode: "date" }),
    /** M2: a staff comment on this payment or refund; the customer sees it in their billing history only with `commentInPortal`. */
    comment: text("comment"),
    commentInPortal: boolean("comment_in_portal").notNull().default(false),
    commentedAt: timestamp("commented_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("transactions_order_idx").on(t.merchantId, t.orderId, t.createdAt),
    index("transactions_customer_idx").on(t.merchantId, t.customerId, t.createdAt),
    check("transactions_amount_check", sql`${t.amount} > 0`),
    // The database's own guard that refunds never exceed the payment (R3), behind the row lock.
    check("transactions_refunded_check", sql`${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount}`),
    check("transactions_kind_check", sql`${t.kind} in ('payment', 'refund')`),
    check("transactions_status_check", sql`${t.status} in ('pending', 'approved', 'declined', 'voided', 'failed')`),
    check("transactions_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
