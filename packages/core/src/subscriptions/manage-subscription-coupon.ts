import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptionCoupons } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { attachCoupon } from "./attach-coupon.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S6: apply a coupon by code, or remove one; the order's next payment shows the discount. */
export async function manageSubscriptionCoupon(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string } & ({ op: "apply"; code: string } | { op: "remove"; appliedId: string }),
): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "apply_coupon", record: () => (input.op === "apply" ? { action: "subscription.coupon_applied", details: { code: input.code } } : { action: "subscription.coupon_removed", details: { applied: input.appliedId } }) }, async ({ tx, sub, settings, now }) => {
    if (input.op === "apply") {
      await attachCoupon(tx, sub, { code: input.code, at: now, appliedBy: "customer" });
    } else {
      const removed = await tx
        .update(subscriptionCoupons)
        .set({ removedAt: now })
        .where(and(eq(subscriptionCoupons.subscriptionId, sub.id), eq(subscriptionCoupons.id, input.appliedId), isNull(subscriptionCoupons.removedAt)))
        .returning({ id: subscriptionCoupons.id });
      if (removed.length === 0) throw new DomainError("not_found", "coupon_not_found", "That coupon is not on this subscription.");
    }
    await syncOrder(tx, sub);
    return buildView(tx, sub, settings);
  });
}
