import { and, eq } from "drizzle-orm";
import { finishCharge, startKey, type BillingLinks } from "../billing/billing-engine.ts";
import { lockCustomer } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { gatewayAttempts, subscriptions } from "../db/schema/index.ts";
import { customerNow } from "../customers/customer-now.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { DomainError } from "../errors.ts";
import { findAttempt, insertAttempt, type GatewayAttempt } from "../payments/attempts/run-attempt.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { openSubscription } from "./create-subscription.ts";
import { assertStartAllowed, offeredPlan } from "./portal-plans.ts";

export interface StartSubscriptionInput {
  pricePointId: string;
  quantity?: number | undefined;
  addons?: { pricePointId: string; quantity?: number | undefined }[] | undefined;
  couponCode?: string | undefined;
  /** The saved card to charge now and at every renewal; else the default card. */
  paymentMethodId?: string | undefined;
  /** The same key is the same start (R8): a retry answers what the first request did, it never starts a second one. */
  idempotencyKey: string;
}

/** What a start did: the subscription and its order, trialing or active. */
export interface SubscriptionStartResult {
  subscription_id: string;
  order_id: string;
  status: "trialing" | "active" | "past_due";
}

/**
 * A6: a customer starts one of the shop's plans in the portal. By the money
 * pattern: guard (the setting, the plan offered), lock the customer, re-check
 * (a live saved card), then one transaction writes the order, subscription,
 * first invoice and the charge's attempt (under the customer's key); the
 * gateway is called after it commits and the outcome is booked under the
 * lock. A trial charges nothing until it ends but needs the card it will
 * charge then. A declined first charge ends the subscription (and voids its
 * invoice): nothing is left running, and the answer is 402
 * `subscription_payment_declined` with the card's `decline_code`.
 */
export async function startSubscription(ctx: CoreContext, scope: PortalScope, input: StartSubscriptionInput, links: BillingLinks = {}): Promise<SubscriptionStartResult> {
  const key = startKey(input.idempotencyKey);
  const earlier = await findAttempt(ctx.db, scope, key);
  if (earlier) return outcome(ctx, scope, earlier, links);
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  assertStartAllowed(settings);
  await offeredPlan(ctx.db, scope.merchantId, settings, input.pricePointId);
  let attemptId: string;
  try {
    attemptId = await ctx.db.transaction(async (tx) => {
      await lockCustomer(tx, scope.merchantId, scope.customerId);
      const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
      // Re-checked under the lock: the card may have been removed meanwhile.
      const card = await findChargeableMethod(tx, scope, input.paymentMethodId, now);
      if (card.singleUse) throw new DomainError("invalid", "card_not_saved", "A subscription needs a card saved for future payments.");
      const opened = await openSubscription(
        tx,
        ctx,
        scope.merchantId,
        { ...input, customerId: scope.customerId, paymentMethodId: card.id },
        now,
        links,
        { startedBy: "customer" },
        { idempotencyKey: input.idempotencyKey },
      );
      if (opened.attemptId) return opened.attemptId;
      // A trial, or a first period paid from account credit: nothing to charge, but the key still names this start.
      const marker = await insertAttempt(
        tx,
        scope,
        { purpose: "subscription_start", idempotencyKey: key },
        { kind: "none", amount: 0, currency: "XXX", subscriptionId: opened.id, target: {}, source: "portal", actor: `customer:${scope.customerId}`, at: now },
        { result: { subscription_id: opened.id, order_id: opened.orderId } },
      );
      return marker.id;
    });
  } catch (error) {
    // The same key got there first: this request is that start.
    const raced = await findAttempt(ctx.db, scope, key);
    if (raced) return outcome(ctx, scope, raced, links);
    throw error;
  }
  const [attempt] = await ctx.db.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attemptId));
  return outcome(ctx, scope, attempt!, links);
}

/** The answer for a start's attempt: finishes a charge still open (a retry after a crash), then reads what it left. */
async function outcome(ctx: CoreContext, scope: PortalScope, attempt: GatewayAttempt, links: BillingLinks): Promise<SubscriptionStartResult> {
  if (attempt.purpose !== "renewal" && attempt.purpose !== "subscription_start") {
    throw new DomainError("invalid", "idempotency_key_reused", "This idempotency key was used for a different operation; use a new key.");
  }
  if (attempt.status === "started") await finishCharge(ctx, attempt.id, links);
  const [done] = await ctx.db.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attempt.id));
  const [sub] = await ctx.db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.id, attempt.subscriptionId ?? "")));
  if (!sub || !done) throw new DomainError("not_found", "subscription_not_found", "No subscription for this request.");
  const result = done.result as { status?: string; decline_code?: string | null } | null;
  if (done.status !== "done") throw new DomainError("gateway", "gateway_unavailable", "The payment provider did not answer; try again shortly with the same request.");
  if (result?.status === "declined") {
    throw new DomainError("declined", "subscription_payment_declined", "The card was declined; the subscription was not started.", {
      decline_code: result.decline_code ?? "card_declined",
      subscription_id: sub.id,
      order_id: sub.orderId,
    });
  }
  return { subscription_id: sub.id, order_id: sub.orderId, status: sub.status as SubscriptionStartResult["status"] };
}
