import { and, eq, inArray, sum } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { documents, transactions, type DocumentLine } from "../db/schema/index.ts";
import { takeDocumentNumber } from "../documents/numbering.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { allocate, money } from "../money.ts";

export interface RecordRefundInput {
  paymentId: string;
  amount: number;
  at?: Date;
}

/**
 * Gives back part or all of an approved payment and issues a credit note for it.
 * The payment row is locked, so concurrent refunds can never return more than
 * was paid. (The gateway issue adds settlement, voids and the retry queue.)
 */
export async function recordRefund(ctx: CoreContext, merchantId: string, input: RecordRefundInput): Promise<{ id: string; creditNoteId: string }> {
  return ctx.db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, input.paymentId), eq(transactions.kind, "payment")))
      .for("update");
    if (!payment) throw new DomainError("not_found", "payment_not_found", `No payment ${input.paymentId}.`);
    if (payment.status !== "approved") {
      throw new DomainError("conflict", "refund_requires_approved_payment", "Only an approved payment can be refunded.");
    }
    const amount = money(input.amount, payment.currency);
    if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "A refund must be for a positive amount.");
    const [{ value: refunded } = { value: "0" }] = await tx
      .select({ value: sum(transactions.amount) })
      .from(transactions)
      .where(and(eq(transactions.merchantId, merchantId), eq(transactions.parentId, payment.id), inArray(transactions.status, ["approved", "pending"])));
    const remaining = payment.amount - Number(refunded ?? 0);
    if (amount.amount > remaining) {
      throw new DomainError("conflict", "refund_exceeds_remaining", `At most ${remaining} minor units of this payment can still be refunded.`, {
        remaining: { amount: remaining, currency: payment.currency },
      });
    }

    const at = input.at ?? ctx.clock.now();
    const id = newId("txn");
    await tx.insert(transactions).values({
      id,
      merchantId,
      customerId: payment.customerId,
      orderId: payment.orderId,
      kind: "refund",
      status: "approved",
      amount: amount.amount,
      currency: amount.currency,
      parentId: payment.id,
      createdAt: at,
      settledAt: at,
    });

    const [invoice] = payment.invoiceId
      ? await tx.select().from(documents).where(and(eq(documents.merchantId, merchantId), eq(documents.id, payment.invoiceId)))
      : [];
    const lines = creditNoteLines(amount.amount, payment.currency, invoice);
    const subtotal = lines.filter((l) => l.kind === "item").reduce((s, l) => s + l.amount, 0);
    const creditNoteId = newId("doc");
    await tx.insert(documents).values({
      id: creditNoteId,
      merchantId,
      customerId: payment.customerId,
      orderId: payment.orderId,
      kind: "credit_note",
      number: await takeDocumentNumber(tx, merchantId, "credit_note"),
      status: "issued",
      transactionId: id,
      invoiceId: invoice?.id ?? null,
      currency: payment.currency,
      subtotalAmount: subtotal,
      taxAmount: amount.amount - subtotal,
      totalAmount: amount.amount,
      lines,
      issuedAt: at,
    });
    return { id, creditNoteId };
  });
}

// A refund gives back tax in the same proportion as the invoice charged it.
function creditNoteLines(amount: number, currency: string, invoice: { number: string; subtotalAmount: number; taxAmount: number } | undefined): DocumentLine[] {
  const label = invoice ? `Refund for invoice ${invoice.number}` : "Refund";
  if (!invoice || invoice.taxAmount === 0) return [{ kind: "item", description: label, quantity: 1, unitAmount: amount, amount }];
  const [net, tax] = allocate(money(amount, currency), [invoice.subtotalAmount, invoice.taxAmount]);
  return [
    { kind: "item", description: label, quantity: 1, unitAmount: net!.amount, amount: net!.amount },
    { kind: "tax", description: "Tax refunded", quantity: 1, unitAmount: tax!.amount, amount: tax!.amount },
  ];
}
