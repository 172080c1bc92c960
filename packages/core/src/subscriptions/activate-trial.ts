import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { chargeableCard, startPeriods, type BillingLinks } from "../billing/billing-engine.ts";
import { getSubscription } from "./get-subscription.ts";
import { collectionOf } from "./period-invoice.ts";
import { onSubscriptionCharging } from "./subscription-action.ts";
import type { SubscriptionView } from "./views.ts";

/**
 * S4: end the trial now and start paying. With autocharge on there must be a
 * card to charge: without one the first invoice could only be declined, so the
 * activation is refused and the trial left as it was.
 */
export async function activateTrial(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await onSubscriptionCharging(ctx, scope, { subscriptionId: input.subscriptionId, action: "activate_trial", links, record: "subscription.trial_activated" }, async ({ tx, sub, now }) => {
    const order = await collectionOf(tx, sub);
    if (order?.autocharge && !(await chargeableCard(tx, sub, order.paymentMethodId, now))) {
      throw new DomainError("invalid", "payment_method_required", "Add a card before you end the trial; the first payment is taken at once.");
    }
    await tx.update(subscriptions).set({ trialEndsAt: now }).where(eq(subscriptions.id, sub.id));
    const step = await startPeriods(tx, { ...sub, trialEndsAt: now }, now, "trial_end", links);
    return { result: null, attemptId: step.kind === "charge" ? step.attemptId : null };
  });
  return getSubscription(ctx, scope, input.subscriptionId);
}
