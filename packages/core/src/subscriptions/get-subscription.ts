import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** The subscription on one of the customer's orders, with what they may do (S1–S7). */
export async function getOrderSubscription(ctx: CoreContext, scope: PortalScope, orderId: string): Promise<SubscriptionView> {
  const [row] = await ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.orderId, orderId)));
  if (!row) throw new DomainError("not_found", "subscription_not_found", `Order ${orderId} has no subscription.`);
  return getSubscription(ctx, scope, row.id);
}

/** One of the customer's subscriptions as the panel shows it. */
export async function getSubscription(ctx: CoreContext, scope: PortalScope, subscriptionId: string): Promise<SubscriptionView> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  return ctx.db.transaction(async (tx) => {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.id, subscriptionId)));
    if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
    return buildView(tx, sub, settings);
  });
}

/** The customer's subscriptions (for a list of plans). */
export async function listSubscriptionIds(ctx: CoreContext, scope: PortalScope): Promise<string[]> {
  const rows = await ctx.db.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId)));
  return rows.map((r) => r.id);
}

