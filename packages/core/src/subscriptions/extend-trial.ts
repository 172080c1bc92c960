import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S4: one more stretch of trial, up to the shop's maximum count. */
export async function extendTrial(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "extend_trial", record: "subscription.trial_extended" }, async ({ tx, sub, settings }) => {
    const trialEndsAt = new Date(sub.trialEndsAt!.getTime() + settings.trialExtensionDays * 86_400_000);
    const updated = { ...sub, trialEndsAt, trialExtensions: sub.trialExtensions + 1 };
    await tx.update(subscriptions).set({ trialEndsAt, trialExtensions: updated.trialExtensions }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated);
    return buildView(tx, updated, settings);
  });
}
