import type { CoreContext, PortalScope } from "../context.ts";
import { setAutocharge } from "../billing/billing-engine.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/**
 * S7: autocharge off — renewals are invoiced and emailed with a pay link, and a
 * past-due subscription (and its order) becomes active; back on — future
 * renewals are charged, but invoices already open are not collected by it.
 */
export async function setSubscriptionAutocharge(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; on: boolean }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: input.on ? "autocharge_on" : "autocharge_off", record: () => ({ action: "subscription.autocharge_changed", details: { before: !input.on, after: input.on } }) }, async ({ tx, sub, settings }) => {
    return buildView(tx, await setAutocharge(tx, sub, { on: input.on }), settings);
  });
}
