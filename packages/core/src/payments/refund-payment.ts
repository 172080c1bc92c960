import { and, eq } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { documents, orders, paymentMethods, transactions, type DocumentLine } from "../db/schema/index.ts";
import { addBalanceEntry } from "../balance/ledger.ts";
import { emailMoney, queueEmail } from "../notifications/queue-email.ts";
import { takeDocumentNumber } from "../documents/numbering.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { reverseGrantsForPayment } from "../incidents/earned-grants.ts";
import { allocate, money } from "../money.ts";
import { isSettled, refundableAmount } from "./rules.ts";

export interface RefundPaymentInput {
  paymentId: string;
  amount: number;
  source?: "portal" | "staff" | "api" | "system";
  actor?: string | null;
  at?: Date;
}

export interface RefundResultView {
  id: string;
  /** approved: money on its way back, credit note issued. pending: the gateway failed; queued for retry (R4). */
  status: "approved" | "pending";
  credit_note_id: string | null;
}

/**
 * Refunds part or all of a settled payment (R3). The payment row is locked and
 * its running refunded total is checked, and the database refuses a total above
 * the payment, so concurrent refunds can never give back more than was paid.
 */
export async function refundPayment(ctx: CoreContext, merchantId: string, input: RefundPaymentInput): Promise<RefundResultView> {
  return ctx.db.transaction(async (tx) => {
    const payment = await lockPayment(tx, merchantId, input.paymentId);
    if (payment.status !== "approved") {
      throw new DomainError("conflict", "refund_requires_approved_payment", "Only an approved payment can be refunded.");
    }
    const now = input.at ?? (await customerNow(ctx, tx, merchantId, payment.customerId));
    if (!isSettled(payment, now)) {
      throw new DomainError("conflict", "refund_requires_settlement", "This payment has not settled yet: void it instead of refunding.");
    }
    const amount = money(input.amount, payment.currency);
    if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "A refund must be for a positive amount.");
    const remaining = refundableAmount(payment);
    if (amount.amount > remaining) {
      throw new DomainError("conflict", "refund_exceeds_remaining", `At most ${remaining} minor units of this payment can still be refunded.`, {
        remaining: { amount: remaining, currency: payment.currency },
      });
    }

    const id = newId("txn");
    let status: "approved" | "pending" = "approved";
    let reference: string | null = null;
    let failureCode: string | null = null;
    if (payment.gatewayReference) {
      const token = payment.paymentMethodId
        ? ((await tx.select({ token: paymentMethods.gatewayToken }).from(paymentMethods).where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, payment.paymentMethodId))))[0]?.token ?? null)
        : null;
      const result = await ctx.gateway.refund({ reference: payment.gatewayReference, token, amount, attempt: 1, idempotencyKey: id });
      reference = result.reference;
      if (result.status === "failed") {
        status = "pending";
        failureCode = result.failureCode;
      }
    }
    await tx
      .update(transactions)
      .set({ refundedAmount: payment.refundedAmount + amount.amount, settledAt: payment.settledAt ?? payment.settlesAt })
      .where(eq(transactions.id, payment.id));
    await tx.insert(transactions).values({
      id,
      merchantId,
      customerId: payment.customerId,
      orderId: payment.orderId,
      kind: "refund",
      status,
      amount: amount.amount,
      currency: amount.currency,
      parentId: payment.id,
      gatewayReference: reference,
      declineCode: failureCode,
      attempts: payment.gatewayReference ? 1 : 0,
      lastAttemptAt: payment.gatewayReference ? now : null,
      source: input.source ?? "system",
      actor: input.actor ?? null,
      createdAt: now,
      settledAt: status === "approved" ? now : null,
    });
    if (!payment.invoiceId && !payment.orderId) {
      // Refunding a top-up takes the funds back out of the account; refused if they were spent.
      await addBalanceEntry(tx, { merchantId, customerId: payment.customerId, kind: "top_up", amount: { amount: -amount.amount, currency: amount.currency }, reference: id, note: "Top-up refunded", at: now });
    }
    if (payment.funding === "balance") {
      // Account credit that paid an invoice goes back to the account, not to a card.
      await addBalanceEntry(tx, { merchantId, customerId: payment.customerId, kind: "refund_to_balance", amount, reference: id, at: now });
    }
    // Refunded in full, the payment is as if never made: incidents it earned go back (H5).
    if (payment.refundedAmount + amount.amount === payment.amount) await reverseGrantsForPayment(tx, merchantId, payment.id, now);
    const creditNoteId = status === "approved" ? await completeRefund(tx, payment, { id, amount: amount.amount }, now) : null;
    return { id, status, credit_note_id: creditNoteId };
  });
}

