import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { customers, merchants, orders, transactions } from "../db/schema/index.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import type { GatewayOutcome } from "./attempts/finish-attempt.ts";
import type { GatewayAttempt } from "./attempts/run-attempt.ts";
import { completeRefund } from "./refund-payment.ts";

/** A failed refund is tried this many times in all (R4). */
export const REFUND_MAX_ATTEMPTS = 3;

export interface RefundResultView {
  [key: string]: unknown;
  id: string;
  /** approved: money on its way back, credit note issued. pending: the gateway failed; queued for retry (R4). failed: dropped after the last try. */
  status: "approved" | "pending" | "failed";
  credit_note_id: string | null;
}

/**
 * Books one try of a refund (first or a daily retry): approved, the refund is
 * complete with its credit note and email; failed, it waits for the next try,
 * and the last failure drops it, gives the reserved amount back to the
 * payment and tells the merchant's notify addresses.
 */
export async function bookRefund(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome): Promise<RefundResultView> {
  const refundId = (attempt.target as { refund_id: string }).refund_id;
  const [payment] = await tx.select().from(transactions).where(and(eq(transactions.merchantId, attempt.merchantId), eq(transactions.id, attempt.paymentId!))).for("no key update");
  const [refund] = await tx.select().from(transactions).where(and(eq(transactions.merchantId, attempt.merchantId), eq(transactions.id, refundId))).for("no key update");
  const at = attempt.createdAt;
  if (outcome.status === "approved") {
    await tx
      .update(transactions)
      .set({ status: "approved", attempts: attempt.try, lastAttemptAt: at, settledAt: at, gatewayReference: outcome.reference, declineCode: null })
      .where(eq(transactions.id, refundId));
    return { id: refundId, status: "approved", credit_note_id: await completeRefund(tx, payment!, { id: refundId, amount: attempt.amount }, at) };
  }
  const failureCode = outcome.status === "failed" ? outcome.failureCode : outcome.status;
  if (attempt.try < REFUND_MAX_ATTEMPTS) {
    await tx.update(transactions).set({ attempts: attempt.try, lastAttemptAt: at, declineCode: failureCode, gatewayReference: outcome.reference }).where(eq(transactions.id, refundId));
    return { id: refundId, status: "pending", credit_note_id: null };
  }
  await tx.update(transactions).set({ status: "failed", attempts: attempt.try, lastAttemptAt: at, declineCode: failureCode }).where(eq(transactions.id, refundId));
  await tx.update(transactions).set({ refundedAmount: payment!.refundedAmount - attempt.amount }).where(eq(transactions.id, payment!.id));
  await notifyMerchantOfDroppedRefund(tx, refund!, at);
  return { id: refundId, status: "failed", credit_note_id: null };
}

async function notifyMerchantOfDroppedRefund(tx: Transaction, refund: typeof transactions.$inferSelect, at: Date) {
  const [[merchant], [customer], [order]] = await Promise.all([
    tx.select({ notifyEmails: merchants.notifyEmails }).from(merchants).where(eq(merchants.id, refund.merchantId)),
    tx.select({ email: customers.email }).from(customers).where(and(eq(customers.merchantId, refund.merchantId), eq(customers.id, refund.customerId))),
    refund.orderId ? tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, refund.merchantId), eq(orders.id, refund.orderId))) : Promise.resolve([]),
  ]);
  for (const to of merchant?.notifyEmails ?? []) {
    await queueMessage(tx, {
      merchantId: refund.merchantId,
      to,
      template: "refund_dropped",
      subjectId: refund.id,
      vars: { refund: refund.id, amount: { amount: refund.amount, currency: refund.currency }, customer: customer?.email ?? "", order: order?.number ?? "" },
      at,
    });
  }
}
