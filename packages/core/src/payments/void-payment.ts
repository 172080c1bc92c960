import { and, eq } from "drizzle-orm";
import { lockCustomer } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { runMoneyMovement } from "./attempts/run-attempt.ts";
import type { VoidResultView } from "./book-void.ts";
import { lockPayment, movementInFlight, paymentScope } from "./refund-payment.ts";
import { isSettled } from "./rules.ts";

/**
 * Voids an unsettled card payment, in full only (R3): nothing reaches the
 * customer's statement and the invoice is voided with it. A card charge that
 * paid several invoices at once is voided as a whole. A settled payment must be
 * refunded instead (`void_requires_unsettled`). Booked by bookVoid once the
 * gateway has confirmed.
 */
export async function voidPayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; amount?: number | undefined; source?: "portal" | "staff" | "api" | "system"; actor?: string | null; idempotencyKey?: string | undefined },
): Promise<VoidResultView> {
  const scope = await paymentScope(ctx, merchantId, input.paymentId);
  const idempotencyKey = input.idempotencyKey ?? `void:${newId("txn")}`;
  return runMoneyMovement<VoidResultView>(ctx, scope, { purpose: "void", idempotencyKey }, async (tx) => {
    await lockCustomer(tx, merchantId, scope.customerId);
    const payment = await lockPayment(tx, merchantId, input.paymentId);
    const charge = payment.gatewayReference
      ? await tx
          .select()
          .from(transactions)
          .where(and(eq(transactions.merchantId, merchantId), eq(transactions.gatewayReference, payment.gatewayReference), eq(transactions.kind, "payment")))
          .orderBy(transactions.id)
          .for("no key update")
      : [payment];
    const whole = charge.reduce((s, p) => s + p.amount, 0);
    if (input.amount !== undefined && input.amount !== whole) {
      throw new DomainError("invalid", "partial_void_not_allowed", "A payment can only be voided in full; refund part of it once settled.", {
        amount: { amount: whole, currency: payment.currency },
      });
    }
    if (payment.status !== "approved") throw new DomainError("conflict", "void_requires_approved_payment", `This payment is ${payment.status}.`);
    if (!payment.gatewayReference) throw new DomainError("conflict", "void_not_supported", "A payment recorded outside the gateway cannot be voided.");
    // Settlement is judged on the customer's clock (a test clock's, in a sandbox).
    const now = await customerNow(ctx, tx, merchantId, scope.customerId);
    if (isSettled(payment, now)) throw new DomainError("conflict", "void_requires_unsettled", "This payment has settled: refund it instead.");
    if (payment.refundedAmount > 0 || (await movementInFlight(tx, merchantId, payment.id, "refund"))) {
      throw new DomainError("conflict", "void_requires_unrefunded", "Part of this payment has been refunded; refund the rest instead.");
    }
    if (await movementInFlight(tx, merchantId, payment.id, "void")) throw new DomainError("conflict", "payment_in_progress", "This payment is already being voided.");
    return {
      attempt: {
        kind: "void",
        amount: whole,
        currency: payment.currency,
        paymentId: payment.id,
        target: { payment_ids: charge.map((p) => p.id) },
        source: input.source ?? "system",
        actor: input.actor ?? null,
        at: now,
      },
    };
  });
}
