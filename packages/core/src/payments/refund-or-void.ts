import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { money, type Money } from "../money.ts";
import { refundPayment } from "./refund-payment.ts";
import { returnPayment, type OrderRefundOutcome } from "./refund-order.ts";
import { isSettled, refundableAmount } from "./rules.ts";

/** What a staff refund did: voided the whole unsettled charge, or refunded (part of) a settled one, and what is left to refund. */
export interface RefundOrVoidResultView extends OrderRefundOutcome {
  /** What can still be refunded of the payment after this (zero after a void). */
  remaining: Money;
}

/**
 * Staff "refund" of one payment (R3, M2): voids it while the card charge is
 * unsettled (nothing reaches the statement), refunds it once settled — in part
 * when `amount` is less than what remains. Each branch is the money pattern of
 * voidPayment / refundPayment (customer and payment locked, re-checked, attempt
 * recorded and committed, gateway called after the commit, then booked); a
 * payment that settles between the decision and the void is refunded instead.
 * One idempotency key is one give-back: a retry repeats the step it took.
 */
export async function refundOrVoidPayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; amount?: number | undefined; source?: "portal" | "staff" | "api" | "system"; actor?: string | null; idempotencyKey?: string | undefined },
): Promise<RefundOrVoidResultView> {
  const payment = await paymentRow(ctx, merchantId, input.paymentId);
  if (input.amount !== undefined && (!Number.isInteger(input.amount) || input.amount <= 0)) throw new DomainError("invalid", "invalid_amount", "A refund must be for a positive amount.");
  const remaining = refundableAmount(payment);
  // A replay under the same key answers again even once nothing is left.
  if (!input.idempotencyKey && (payment.status !== "approved" || remaining === 0)) throw new DomainError("conflict", "nothing_to_refund", "This payment has nothing left to refund.");
  if (input.amount !== undefined && input.amount > remaining) {
    throw new DomainError("conflict", "refund_exceeds_remaining", `At most ${remaining} minor units of this payment can still be refunded.`, { remaining: money(remaining, payment.currency) });
  }
  const partial = input.amount !== undefined && input.amount < remaining;
  if (partial && payment.gatewayReference && !isSettled(payment, await customerNow(ctx, ctx.db, merchantId, payment.customerId))) {
    throw new DomainError("conflict", "partial_refund_requires_settlement", "This payment has not settled yet: it can only be voided in full now, or refunded in part once settled.", {
      remaining: money(remaining, payment.currency),
    });
  }
  const outcome = partial
    ? await refundPart(ctx, merchantId, payment.id, input.amount!, input)
    : await returnPayment(ctx, merchantId, payment, { source: input.source ?? "staff", actor: input.actor ?? null, idempotencyKey: input.idempotencyKey });
  const after = await paymentRow(ctx, merchantId, payment.id);
  return { ...outcome, remaining: money(after.status === "approved" ? refundableAmount(after) : 0, after.currency) };
}

async function refundPart(
  ctx: CoreContext,
  merchantId: string,
  paymentId: string,
  amount: number,
  by: { source?: "portal" | "staff" | "api" | "system"; actor?: string | null; idempotencyKey?: string | undefined },
): Promise<OrderRefundOutcome> {
  // The same step name as returnPayment's refund: one key is one refund whichever way it was asked.
  const refund = await refundPayment(ctx, merchantId, { paymentId, amount, source: by.source ?? "staff", actor: by.actor ?? null, idempotencyKey: by.idempotencyKey ? `${by.idempotencyKey}:refund` : undefined });
  return { payment_id: paymentId, action: "refunded", refund_id: refund.id, status: refund.status };
}

async function paymentRow(ctx: CoreContext, merchantId: string, paymentId: string) {
  const [row] = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, paymentId), eq(transactions.kind, "payment")));
  if (!row) throw new DomainError("not_found", "payment_not_found", `No payment ${paymentId}.`);
  return row;
}
