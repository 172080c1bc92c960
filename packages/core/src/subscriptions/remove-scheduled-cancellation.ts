import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S1: the customer changes their mind before the term ends. */
export async function removeScheduledCancellation(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "remove_scheduled_cancellation", record: "subscription.scheduled_cancellation_removed" }, async ({ tx, sub, settings }) => {
    const updated = { ...sub, cancelAtPeriodEnd: false, cancelReason: null };
    await tx.update(subscriptions).set({ cancelAtPeriodEnd: false, cancelReason: null }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated);
    return buildView(tx, updated, settings);
  });
}
