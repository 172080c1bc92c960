import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
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
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    settledAt: timestamp("settled_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("transactions_order_idx").on(t.merchantId, t.orderId, t.createdAt),
    index("transactions_customer_idx").on(t.merchantId, t.customerId, t.createdAt),
    check("transactions_amount_check", sql`${t.amount} > 0`),
    check("transactions_kind_check", sql`${t.kind} in ('payment', 'refund')`),
    check("transactions_status_check", sql`${t.status} in ('pending', 'approved', 'declined', 'voided', 'failed')`),
    check("transactions_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);