/** The payment row, locked; another merchant's payment is not found. */
export async function lockPayment(tx: Transaction, merchantId: string, paymentId: string) {
  const [payment] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, paymentId), eq(transactions.kind, "payment")))
    .for("update");
  if (!payment) throw new DomainError("not_found", "payment_not_found", `No payment ${paymentId}.`);
  return payment;
}

/** What follows an approved refund: its credit note (R6) and the customer's confirmation email (R7). */
export async function completeRefund(tx: Transaction, payment: typeof transactions.$inferSelect, refund: { id: string; amount: number }, at: Date): Promise<string> {
  const creditNoteId = await issueCreditNote(tx, payment, refund.id, refund.amount, at);
  const [[order], [note]] = await Promise.all([
    payment.orderId ? tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, payment.merchantId), eq(orders.id, payment.orderId))) : Promise.resolve([]),
    tx.select({ number: documents.number }).from(documents).where(and(eq(documents.merchantId, payment.merchantId), eq(documents.id, creditNoteId))),
  ]);
  await queueEmail(tx, {
    merchantId: payment.merchantId,
    customerId: payment.customerId,
    template: "refund_confirmation",
    subjectId: refund.id,
    vars: { amount: emailMoney({ amount: refund.amount, currency: payment.currency }), order: order?.number ?? "", credit_note: note?.number ?? "" },
    at,
  });
  return creditNoteId;
}

/** A credit note for an approved refund (R6), returning tax in the invoice's proportion. */
export async function issueCreditNote(
  tx: Transaction,
  payment: typeof transactions.$inferSelect,
  refundId: string,
  amount: number,
  at: Date,
): Promise<string> {
  const [invoice] = payment.invoiceId
    ? await tx.select().from(documents).where(and(eq(documents.merchantId, payment.merchantId), eq(documents.id, payment.invoiceId)))
    : [];
  const lines = creditNoteLines(amount, payment.currency, invoice);
  const subtotal = lines.filter((l) => l.kind === "item").reduce((s, l) => s + l.amount, 0);
  const creditNoteId = newId("doc");
  await tx.insert(documents).values({
    id: creditNoteId,
    merchantId: payment.merchantId,
    customerId: payment.customerId,
    orderId: payment.orderId,
    kind: "credit_note",
    number: await takeDocumentNumber(tx, payment.merchantId, "credit_note"),
    status: "issued",
    transactionId: refundId,
    invoiceId: invoice?.id ?? null,
    currency: payment.currency,
    subtotalAmount: subtotal,
    taxAmount: amount - subtotal,
    totalAmount: amount,
    lines,
    issuedAt: at,
  });
  return creditNoteId;
}

function creditNoteLines(amount: number, currency: string, invoice: { number: string; subtotalAmount: number; taxAmount: number } | undefined): DocumentLine[] {
  const label = invoice ? `Refund for invoice ${invoice.number}` : "Refund";
  if (!invoice || invoice.taxAmount === 0) return [{ kind: "item", description: label, quantity: 1, unitAmount: amount, amount }];
  const [net, tax] = allocate(money(amount, currency), [invoice.subtotalAmount, invoice.taxAmount]);
  return [
    { kind: "item", description: label, quantity: 1, unitAmount: net!.amount, amount: net!.amount },
    { kind: "tax", description: "Tax refunded", quantity: 1, unitAmount: tax!.amount, amount: tax!.amount },
  ];
}
