import type { documents, DocumentKind } from "../db/schema/index.ts";
import { money, type Money } from "../money.ts";
import { documentFileName } from "./rules.ts";

/** An invoice, receipt or credit note as the merchant API shows it. */
export interface DocumentView {
  id: string;
  kind: DocumentKind;
  number: string;
  /** Invoices: open / paid / void. Receipts and credit notes: issued. */
  status: "open" | "paid" | "void" | "issued";
  customer_id: string;
  order_id: string | null;
  subscription_id: string | null;
  /** Receipts and credit notes: the invoice they relate to. */
  invoice_id: string | null;
  /** Receipts: the payment they confirm; credit notes: the refund they document. */
  transaction_id: string | null;
  subtotal: Money;
  tax: Money;
  total: Money;
  lines: { kind: "item" | "tax"; description: string; quantity: number; unit_amount: Money; amount: Money }[];
  instalment: number | null;
  period_start: string | null;
  period_end: string | null;
  issued_at: string;
  due_at: string | null;
  paid_at: string | null;
  file_name: string;
  /** The merchant API address of its PDF. */
  pdf_url: string;
}

export function toDocumentView(doc: typeof documents.$inferSelect): DocumentView {
  const m = (amount: number) => money(amount, doc.currency);
  return {
    id: doc.id,
    kind: doc.kind,
    number: doc.number,
    status: doc.status,
    customer_id: doc.customerId,
    order_id: doc.orderId,
    subscription_id: doc.subscriptionId,
    invoice_id: doc.invoiceId,
    transaction_id: doc.transactionId,
    subtotal: m(doc.subtotalAmount),
    tax: m(doc.taxAmount),
    total: m(doc.totalAmount),
    lines: doc.lines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, unit_amount: m(l.unitAmount), amount: m(l.amount) })),
    instalment: doc.instalment,
    period_start: doc.periodStart?.toISOString() ?? null,
    period_end: doc.periodEnd?.toISOString() ?? null,
    issued_at: doc.issuedAt.toISOString(),
    due_at: doc.dueAt?.toISOString() ?? null,
    paid_at: doc.paidAt?.toISOString() ?? null,
    file_name: documentFileName(doc.kind, doc.number),
    pdf_url: `/v1/documents/${doc.id}/pdf`,
  };
}
