import { recordAction } from "../audit/record-action.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { customerNow } from "../customers/customer-now.ts";
import { and, eq, inArray } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { customerRequests, orders, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { lockCustomerOrder } from "../orders/get-order-details.ts";
import { cancelSubscription, cancelSubscriptionNow } from "../subscriptions/cancel-subscription.ts";
import { getSubscription } from "../subscriptions/get-subscription.ts";
import { transition } from "../subscriptions/rules.ts";
import { fileManualRequest } from "./open-request-ticket.ts";

export type CancellationOutcome =
  | { status: "cancelled" | "cancel_scheduled" | "retained"; order_id: string }
  | { status: "requested"; order_id: string; request_id: string; ticket_id: string };

/**
 * A customer asks to cancel a subscription order (R5, S1). An order with a
 * subscription goes through the subscription's own cancellation — its state
 * machine, the shop's `cancellationTiming`, the retention offer, the lock and
 * the email, with the same errors. `when` defaults to the only timing the shop
 * allows, or the end of the term when it allows both (the customer keeps what
 * they paid for). A recurring order without a subscription is refused when the
 * setting is off, cancelled at once when automatic, and a ticket when manual.
 */
export async function requestCancellation(
  ctx: CoreContext,
  scope: PortalScope,
  input: { orderId: string; reason?: string | undefined; when?: "now" | "end_of_term" | undefined; acceptRetentionOffer?: boolean | undefined },
): Promise<CancellationOutcome> {
  const [sub] = await ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.orderId, input.orderId)));
  if (sub) return cancelSubscriptionOrder(ctx, scope, { ...input, subscriptionId: sub.id });

  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  if (settings.cancellation === "off") throw new DomainError("forbidden", "cancellation_disabled", "This shop does not take cancellations here.");

  return ctx.db.transaction(async (tx) => {
    const order = await lockCustomerOrder(tx, scope, input.orderId);
    if (order.type !== "recurring") throw new DomainError("not_allowed", "order_not_recurring", "Only subscriptions can be cancelled.");
    if (order.state === "cancelled") throw new DomainError("conflict", "already_cancelled", "This subscription is already cancelled.");
    const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
    if (settings.cancellation === "automatic") {
      await cancelNow(tx, scope, order.id, now);
      await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "order.cancelled", subjectId: order.id, details: { reason: input.reason ?? null } });
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
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "cancellation.requested", subjectId: requestId, details: { order: order.id, ticket: ticketId, summary: `order ${order.number}` } });
    return { status: "requested", order_id: order.id, request_id: requestId, ticket_id: ticketId };
  });
}

async function cancelSubscriptionOrder(
  ctx: CoreContext,
  scope: PortalScope,
  input: { orderId: string; subscriptionId: string; reason?: string | undefined; when?: "now" | "end_of_term" | undefined; acceptRetentionOffer?: boolean | undefined },
): Promise<CancellationOutcome> {
  const when = input.when ?? (await getSubscription(ctx, scope, input.subscriptionId)).cancellation_timings.at(-1) ?? "end_of_term";
  const outcome = await cancelSubscription(ctx, scope, { subscriptionId: input.subscriptionId, when, reason: input.reason, acceptRetentionOffer: input.acceptRetentionOffer });
  if (outcome.status === "requested") return { status: "requested", order_id: input.orderId, request_id: outcome.request_id!, ticket_id: outcome.ticket_id! };
  return { status: outcome.status, order_id: input.orderId };
}

/**
 * Ends an order's subscription now (staff approved a manual request, R5): a
 * subscription through its state machine, with the email; a recurring order
 * without one simply stops billing.
 */
export async function cancelNow(tx: Transaction, scope: { merchantId: string }, orderId: string, at: Date): Promise<void> {
  const [sub] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.orderId, orderId)))
    .for("no key update");
  if (sub) {
    // Already ended meanwhile (cancelled at the term's end, say): nothing more to do.
    if (transition(sub.status, "cancel")) await cancelSubscriptionNow(tx, sub, { at, reason: sub.cancelReason, why: "request_approved" });
    return;
  }
  await tx.update(orders).set({ state: "cancelled", nextBillingAt: null, nextBillingAmount: null }).where(and(eq(orders.merchantId, scope.merchantId), eq(orders.id, orderId)));
}
