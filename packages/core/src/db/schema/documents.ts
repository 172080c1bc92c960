import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";
import { orders } from "./orders.ts";

export const DOCUMENT_KINDS = ["invoice", "receipt", "credit_note"] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const DOCUMENT_STATUSES = ["open", "paid", "void", "issued"] as const;

/** A line as printed on a document; copied at issue time so a document never changes afterwards. */
export interface DocumentLine {
  kind: "item" | "tax";
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

/** Invoices, receipts and credit notes (O3, O4, R6), numbered per merchant and kind without gaps. */
export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    orderId: text("order_id").references(() => orders.id),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    number: text("number").notNull(),
    /** Invoices: open / paid / void. Receipts and credit notes: issued. */
    status: text("status", { enum: DOCUMENT_STATUSES }).notNull(),
    /** Receipt: the payment it confirms. Credit note: the refund it documents. */
    transactionId: text("transaction_id"),
    /** Receipt or credit note: the invoice it relates to. */
    invoiceId: text("invoice_id"),
    currency: text("currency").notNull(),
    subtotalAmount: bigint("subtotal_amount", { mode: "number" }).notNull(),
    taxAmount: bigint("tax_amount", { mode: "number" }).notNull(),
    totalAmount: bigint("total_amount", { mode: "number" }).notNull(),
    lines: jsonb("lines").$type<DocumentLine[]>().notNull(),
    /** Instalment invoices: which instalment (1-based). */
    instalment: integer("instalment"),
    /** Recurring invoices: the service period billed (end exclusive). */
    periodStart: timestamp("period_start", { withTimezone: true, mode: "date" }),
    periodEnd: timestamp("period_end", { withTimezone: true, mode: "date" }),
    /** Subscription invoices (S9): which subscription and period; one invoice per period, enforced below. */
    subscriptionId: text("subscription_id"),
    billingCycle: integer("billing_cycle"),
    issuedAt: timestamp("issued_at", { withTimezone: true, mode: "date" }).notNull(),
    dueAt: timestamp("due_at", { withTimezone: true, mode: "date" }),
    paidAt: timestamp("paid_at", { withTimezone: true, mode: "date" }),
    /**
     * The "bill to" lines as printed, frozen when the customer is deleted (their
     * details anonymised): an issued document keeps its recipient. Null = print
     * the customer's current details.
     */
    billTo: jsonb("bill_to").$type<string[]>(),
  },
  (t) => [
    uniqueIndex("documents_merchant_kind_number_key").on(t.merchantId, t.kind, t.number),
    index("documents_order_idx").on(t.merchantId, t.orderId, t.issuedAt),
    index("documents_customer_idx").on(t.merchantId, t.customerId, t.issuedAt),
    index("documents_transaction_idx").on(t.merchantId, t.transactionId),
    // The billing engine's guard against a second invoice for one period, whatever workers crash or race (S9).
    uniqueIndex("documents_subscription_cycle_key").on(t.subscriptionId, t.billingCycle).where(sql`${t.kind} = 'invoice' and ${t.billingCycle} is not null`),
    check("documents_kind_check", sql`${t.kind} in ('invoice', 'receipt', 'credit_note')`),
    check("documents_status_check", sql`${t.status} in ('open', 'paid', 'void', 'issued')`),
    check("documents_total_check", sql`${t.totalAmount} = ${t.subtotalAmount} + ${t.taxAmount} and ${t.totalAmount} >= 0`),
  ],
);

/** The next number per merchant and document kind; taken under a row lock, so numbers never repeat or skip. */
export const documentSequences = pgTable(
  "document_sequences",
  {
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    kind: text("kind", { enum: DOCUMENT_KINDS }).notNull(),
    nextValue: integer("next_value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.kind] })],
);

/** A scheduled payment the merchant let the customer skip (O5, S8). */
export const skippedPayments = pgTable(
  "skipped_payments",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    orderId: text("order_id").notNull().references(() => orders.id),
    dueAt: timestamp("due_at", { withTimezone: true, mode: "date" }).notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    reason: text("reason"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("skipped_payments_order_idx").on(t.merchantId, t.orderId)],
);
