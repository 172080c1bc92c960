import { and, asc, eq, inArray } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import { gatewayAttempts, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { findAttempt } from "./attempts/run-attempt.ts";
import { refundPayment } from "./refund-payment.ts";
import { refundableAmount, refundWouldVoid } from "./rules.ts";
import { voidPayment } from "./void-payment.ts";

export interface OrderRefundOutcome {
  payment_id: string;
  action: "voided" | "refunded";
  refund_id: string | null;
  status: "voided" | "approved" | "pending" | "failed";
}

/**
 * Gives back everything still held on an order (R3): each unsettled card payment
 * is voided; a settled one (or one whose void fails) is refunded in what remains.
 */
export async function refundOrder(
  ctx: CoreContext,
  merchantId: string,
  input: { orderId: string; source?: "portal" | "staff" | "api" | "system"; actor?: string | null; idempotencyKey?: string | undefined },
): Promise<OrderRefundOutcome[]> {
  const payments = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.orderId, input.orderId), eq(transactions.kind, "payment"), inArray(transactions.status, ["approved", "voided"])))
    .orderBy(asc(transactions.createdAt), asc(transactions.id));
  // A retry with the same key (after a crash, or once the answer was lost) answers for the payments
  // this key already voided or refunded too, not only for what is still open.
  const mine = await givenBackByKey(ctx, merchantId, payments, input.idempotencyKey);
  const open = payments.filter((p) => mine.has(p.id) || (p.status === "approved" && refundableAmount(p) > 0));
  if (open.length === 0) throw new DomainError("conflict", "nothing_to_refund", "This order has no payment left to give back.");
  const outcomes: OrderRefundOutcome[] = [];
  for (const payment of open) {
    outcomes.push(await returnPayment(ctx, merchantId, payment, { ...input, idempotencyKey: input.idempotencyKey ? `${input.idempotencyKey}:${payment.id}` : undefined }));
  }
  return outcomes;
}

/** Gives back what remains of one payment: a void while it is unsettled and untouched, else a refund of the rest. */
export async function returnPayment(
  ctx: CoreContext,
  merchantId: string,
  payment: typeof transactions.$inferSelect,
  by: { source?: "portal" | "staff" | "api" | "system"; actor?: string | null; idempotencyKey?: string | undefined },
): Promise<OrderRefundOutcome> {
  // One base key, two operations: a retry repeats the void, or the refund it fell back to, never a second refund.
  const key = (step: string) => (by.idempotencyKey ? `${by.idempotencyKey}:${step}` : undefined);
  // The step this key already took is replayed as it was, whatever the payment's state now.
  const taken = by.idempotencyKey ? await findAttempt(ctx.db, { merchantId, customerId: payment.customerId }, key("void")!) : undefined;
  if (taken) {
    await voidPayment(ctx, merchantId, { paymentId: payment.id, source: by.source, actor: by.actor ?? null, idempotencyKey: key("void") });
    return { payment_id: payment.id, action: "voided", refund_id: null, status: "voided" };
  }
  // A void cancels the whole card charge, so only a charge that paid this payment alone is voided.
  const shared = payment.gatewayReference
    ? (await ctx.db.select({ id: transactions.id }).from(transactions).where(and(eq(transactions.merchantId, merchantId), eq(transactions.gatewayReference, payment.gatewayReference)))).length > 1
    : false;
  if (refundWouldVoid(payment, await customerNow(ctx, ctx.db, merchantId, payment.customerId), shared)) {
    try {
      await voidPayment(ctx, merchantId, { paymentId: payment.id, source: by.source, actor: by.actor ?? null, idempotencyKey: key("void") });
      return { payment_id: payment.id, action: "voided", refund_id: null, status: "voided" };
    } catch (error) {
      // Settled in the meantime, or the gateway refused: fall through to a refund.
      if (!(error instanceof DomainError)) throw error;
    }
  }
  const refund = await refundPayment(ctx, merchantId, { paymentId: payment.id, amount: refundableAmount(payment), source: by.source, actor: by.actor ?? null, idempotencyKey: key("refund") });
  return { payment_id: payment.id, action: "refunded", refund_id: refund.id, status: refund.status };
}

/** The payments of `payments` a void or refund under this order refund's key already acted on. */
async function givenBackByKey(ctx: CoreContext, merchantId: string, payments: (typeof transactions.$inferSelect)[], idempotencyKey: string | undefined): Promise<Set<string>> {
  if (!idempotencyKey || payments.length === 0) return new Set();
  const keys = payments.flatMap((p) => [`${idempotencyKey}:${p.id}:void`, `${idempotencyKey}:${p.id}:refund`]);
  const rows = await ctx.db
    .select({ key: gatewayAttempts.idempotencyKey })
    .from(gatewayAttempts)
    .where(and(eq(gatewayAttempts.merchantId, merchantId), inArray(gatewayAttempts.idempotencyKey, keys)));
  return new Set(payments.filter((p) => rows.some((r) => r.key.startsWith(`${idempotencyKey}:${p.id}:`))).map((p) => p.id));
}
