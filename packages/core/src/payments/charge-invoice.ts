import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { addBalanceEntry, balanceOf, lockCustomer } from "../balance/ledger.ts";
import { bookPayment, lockOpenInvoice, outstandingOn } from "./record-payment.ts";

export interface ChargeInvoiceResult {
  payment_id: string;
  status: "approved" | "declined";
  decline_code: string | null;
  receipt_id: string | null;
  /** Account credit used before the card (R6). */
  balance_applied: number;
}

/**
 * A customer pays an open invoice (O6): account credit first (R6), the rest with
 * the chosen card or the default. The invoice row stays locked across the gateway
 * call, so two clicks cannot pay it twice; a decline is recorded and the invoice
 * stays open for what is left.
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
    const now = ctx.clock.now();
    let outstanding = await outstandingOn(tx, invoice);
    await lockCustomer(tx, scope.merchantId, scope.customerId);
    const credit = Math.min(await balanceOf(tx, scope.merchantId, scope.customerId, invoice.currency), outstanding);
    let balancePayment: { id: string; receiptId: string | null } | undefined;
    if (credit > 0) {
      balancePayment = await bookPayment(tx, invoice, {
        amount: credit,
        funding: "balance",
        status: "approved",
        declineCode: null,
        at: now,
        settledAt: now,
        settlesAt: null,
        gatewayReference: null,
        paymentMethodId: null,
        source: "portal",
        actor: `customer:${scope.customerId}`,
      });
      await addBalanceEntry(tx, {
        merchantId: scope.merchantId,
        customerId: scope.customerId,
        kind: "invoice_payment",
        amount: { amount: -credit, currency: invoice.currency },
        reference: balancePayment.id,
        at: now,
      });
      outstanding -= credit;
      if (outstanding === 0) {
        return { payment_id: balancePayment.id, status: "approved", decline_code: null, receipt_id: balancePayment.receiptId, balance_applied: credit };
      }
    }
    const method = await findChargeableMethod(tx, scope, input.paymentMethodId, now);

    const result = await ctx.gateway.authorize({
      token: method.gatewayToken,
      amount: { amount: outstanding, currency: invoice.currency },
      at: now,
      idempotencyKey: input.idempotencyKey,
    });
    const booked = await bookPayment(tx, invoice, {
      amount: outstanding,
      funding: "card",
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
      balance_applied: credit,
    };
  });
}
