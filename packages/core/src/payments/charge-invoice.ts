import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders, paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { lockPaymentMethod } from "../payment-methods/find-payment-method.ts";
import { cardExpired } from "./card-rules.ts";
import { bookPayment, lockOpenInvoice } from "./record-payment.ts";

export interface ChargeInvoiceResult {
  payment_id: string;
  status: "approved" | "declined";
  decline_code: string | null;
  receipt_id: string | null;
}

/**
 * A customer pays an open invoice with a saved card (O6): the chosen card or the
 * default. The invoice row stays locked across the gateway call, so two clicks
 * cannot pay it twice; a decline is recorded and the invoice stays open.
 */
export async function chargeInvoice(
  ctx: CoreContext,
  scope: PortalScope,
  input: { invoiceId: string; paymentMethodId?: string | undefined; idempotencyKey: string },
): Promise<ChargeInvoiceResult> {
  return ctx.db.transaction(async (tx) => {
    const invoice = await lockOpenInvoice(tx, scope, input.invoiceId);
    if (invoice.orderId) {
      const [order] = await tx.select({ state: orders.state }).from(orders).where(eq(orders.id, invoice.orderId));
      // O8: a paused or cancelled order is view-and-download only.
      if (order && (order.state === "cancelled" || order.state === "paused")) {
        throw new DomainError("not_allowed", "order_view_only", "This order is paused or cancelled; its invoices cannot be paid here.");
      }
    }
    const method = input.paymentMethodId
      ? await lockPaymentMethod(tx, scope, input.paymentMethodId)
      : (
          await tx
            .select()
            .from(paymentMethods)
            .where(
              and(
                eq(paymentMethods.merchantId, scope.merchantId),
                eq(paymentMethods.customerId, scope.customerId),
                eq(paymentMethods.isDefault, true),
                isNull(paymentMethods.removedAt),
              ),
            )
        )[0];
    if (!method) throw new DomainError("invalid", "no_payment_method", "Add a card or choose one to pay with.");
    const now = ctx.clock.now();
    if (cardExpired(method.expMonth, method.expYear, now)) throw new DomainError("invalid", "card_expired", "That card has expired; choose another.");

    const result = await ctx.gateway.authorize({
      token: method.gatewayToken,
      amount: { amount: invoice.totalAmount, currency: invoice.currency },
      at: now,
      idempotencyKey: input.idempotencyKey,
    });
    const booked = await bookPayment(tx, invoice, {
      status: result.status,
      declineCode: result.status === "declined" ? result.declineCode : null,
      at: now,
      settledAt: null,
      settlesAt: result.status === "approved" ? result.settlesAt : null,
      gatewayReference: result.reference,
      paymentMethodId: method.id,
      source: "portal",
      actor: `customer:${scope.customerId}`,
    });
    return {
      payment_id: booked.id,
      status: result.status,
      decline_code: result.status === "declined" ? result.declineCode : null,
      receipt_id: booked.receiptId,
    };
  });
}
