import { and, asc, eq, lte, or, isNull, sql } from "drizzle-orm";
import { customerNow, customerNowSql } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import { lockCustomer } from "../balance/ledger.ts";
import { transactions } from "../db/schema/index.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import { runMoneyMovement } from "./attempts/run-attempt.ts";
import { REFUND_MAX_ATTEMPTS, type RefundResultView } from "./book-refund.ts";

export { REFUND_MAX_ATTEMPTS };

/** A failed refund is retried at most once a day. */
const RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RefundQueueRun {
  retried: number;
  succeeded: number;
  dropped: number;
}

/**
 * The daily refund retry run (R4): each pending refund whose last try is a day
 * old is tried again by the money pattern (attempt recorded, gateway called
 * outside the transaction, outcome booked by bookRefund); the third failure
 * drops it. Each try has its own idempotency key (refund and try number), so
 * parallel workers that pick the same refund make one gateway call.
 */
export async function retryFailedRefunds(ctx: CoreContext): Promise<RefundQueueRun> {
  const run: RefundQueueRun = { retried: 0, succeeded: 0, dropped: 0 };
  const wallNow = ctx.clock.now();
  const due = await ctx.db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.kind, "refund"),
        eq(transactions.status, "pending"),
        // "A day later" on the customer's clock (a test clock's, in a sandbox).
        or(isNull(transactions.lastAttemptAt), lte(sql`${transactions.lastAttemptAt} + ${`${RETRY_AFTER_MS} milliseconds`}::interval`, customerNowSql(transactions.customerId, wallNow))),
      ),
    )
    .orderBy(asc(transactions.createdAt));
  for (const candidate of due) {
    const scope = { merchantId: candidate.merchantId, customerId: candidate.customerId };
    const nextTry = candidate.attempts + 1;
    const result = await runMoneyMovement<RefundResultView | { status: "skipped" }>(ctx, scope, { purpose: "refund", idempotencyKey: `refund_retry:${candidate.id}:${nextTry}` }, async (tx) => {
      await lockCustomer(tx, scope.merchantId, scope.customerId);
      const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
      const dueBefore = new Date(now.getTime() - RETRY_AFTER_MS);
      const [refund] = await tx.select().from(transactions).where(eq(transactions.id, candidate.id)).for("no key update");
      // Re-checked under the lock: another worker may have tried it meanwhile.
      if (!refund || refund.status !== "pending" || refund.attempts + 1 !== nextTry || (refund.lastAttemptAt && refund.lastAttemptAt > dueBefore)) return { result: { status: "skipped" as const } };
      await tx.update(transactions).set({ lastAttemptAt: now }).where(eq(transactions.id, refund.id));
      return {
        attempt: { kind: "refund", amount: refund.amount, currency: refund.currency, paymentId: refund.parentId, try: nextTry, target: { refund_id: refund.id }, source: "system", actor: "refund_retry", at: now },
      };
    });
    if (result.status === "skipped") continue;
    run.retried++;
    if (result.status === "approved") run.succeeded++;
    if (result.status === "failed") run.dropped++;
  }
  return run;
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

/** The merchant's refund retry queue (R4), newest first, in cursor pages. */
export async function listRefundQueue(ctx: CoreContext, merchantId: string, page: PageQuery): Promise<Page<QueuedRefundView>> {
  const columns = { at: transactions.createdAt, id: transactions.id };
  const rows = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.kind, "refund"), eq(transactions.status, "pending"), pageWhere(columns, page.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => ({
    id: r.id,
    payment_id: r.parentId!,
    order_id: r.orderId,
    amount: { amount: r.amount, currency: r.currency },
    attempts: r.attempts,
    last_attempt_at: r.lastAttemptAt?.toISOString() ?? null,
    failure_code: r.declineCode,
  }));
}
