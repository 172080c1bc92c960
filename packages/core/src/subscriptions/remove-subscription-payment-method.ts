import type { CoreContext, PortalScope } from "../context.ts";
import { orders } from "../db/schema/index.ts";
import { setAutocharge } from "../billing/billing-engine.ts";
import { orderOf } from "./period-invoice.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/**
 * S7: forget the card assigned to this subscription. Automatic charging stops
 * with it (autocharge off): renewals are invoiced with a pay link rather than
 * charged to some other card the customer did not choose for it.
 */
export async function removeSubscriptionPaymentMethod(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "remove_payment_method", record: "subscription.payment_method_removed" }, async ({ tx, sub, settings }) => {
    await tx.update(orders).set({ paymentMethodId: null }).where(orderOf(sub));
    return buildView(tx, await setAutocharge(tx, sub, { on: false }), settings);
  });
}
