import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { documents, gatewayAttempts, orders, transactions, type DocumentLine } from "../db/schema/index.ts";
import { addBalanceEntry, lockCustomer } from "../balance/ledger.ts";
import { customerNow } from "../customers/customer-now.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { reverseGrantsForPayment } from "../incidents/earned-grants.ts";
import { allocate, money } from "../money.ts";
import { runMoneyMovement } from "./attempts/run-attempt.ts";
import type { RefundResultView } from "./book-refund.ts";
import { isSettled, refundableAmount } from "./rules.ts";

export type { RefundResultView };

export interface RefundPaymentInput {
  paymentId: string;
  amount: number;
  source?: "portal" | "staff" | "api" | "system";
  actor?: string | null;
  at?: Date;
  /** The same key is the same refund (R8); without one, each call is a new refund. */
  idempotencyKey?: string | undefined;
}

/**
 * Refunds part or all of a settled payment (R3). Under the customer's and the
 * payment's locks the amount is checked against what remains and reserved on
 * the payment (the database refuses a total above it, too), the refund row and
 * its gateway attempt are committed, and only then is the gateway asked.
 * A gateway failure leaves the refund pending for the daily retries (R4).
 */
export async function refundPayment(ctx: CoreContext, merchantId: string, input: RefundPaymentInput): Promise<RefundResultView> {
  const scope = await paymentScope(ctx, merchantId, input.paymentId);
  const idempotencyKey = input.idempotencyKey ?? `refund:${newId("txn")}`;
  return runMoneyMovement<RefundResultView>(ctx, scope, { purpose: "refund", idempotencyKey }, async (tx) => {
    await lockCustomer(tx, merchantId, scope.customerId);
    const payment = await lockPayment(tx, merchantId, input.paymentId);
    if (payment.status !== "approved") {
      throw new DomainError("conflict", "refund_requires_approved_payment", "Only an approved payment can be refunded.");
    }
    // Settlement is judged on the customer's clock (a test clock's, in a sandbox).
    const now = input.at ?? (await customerNow(ctx, tx, merchantId, scope.customerId));
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
    if (await movementInFlight(tx, merchantId, payment.id, "void")) {
      throw new DomainError("conflict", "payment_in_progress", "This payment is being voided.");
    }

    const id = newId("txn");
    const viaGateway = payment.gatewayReference !== null;
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
      status: viaGateway ? "pending" : "approved",
      amount: amount.amount,
      currency: amount.currency,
      parentId: payment.id,
      // Counted as tried now, so the retry run leaves it alone while the first try is on its way.
      attempts: viaGateway ? 1 : 0,
      lastAttemptAt: viaGateway ? now : null,
      source: input.source ?? "system",
      actor: input.actor ?? null,
      createdAt: now,
      settledAt: viaGateway ? null : now,
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
    if (!viaGateway) return { result: { id, status: "approved", credit_note_id: await completeRefund(tx, payment, { id, amount: amount.amount }, now) } };
    return {
      attempt: { kind: "refund", amount: amount.amount, currency: amount.currency, paymentId: payment.id, try: 1, target: { refund_id: id }, source: input.source ?? "system", actor: input.actor ?? null, at: now },
    };
  });
}

/** Who a payment belongs to (to scope its attempt); another merchant's payment is not found. */
export async function paymentScope(ctx: CoreContext, merchantId: string, paymentId: string): Promise<PortalScope> {
  const [row] = await ctx.db
    .select({ customerId: transactions.customerId })
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, paymentId), eq(transactions.kind, "payment")));
  if (!row) throw new DomainError("not_found", "payment_not_found", `No payment ${paymentId}.`);
  return { merchantId, customerId: row.customerId };
}

/** Whether a refund or void of this payment has been sent to the gateway and not booked yet. */
export async function movementInFlight(tx: Transaction, merchantId: string, paymentId: string, kind: "refund" | "void"): Promise<boolean> {
  const rows = await tx
    .select({ id: gatewayAttempts.id })
    .from(gatewayAttempts)
    .where(and(eq(gatewayAttempts.merchantId, merchantId), eq(gatewayAttempts.paymentId, paymentId), eq(gatewayAttempts.kind, kind), eq(gatewayAttempts.status, "started")))
    .limit(1);
  return rows.length > 0;
}

/** The payment row, locked; another merchant's payment is not found. */
export async function lockPayment(tx: Transaction, merchantId: string, paymentId: string) {
  const [payment] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, paymentId), eq(transactions.kind, "payment")))
    .for("no key update");
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
  await queueMessage(tx, {
    merchantId: payment.merchantId,
    customerId: payment.customerId,
    template: "refund_confirmation",
    subjectId: refund.id,
    vars: { amount: { amount: refund.amount, currency: payment.currency }, order: order?.number ?? "", credit_note: note?.number ?? "" },
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
  const note = await issueDocument(tx, {
    merchantId: payment.merchantId,
    customerId: payment.customerId,
    orderId: payment.orderId,
    kind: "credit_note",
    transactionId: refundId,
    invoiceId: invoice?.id ?? null,
    currency: payment.currency,
    lines,
    totals: { subtotal, tax: amount - subtotal, total: amount },
    issuedAt: at,
  });
  return note.id;
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
