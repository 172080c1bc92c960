import { and, asc, eq, lte, or, isNull, sql } from "drizzle-orm";
import { customerNow, customerNowSql } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { customers, merchants, orders, paymentMethods, transactions } from "../db/schema/index.ts";
import { emailMoney, queueEmail } from "../notifications/queue-email.ts";
import { completeRefund } from "../payments/refund-payment.ts";

/** A failed refund is tried this many times in all (R4)... */
export const REFUND_MAX_ATTEMPTS = 3;
/** ...at most once a day. */
const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RefundQueueRun {
  retried: number;
  succeeded: number;
  dropped: number;
}

/**
 * The daily refund retry run (R4): each pending refund whose last attempt is a
 * day old is tried again; the third failure drops it from the queue, releases
 * its reserved amount and tells the merchant's notify addresses. Rows are
 * claimed with SKIP LOCKED, so parallel workers never retry one refund twice.
 */
export async function retryFailedRefunds(ctx: CoreContext): Promise<RefundQueueRun> {
  const run: RefundQueueRun = { retried: 0, succeeded: 0, dropped: 0 };
  for (;;) {
    let now = ctx.clock.now();
    const outcome = await ctx.db.transaction(async (tx) => {
      const [refund] = await tx
        .select()
        .from(transactions)
        .where(
          and(
            eq(transactions.kind, "refund"),
            eq(transactions.status, "pending"),
            // "A day later" on the customer's clock (a test clock's, in a sandbox).
            or(isNull(transactions.lastAttemptAt), lte(sql`${transactions.lastAttemptAt} + ${`${RETRY_AFTER_MS} milliseconds`}::interval`, customerNowSql(transactions.customerId, now))),
          ),
        )
        .orderBy(asc(transactions.createdAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!refund) return "done" as const;
      now = await customerNow(ctx, tx, refund.merchantId, refund.customerId);
      const [payment] = await tx.select().from(transactions).where(and(eq(transactions.merchantId, refund.merchantId), eq(transactions.id, refund.parentId!))).for("update");
      const [method] = payment?.paymentMethodId ? await tx.select({ token: paymentMethods.gatewayToken }).from(paymentMethods).where(and(eq(paymentMethods.merchantId, refund.merchantId), eq(paymentMethods.id, payment.paymentMethodId))) : [];
      const attempt = refund.attempts + 1;
      const result = await ctx.gateway.refund({
        reference: payment!.gatewayReference!,
        token: method?.token ?? null,
        amount: { amount: refund.amount, currency: refund.currency },
        attempt,
        idempotencyKey: `${refund.id}:${attempt}`,
      });
      if (result.status === "approved") {
        await tx.update(transactions).set({ status: "approved", attempts: attempt, lastAttemptAt: now, settledAt: now, gatewayReference: result.reference, declineCode: null }).where(eq(transactions.id, refund.id));
        await completeRefund(tx, payment!, { id: refund.id, amount: refund.amount }, now);
        return "succeeded" as const;
      }
      if (attempt < REFUND_MAX_ATTEMPTS) {
        await tx.update(transactions).set({ attempts: attempt, lastAttemptAt: now, declineCode: result.failureCode }).where(eq(transactions.id, refund.id));
        return "retried" as const;
      }
      await tx.update(transactions).set({ status: "failed", attempts: attempt, lastAttemptAt: now, declineCode: result.failureCode }).where(eq(transactions.id, refund.id));
      await tx.update(transactions).set({ refundedAmount: payment!.refundedAmount - refund.amount }).where(eq(transactions.id, payment!.id));
      await notifyMerchant(tx, refund, now);
      return "dropped" as const;
    });
    if (outcome === "done") return run;
    run.retried++;
    if (outcome === "succeeded") run.succeeded++;
    if (outcome === "dropped") run.dropped++;
  }
}

async function notifyMerchant(tx: Transaction, refund: typeof transactions.$inferSelect, at: Date) {
  const [[merchant], [customer], [order]] = await Promise.all([
    tx.select({ notifyEmails: merchants.notifyEmails }).from(merchants).where(eq(merchants.id, refund.merchantId)),
    tx.select({ email: customers.email }).from(customers).where(and(eq(customers.merchantId, refund.merchantId), eq(customers.id, refund.customerId))),
    refund.orderId ? tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, refund.merchantId), eq(orders.id, refund.orderId))) : Promise.resolve([]),
  ]);
  for (const to of merchant?.notifyEmails ?? []) {
    await queueEmail(tx, {
      merchantId: refund.merchantId,
      to,
      template: "refund_dropped",
      subjectId: refund.id,
      vars: { refund: refund.id, amount: emailMoney({ amount: refund.amount, currency: refund.currency }), customer: customer?.email ?? "", order: order?.number ?? "" },
      at,
    });
  }
}

export interface QueuedRefundView {
  id: string;
  payment_id: string;
  order_id: string | null;
  amount: { amount: number; currency: string };
  attempts: number;
  last_attempt_at: string | null;
  failure_code: string | null;
}

/** The merchant's refund retry queue (R4), oldest first. */
export async function listRefundQueue(ctx: CoreContext, merchantId: string): Promise<QueuedRefundView[]> {
  const rows = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.kind, "refund"), eq(transactions.status, "pending")))
    .orderBy(asc(transactions.createdAt));
  return rows.map((r) => ({
    id: r.id,
    payment_id: r.parentId!,
    order_id: r.orderId,
    amount: { amount: r.amount, currency: r.currency },
    attempts: r.attempts,
    last_attempt_at: r.lastAttemptAt?.toISOString() ?? null,
    failure_code: r.declineCode,
  }));
}
