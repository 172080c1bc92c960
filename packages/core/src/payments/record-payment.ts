import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { documents, transactions } from "../db/schema/index.ts";
import { takeDocumentNumber } from "../documents/numbering.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";

export interface RecordPaymentInput {
  invoiceId: string;
  status: "approved" | "declined" | "pending";
  declineCode?: string;
  at?: Date;
}

/**
 * Records a payment attempt on an open invoice. Approved: the invoice is paid and
 * a receipt issued. Declined: the attempt is kept for the history (with its
 * reason) and the invoice stays open; a declined payment has no receipt.
 * The gateway issue (R3) puts the sandbox gateway in front of this.
 */
export async function recordPayment(ctx: CoreContext, merchantId: string, input: RecordPaymentInput): Promise<{ id: string; receiptId: string | null }> {
  return ctx.db.transaction(async (tx) => {
    const [invoice] = await tx
      .select()
      .from(documents)
      .where(and(eq(documents.merchantId, merchantId), eq(documents.id, input.invoiceId), eq(documents.kind, "invoice")))
      .for("update");
    if (!invoice) throw new DomainError("not_found", "invoice_not_found", `No invoice ${input.invoiceId}.`);
    if (invoice.status !== "open") throw new DomainError("conflict", "invoice_not_open", `Invoice ${invoice.number} is ${invoice.status}.`);
    if (invoice.totalAmount === 0) throw new DomainError("invalid", "nothing_to_pay", `Invoice ${invoice.number} is for nothing.`);

    const at = input.at ?? ctx.clock.now();
    const id = newId("txn");
    await tx.insert(transactions).values({
      id,
      merchantId,
      customerId: invoice.customerId,
      orderId: invoice.orderId,
      invoiceId: invoice.id,
      kind: "payment",
      status: input.status,
      amount: invoice.totalAmount,
      currency: invoice.currency,
      declineCode: input.status === "declined" ? (input.declineCode ?? "card_declined") : null,
      createdAt: at,
      settledAt: input.status === "approved" ? at : null,
    });
    if (input.status !== "approved") return { id, receiptId: null };

    await tx.update(documents).set({ status: "paid", paidAt: at }).where(eq(documents.id, invoice.id));
    const receiptId = newId("doc");
    await tx.insert(documents).values({
      id: receiptId,
      merchantId,
      customerId: invoice.customerId,
      orderId: invoice.orderId,
      kind: "receipt",
      number: await takeDocumentNumber(tx, merchantId, "receipt"),
      status: "issued",
      transactionId: id,
      invoiceId: invoice.id,
      currency: invoice.currency,
      subtotalAmount: invoice.subtotalAmount,
      taxAmount: invoice.taxAmount,
      totalAmount: invoice.totalAmount,
      lines: invoice.lines,
      instalment: invoice.instalment,
      issuedAt: at,
      paidAt: at,
    });
    return { id, receiptId };
  });
}
