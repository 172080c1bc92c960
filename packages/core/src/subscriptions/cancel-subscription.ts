import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { customerRequests, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import type { CancelReason } from "../notifications/templates/index.ts";
import { fileManualRequest } from "../requests/open-request-ticket.ts";
import { attachCoupon } from "./attach-coupon.ts";
import { setStatus, syncOrder } from "../billing/billing-engine.ts";
import { collectionOf, planOf, type Subscription } from "./period-invoice.ts";
import { transition } from "./rules.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

export type CancelOutcome = { status: "cancelled" | "cancel_scheduled" | "retained" | "requested"; subscription: SubscriptionView; request_id?: string; ticket_id?: string };

/**
 * S1/A1: cancel now or at the end of the term, with a reason. If the shop
 * makes a retention offer and the customer takes it, the coupon is applied
 * instead and nothing is cancelled. Manual cancellation files a request for
 * staff (R5); approving it cancels at once. The order-level cancellation
 * (`requestCancellation`) comes here too, so both follow the same rules.
 */
export async function cancelSubscription(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; when: "now" | "end_of_term"; reason?: string | undefined; acceptRetentionOffer?: boolean | undefined },
): Promise<CancelOutcome> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "cancel", record: (r) => ({ action: { cancelled: "subscription.cancelled", cancel_scheduled: "subscription.cancellation_scheduled", retained: "subscription.retention_offer_accepted", requested: "cancellation.requested" }[r.status], details: { when: input.when, ...(r.request_id ? { request: r.request_id, summary: `subscription ${input.subscriptionId}` } : {}) } }) }, async ({ tx, sub, settings, now }) => {
    const view = await buildView(tx, sub, settings);
    if (input.acceptRetentionOffer) {
      if (!view.retention_offer) throw new DomainError("conflict", "no_retention_offer", "There is no offer for this subscription.");
      await attachCoupon(tx, sub, { couponId: view.retention_offer.coupon_id, at: now, appliedBy: "retention_offer" });
      await syncOrder(tx, sub);
      return { status: "retained" as const, subscription: await buildView(tx, sub, settings) };
    }
    if (!view.cancellation_timings.includes(input.when)) {
      throw new DomainError("forbidden", "cancellation_timing_not_allowed", input.when === "now" ? "This shop cancels at the end of the term." : "This shop cancels at once, not at the end of the term.");
    }
    const reason = input.reason?.trim().slice(0, 500) || null;
    if (settings.cancellation === "manual") {
      const pending = await tx
        .select({ id: customerRequests.id })
        .from(customerRequests)
        .where(and(eq(customerRequests.merchantId, sub.merchantId), eq(customerRequests.orderId, sub.orderId), eq(customerRequests.kind, "cancellation"), eq(customerRequests.status, "pending")));
      if (pending.length > 0) throw new DomainError("conflict", "cancellation_already_requested", "A cancellation of this subscription is already waiting for the shop.");
      const order = await collectionOf(tx, sub);
      const filed = await fileManualRequest(tx, {
        merchantId: sub.merchantId,
        customerId: sub.customerId,
        kind: "cancellation",
        orderId: sub.orderId,
        departmentId: settings.cancellationDepartmentId,
        subject: `Cancellation request for order ${order?.number ?? ""}`,
        reason: reason ?? undefined,
        fallbackBody: `The customer asked to cancel this subscription ${input.when === "now" ? "now" : "at the end of the term"}.`,
        now,
      });
      return { status: "requested" as const, subscription: view, request_id: filed.requestId, ticket_id: filed.ticketId };
    }
    if (input.when === "end_of_term" && (sub.status === "active" || sub.status === "past_due" || sub.status === "trialing")) {
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: true, cancelReason: reason }).where(eq(subscriptions.id, sub.id));
      const updated = { ...sub, cancelAtPeriodEnd: true, cancelReason: reason };
      await syncOrder(tx, updated);
      const endsOn = sub.status === "trialing" ? sub.trialEndsAt : sub.currentPeriodEnd;
      if (endsOn) {
        const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
        await queueMessage(tx, { merchantId: sub.merchantId, customerId: sub.customerId, template: "cancellation_scheduled", subjectId: sub.id, vars: { plan: plan.productName, ends_on: endsOn }, at: now });
      }
      return { status: "cancel_scheduled" as const, subscription: await buildView(tx, updated, settings) };
    }
    const cancelled = await cancelSubscriptionNow(tx, sub, { at: now, reason, why: "customer" });
    return { status: "cancelled" as const, subscription: await buildView(tx, cancelled, settings) };
  });
}

/**
 * Ends a locked subscription now through the state machine (S1): no more
 * billing, schedules dropped, and the customer told by email. Staff approving
 * a manual request (R5) end it here as well.
 */
export async function cancelSubscriptionNow(tx: Transaction, sub: Subscription, input: { at: Date; reason: string | null; why: CancelReason }): Promise<Subscription> {
  const status = transition(sub.status, "cancel");
  if (!status) throw new DomainError("conflict", "already_cancelled", "This subscription has ended already.", { status: sub.status });
  const fields = { cancelledAt: input.at, cancelReason: input.reason, cancelAtPeriodEnd: false, pauseAt: null, resumeAt: null, nextRetryAt: null };
  await setStatus(tx, sub, status, fields);
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  await queueMessage(tx, { merchantId: sub.merchantId, customerId: sub.customerId, template: "subscription_cancelled", subjectId: sub.id, vars: { plan: plan.productName, reason: input.why }, at: input.at });
  return { ...sub, status, ...fields };
}
