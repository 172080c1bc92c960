import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

export const BALANCE_ENTRY_KINDS = ["staff_credit", "top_up", "invoice_payment", "refund_to_balance", "support_fee", "proration_credit"] as const;

/**
 * The account credit ledger (R6, A7): credits are positive, uses negative; a
 * customer's balance in a currency is the sum of its entries, never below zero.
 */
export const balanceEntries = pgTable(
  "balance_entries",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    kind: text("kind", { enum: BALANCE_ENTRY_KINDS }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** The transaction or document this entry belongs to. */
    reference: text("reference"),
    note: text("note"),
    actor: text("actor"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("balance_entries_customer_idx").on(t.merchantId, t.customerId, t.currency),
    check("balance_entries_amount_check", sql`${t.amount} <> 0`),
    check("balance_entries_kind_check", sql`${t.kind} in ('staff_credit', 'top_up', 'invoice_payment', 'refund_to_balance', 'support_fee', 'proration_credit')`),
  ],
);

/** Fees staff charge on a ticket (H8): an expense on the account balance, which may go negative. */
export const supportFees = pgTable(
  "support_fees",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    ticketId: text("ticket_id").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    actor: text("actor").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("support_fees_ticket_idx").on(t.merchantId, t.ticketId), check("support_fees_amount_check", sql`${t.amount} > 0`)],
);
