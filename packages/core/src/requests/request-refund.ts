import { recordAction } from "../audit/record-action.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { customerNow } from "../customers/customer-now.ts";
import { isLifetimeIncidentPack } from "../incidents/buy-incident-package.ts";
import { and, asc, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customerRequests, orderItems, orders, products, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { returnPayment } from "../payments/refund-order.ts";
import { endRefundedPeriod } from "./end-refunded-period.ts";
import { refundableAmount } from "../payments/rules.ts";
import { fileManualRequest } from "./open-request-ticket.ts";
import { automaticRefundAllowed, refundPeriodEnd } from "./rules.ts";

export type RefundRequestOutcome =
  | { status: "refunded" | "voided" | "refund_pending"; payment_id: string }
  | { status: "requested"; payment_id: string; request_id: string; ticket_id: string };

/**
 * A customer asks for a payment back (R5), as the merchant's setting says:
 * off (refused), automatic (granted at once inside the product's refund period,
 * refused with `refund_period_expired` after it), or manual (a ticket for staff).
 */
export async function requestRefund(ctx: CoreContext, scope: PortalScope, input: { paymentId: string; reason?: string | undefined; idempotencyKey?: string | undefined }): Promise<RefundRequestOutcome> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  if (settings.refunds === "off") throw new DomainError("forbidden", "refunds_disabled", "This shop does not take refund requests here.");

  const [payment] = await ctx.db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.merchantId, scope.merchantId),
        eq(transactions.customerId, scope.customerId),
        eq(transactions.id, input.paymentId),
        eq(transactions.kind, "payment"),
      ),
    );
  if (!payment || !payment.orderId) throw new DomainError("not_found", "payment_not_found", `No payment ${input.paymentId}.`);
  if (payment.status !== "approved" || refundableAmount(payment) <= 0) {
    throw new DomainError("conflict", "nothing_to_refund", "Nothing of this payment is left to refund.");
  }
  const [order] = await ctx.db.select().from(orders).where(and(eq(orders.merchantId, scope.merchantId), eq(orders.id, payment.orderId)));
  if (order && (await isLifetimeIncidentPack(ctx.db, scope.merchantId, order))) {
    throw new DomainError("not_allowed", "incident_pack_not_refundable", "Support incident packs cannot be cancelled or refunded.");
  }
  const pending = await ctx.db
    .select({ id: customerRequests.id })
    .from(customerRequests)
    .where(and(eq(customerRequests.merchantId, scope.merchantId), eq(customerRequests.paymentId, payment.id), eq(customerRequests.status, "pending")));
  if (pending.length > 0) throw new DomainError("conflict", "refund_already_requested", "A refund of this payment is already waiting for the shop.");

  if (settings.refunds === "automatic") {
    const days = await refundPeriodDays(ctx, scope.merchantId, payment.orderId);
    // The refund period runs on the customer's clock: a test clock moved past it ends it (A10).
    const now = await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId);
    if (!automaticRefundAllowed(payment.createdAt, days, now)) {
      throw new DomainError(
        "not_allowed",
        "refund_period_expired",
        days === null ? "This product cannot be refunded." : `Refunds are possible for ${days} days after payment; that period has ended.`,
        { refund_period_days: days, refund_period_ended_at: days === null ? null : refundPeriodEnd(payment.createdAt, days).toISOString() },
      );
    }
    const outcome = await returnPayment(ctx, scope.merchantId, payment, { source: "portal", actor: `customer:${scope.customerId}`, idempotencyKey: input.idempotencyKey });
    await endRefundedPeriod(ctx, scope.merchantId, payment);
    return { status: outcome.status === "voided" ? "voided" : outcome.status === "pending" ? "refund_pending" : "refunded", payment_id: payment.id };
  }

  return ctx.db.transaction(async (tx) => {
    const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
    const { requestId, ticketId } = await fileManualRequest(tx, {
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      kind: "refund",
      orderId: payment.orderId!,
      paymentId: payment.id,
      departmentId: settings.refundDepartmentId,
      subject: `Refund request for order ${order?.number ?? ""}`.trim(),
      reason: input.reason,
      fallbackBody: "The customer asked for a refund.",
      now,
    });
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "refund.requested", subjectId: requestId, details: { payment: payment.id, amount: payment.amount, currency: payment.currency, ticket: ticketId, summary: `payment ${payment.id}` } });
    return { status: "requested", payment_id: payment.id, request_id: requestId, ticket_id: ticketId };
  });
}

/** The refund period of the order's first product line; null when it has none (not refundable automatically). */
async function refundPeriodDays(ctx: CoreContext, merchantId: string, orderId: string): Promise<number | null> {
  const [line] = await ctx.db
    .select({ days: products.refundPeriodDays })
    .from(orderItems)
    .innerJoin(products, and(eq(products.id, orderItems.productId), eq(products.merchantId, merchantId)))
    .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, orderId), eq(orderItems.kind, "item")))
    .orderBy(asc(orderItems.position))
    .limit(1);
  return line?.days ?? null;
}
