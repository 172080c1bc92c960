import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { billPeriod, syncOrder, type BillingLinks } from "../billing/billing-engine.ts";
import { changeTarget, changeTimings, previewAt, prorationInstant } from "./change-target.ts";
import { getSubscription } from "./get-subscription.ts";
import { onSubscriptionCharging } from "./subscription-action.ts";
import type { ChangePreviewView, SubscriptionView } from "./views.ts";

/**
 * S5: change plan or quantity now — the prorated difference invoiced and
 * collected at once, or credited to the balance — or at the end of the term.
 * The order's lines and next payment follow the subscription either way.
 */
export async function changeSubscription(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; pricePointId?: string | undefined; quantity?: number | undefined; when: "now" | "end_of_term"; prorationDate?: Date | undefined },
  links: BillingLinks = {},
): Promise<{ subscription: SubscriptionView; preview: ChangePreviewView | null }> {
  const action = input.pricePointId && input.pricePointId !== "" ? "change_plan" : "change_quantity";
  const preview = await onSubscriptionCharging<ChangePreviewView | null>(ctx, scope, { subscriptionId: input.subscriptionId, action, links, record: (_r, g) => ({ action: input.when === "now" ? "subscription.changed" : "subscription.change_scheduled", details: { before: { price: g.sub.pricePointId, quantity: g.sub.quantity }, after: { price: input.pricePointId || g.sub.pricePointId, quantity: input.quantity ?? g.sub.quantity }, when: input.when } }) }, async ({ tx, sub, settings, now }) => {
    if (!changeTimings(settings, action).includes(input.when)) throw new DomainError("forbidden", "change_timing_not_allowed", "This shop does not make that change at that time.");
    const { current, target, quantity } = await changeTarget(tx, sub, settings, input);
    if (sub.status === "trialing") {
      // Nothing paid yet: the trial simply ends on the new plan.
      await tx.update(subscriptions).set({ pricePointId: target.price.id, quantity }).where(eq(subscriptions.id, sub.id));
      await syncOrder(tx, { ...sub, pricePointId: target.price.id, quantity });
      return { result: null, attemptId: null };
    }
    if (input.when === "end_of_term") {
      await tx.update(subscriptions).set({ pendingPricePointId: target.price.id, pendingQuantity: quantity }).where(eq(subscriptions.id, sub.id));
      await syncOrder(tx, { ...sub, pendingPricePointId: target.price.id, pendingQuantity: quantity });
      return { result: null, attemptId: null };
    }
    const at = prorationInstant(input.prorationDate, sub, now);
    const shown = previewAt(sub, current, target, quantity, at);
    const updated = { ...sub, pricePointId: target.price.id, quantity, pendingPricePointId: null, pendingQuantity: null };
    await tx.update(subscriptions).set({ pricePointId: target.price.id, quantity, pendingPricePointId: null, pendingQuantity: null }).where(eq(subscriptions.id, sub.id));
    const step = await billPeriod(
      tx,
      updated,
      {
        cycle: null,
        start: at,
        end: sub.currentPeriodEnd!,
        at: now,
        planOnlyProrations: true,
        prorations: [
          { description: `Unused time on ${current.productName} — ${current.price.name} × ${sub.quantity}`, amount: -shown.credit },
          { description: `Remaining time on ${target.productName} — ${target.price.name} × ${quantity}`, amount: shown.charge },
        ],
      },
      links,
    );
    return { result: shown, attemptId: step.kind === "charge" ? step.attemptId : null };
  });
  return { subscription: await getSubscription(ctx, scope, input.subscriptionId), preview };
}
