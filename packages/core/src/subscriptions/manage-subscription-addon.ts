import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { pricePoints, subscriptionAddons } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { attachAddon } from "./attach-addon.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { assertQuantity } from "./create-subscription.ts";
import { onSubscription } from "./subscription-action.ts";
import { addonAllowed, buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S6: add an addon of the subscription's product (billed from the next invoice), change its quantity, or remove it. */
export async function manageSubscriptionAddon(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string } & ({ op: "add"; pricePointId: string; quantity?: number | undefined } | { op: "update"; addonId: string; quantity: number } | { op: "remove"; addonId: string }),
): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "manage_addons", record: () => ({ action: input.op === "add" ? "subscription.addon_added" : input.op === "update" ? "subscription.addon_updated" : "subscription.addon_removed", details: input.op === "add" ? { price: input.pricePointId, quantity: input.quantity ?? 1 } : input.op === "update" ? { addon: input.addonId, quantity: input.quantity } : { addon: input.addonId } }) }, async ({ tx, sub, settings, now }) => {
    if (input.op === "add") {
      const [price] = await tx.select({ id: pricePoints.id, productId: pricePoints.productId }).from(pricePoints).where(and(eq(pricePoints.merchantId, sub.merchantId), eq(pricePoints.id, input.pricePointId)));
      if (price && !addonAllowed(settings, price)) throw addonNotAllowed(price.id);
      await attachAddon(tx, sub, { pricePointId: input.pricePointId, quantity: input.quantity ?? 1, at: now });
    } else {
      const [addon] = await tx
        .select({ addon: subscriptionAddons, price: pricePoints })
        .from(subscriptionAddons)
        .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
        .where(and(eq(subscriptionAddons.subscriptionId, sub.id), eq(subscriptionAddons.id, input.addonId), isNull(subscriptionAddons.removedAt)));
      if (!addon) throw new DomainError("not_found", "addon_not_found", `No addon ${input.addonId} on this subscription.`);
      if (!addonAllowed(settings, addon.price)) throw addonNotAllowed(addon.price.id);
      if (input.op === "update") {
        assertQuantity(input.quantity, addon.price);
        await tx.update(subscriptionAddons).set({ quantity: input.quantity }).where(eq(subscriptionAddons.id, addon.addon.id));
      } else {
        await tx.update(subscriptionAddons).set({ removedAt: now }).where(eq(subscriptionAddons.id, addon.addon.id));
      }
    }
    await syncOrder(tx, sub);
    return buildView(tx, sub, settings);
  });
}

/** The shop lets customers manage only the addons on its list (P6 "addons per addon"). */
function addonNotAllowed(priceId: string): DomainError {
  return new DomainError("forbidden", "manage_addons_not_allowed", "This shop does not let you change that addon here.", { addon: priceId });
}
