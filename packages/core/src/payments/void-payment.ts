import { and, eq } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import { documents, orders, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { reverseGrantsForPayment } from "../incidents/earned-grants.ts";
import { emailMoney, queueEmail } from "../notifications/queue-email.ts";
import { lockPayment } from "./refund-payment.ts";
import { isSettled } from "./rules.ts";

/**
 * Voids an unsettled card payment, in full only (R3): nothing reaches the
 * customer's statement and the invoice is voided with it. A card charge that
 * paid several invoices at once is voided as a whole. A settled payment must be
 * refunded instead (`void_requires_unsettled`).
 */
export async function voidPayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; amount?: number | undefined; source?: "portal" | "staff" | "api" | "system"; actor?: string | null },
): Promise<{ id: string; status: "voided"; voided: string[] }> {
  return ctx.db.transaction(async (tx) => {
    const payment = await lockPayment(tx, merchantId, input.paymentId);
    const charge = payment.gatewayReference
      ? await tx
          .select()
          .from(transactions)
          .where(and(eq(transactions.merchantId, merchantId), eq(transactions.gatewayReference, payment.gatewayReference), eq(transactions.kind, "payment")))
          .for("update")
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
    const now = await customerNow(ctx, tx, merchantId, payment.customerId);
    if (isSettled(payment, now)) {
      throw new DomainError("conflict", "void_requires_unsettled", "This payment has settled: refund it instead.");
    }
    await ctx.gateway.void({ reference: payment.gatewayReference });
    for (const part of charge) {
      await tx.update(transactions).set({ status: "voided", source: input.source ?? "system", actor: input.actor ?? null }).where(eq(transactions.id, part.id));
      if (part.invoiceId) await tx.update(documents).set({ status: "void" }).where(eq(documents.id, part.invoiceId));
      await reverseGrantsForPayment(tx, merchantId, part.id, now);
    }
    const [order] = payment.orderId ? await tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, payment.orderId))) : [];
    await queueEmail(tx, {
      merchantId,
      customerId: payment.customerId,
      template: "void_confirmation",
      subjectId: payment.id,
      vars: { amount: emailMoney({ amount: whole, currency: payment.currency }), order: order?.number ?? "" },
      at: now,
    });
    return { id: payment.id, status: "voided", voided: charge.map((p) => p.id) };
  });
}
