import { loadSettings } from "../merchants/get-merchant.ts";
import { customerNow } from "../customers/customer-now.ts";
import { and, eq, inArray } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { customerRequests, orders, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { lockCustomerOrder } from "../orders/get-order-details.ts";
import { fileManualRequest } from "./open-request-ticket.ts";

export type CancellationOutcome = { status: "cancelled"; order_id: string } | { status: "requested"; order_id: string; request_id: string; ticket_id: string };

/**
 * A customer asks to cancel a subscription (R5, S1): refused when the setting
 * is off; cancelled at once when automatic; a ticket for staff when manual.
 * (Cancelling at the end of the term arrives with the subscriptions issue.)
 */
export async function requestCancellation(ctx: CoreContext, scope: PortalScope, input: { orderId: string; reason?: string | undefined }): Promise<CancellationOutcome> {
  const settings = await loadSettings(ctx.db, scope.merchantId);
  if (settings.cancellation === "off") throw new DomainError("forbidden", "cancellation_disabled", "This shop does not take cancellations here.");

  return ctx.db.transaction(async (tx) => {
    const order = await lockCustomerOrder(tx, scope, input.orderId);
    if (order.type !== "recurring") throw new DomainError("not_allowed", "order_not_recurring", "Only subscriptions can be cancelled.");
    if (order.state === "cancelled") throw new DomainError("conflict", "already_cancelled", "This subscription is already cancelled.");
    const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
    if (settings.cancellation === "automatic") {
      await cancelNow(tx, order.id, now);
      return { status: "cancelled", order_id: order.id };
    }
    const pending = await tx
      .select({ id: customerRequests.id })
      .from(customerRequests)
      .where(and(eq(customerRequests.merchantId, scope.merchantId), eq(customerRequests.orderId, order.id), eq(customerRequests.kind, "cancellation"), eq(customerRequests.status, "pending")));
    if (pending.length > 0) throw new DomainError("conflict", "cancellation_already_requested", "A cancellation of this subscription is already waiting for the shop.");
    const { requestId, ticketId } = await fileManualRequest(tx, {
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      kind: "cancellation",
      orderId: order.id,
      departmentId: settings.cancellationDepartmentId,
      subject: `Cancellation request for order ${order.number}`,
      reason: input.reason,
      fallbackBody: "The customer asked to cancel this subscription.",
      now,
    });
    return { status: "requested", order_id: order.id, request_id: requestId, ticket_id: ticketId };
  });
}

/** Ends a subscription now: no further billing (the order, and its subscription if it has one). */
export async function cancelNow(tx: Transaction, orderId: string, at: Date): Promise<void> {
  await tx.update(orders).set({ state: "cancelled", nextBillingAt: null, nextBillingAmount: null }).where(eq(orders.id, orderId));
  await tx
    .update(subscriptions)
    .set({ status: "cancelled", cancelledAt: at, cancelAtPeriodEnd: false, pauseAt: null, resumeAt: null, nextRetryAt: null })
    .where(and(eq(subscriptions.orderId, orderId), inArray(subscriptions.status, ["trialing", "active", "past_due", "paused"])));
}
