import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S5: drop a change scheduled for the end of the term. */
export async function undoScheduledChange(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "undo_scheduled_change", record: "subscription.scheduled_change_undone" }, async ({ tx, sub, settings }) => {
    const updated = { ...sub, pendingPricePointId: null, pendingQuantity: null };
    await tx.update(subscriptions).set({ pendingPricePointId: null, pendingQuantity: null }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated);
    return buildView(tx, updated, settings);
  });
}
