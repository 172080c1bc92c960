import type { documents, skippedPayments, transactions } from "../db/schema/index.ts";
import { documentFileName } from "../documents/rules.ts";
import { money } from "../money.ts";
import type { DocumentRef, HistoryRow } from "../orders/views.ts";

type Txn = typeof transactions.$inferSelect;
type Doc = typeof documents.$inferSelect;
type Skipped = typeof skippedPayments.$inferSelect;

export function documentRef(doc: Doc): DocumentRef {
  return { id: doc.id, kind: doc.kind, number: doc.number, file_name: documentFileName(doc.kind, doc.number) };
}

/**
 * Merges payments, refunds, unpaid invoices and skipped payments into one
 * newest-first history (O3). An approved payment carries its invoice and receipt,
 * a refund its credit note; a declined payment carries only its decline code.
 */
export function buildHistoryRows(
  input: {
    transactions: Txn[];
    documents: Doc[];
    skipped: Skipped[];
    orderNumbers: Map<string, string>;
    pendingRefundRequests?: Set<string>;
    /** Payments a refund request would be taken for (the refunds setting and refund periods); absent: no such limit. */
    refundRequestable?: Set<string>;
    /** Orders that are paused or cancelled: view-and-download only (O8), so their invoices are not payable here. */
    viewOnlyOrders?: Set<string>;
  },
  options: { showCreditNotes: boolean; preventDuplicatePayments?: boolean },
): HistoryRow[] {
  const docs = input.documents;
  const byId = new Map(docs.map((d) => [d.id, d]));
  const orderNumber = (id: string | null) => (id ? (input.orderNumbers.get(id) ?? null) : null);
  const rows: HistoryRow[] = [];

  for (const t of input.transactions) {
    const attached: DocumentRef[] = [];
    let status: string = t.status;
    if (t.kind === "payment") {
      if (t.status === "approved") {
        const invoice = t.invoiceId ? byId.get(t.invoiceId) : undefined;
        if (invoice) attached.push(documentRef(invoice));
        const receipt = docs.find((d) => d.kind === "receipt" && d.transactionId === t.id);
        if (receipt) attached.push(documentRef(receipt));
        const refunded = input.transactions
          .filter((r) => r.kind === "refund" && r.parentId === t.id && r.status === "approved")
          .reduce((s, r) => s + r.amount, 0);
        if (refunded > 0) status = refunded >= t.amount ? "refunded" : "partially_refunded";
      }
    } else if (options.showCreditNotes) {
      const note = docs.find((d) => d.kind === "credit_note" && d.transactionId === t.id);
      if (note) attached.push(documentRef(note));
    }
    rows.push({
      id: t.id,
      type: t.kind,
      occurred_at: t.createdAt.toISOString(),
      order_id: t.orderId,
      order_number: orderNumber(t.orderId),
      status,
      amount: money(t.amount, t.currency),
      documents: attached,
      decline_code: t.status === "declined" ? t.declineCode : null,
      payable: false,
      refundable:
        t.kind === "payment" && t.status === "approved" && t.refundedAmount < t.amount && !input.pendingRefundRequests?.has(t.id) && (input.refundRequestable?.has(t.id) ?? true),
      refund_requested: input.pendingRefundRequests?.has(t.id) ?? false,
      comment: t.commentInPortal ? t.comment : null,
    });
  }

  for (const invoice of docs.filter((d) => d.kind === "invoice" && d.status !== "paid")) {
    // A payment still waiting for the bank (O6): the invoice shows as pending, and with duplicate
    // payments prevented (the default) it cannot be paid again until the bank answers.
    const awaitingBank = invoice.status === "open" && input.transactions.some((t) => t.kind === "payment" && t.status === "pending" && t.invoiceId === invoice.id);
    rows.push({
      id: invoice.id,
      type: "invoice",
      occurred_at: invoice.issuedAt.toISOString(),
      order_id: invoice.orderId,
      order_number: orderNumber(invoice.orderId),
      status: awaitingBank ? "pending" : invoice.status,
      amount: money(invoice.totalAmount, invoice.currency),
      documents: [documentRef(invoice)],
      decline_code: null,
      payable:
        invoice.status === "open" &&
        invoice.totalAmount > 0 &&
        !(awaitingBank && (options.preventDuplicatePayments ?? true)) &&
        !(invoice.orderId && input.viewOnlyOrders?.has(invoice.orderId)),
      refundable: false,
      refund_requested: false,
      comment: null,
    });
  }

  // Account credit staff granted (R6): a credit note with no refund behind it.
  for (const note of docs.filter((d) => d.kind === "credit_note" && d.transactionId === null && options.showCreditNotes)) {
    rows.push({
      id: note.id,
      type: "credit",
      occurred_at: note.issuedAt.toISOString(),
      order_id: note.orderId,
      order_number: orderNumber(note.orderId),
      status: "issued",
      amount: money(note.totalAmount, note.currency),
      documents: [documentRef(note)],
      decline_code: null,
      payable: false,
      refundable: false,
      refund_requested: false,
      comment: null,
    });
  }

  for (const skip of input.skipped) {
    rows.push({
      id: skip.id,
      type: "skipped_payment",
      occurred_at: skip.dueAt.toISOString(),
      order_id: skip.orderId,
      order_number: orderNumber(skip.orderId),
      status: "skipped",
      amount: money(skip.amount, skip.currency),
      documents: [],
      decline_code: null,
      payable: false,
      refundable: false,
      refund_requested: false,
      comment: null,
    });
  }

  return rows.sort((a, b) => (a.occurred_at === b.occurred_at ? b.id.localeCompare(a.id) : b.occurred_at.localeCompare(a.occurred_at)));
}
