import type { CoreContext, PortalScope } from "../context.ts";
import { restartPeriods, type BillingLinks } from "../billing/billing-engine.ts";
import { getSubscription } from "./get-subscription.ts";
import { onSubscriptionCharging } from "./subscription-action.ts";
import type { SubscriptionView } from "./views.ts";

/**
 * S2: a cancelled or expired subscription starts again. Time already paid is
 * never paid twice: inside the period it had paid for it simply continues
 * (billed again when that period ends); after it, a new period starts today and is billed at once.
 */
export async function reactivateSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await onSubscriptionCharging(ctx, scope, { subscriptionId: input.subscriptionId, action: "reactivate", links, record: "subscription.reactivated" }, async ({ tx, sub, now }) => {
    const step = await restartPeriods(tx, { ...sub, cancelAtPeriodEnd: false }, now, "reactivate", links);
    return { result: null, attemptId: step.kind === "charge" ? step.attemptId : null };
  });
  return getSubscription(ctx, scope, input.subscriptionId);
}
