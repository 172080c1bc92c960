import type { CoreContext, PortalScope } from "../context.ts";
import { DomainError } from "../errors.ts";
import { changeTarget, changeTimings, previewAt } from "./change-target.ts";
import { onSubscription } from "./subscription-action.ts";
import type { ChangePreviewView } from "./views.ts";

/** S5/A2: exactly what a change now would credit and charge; pass `proration_date` back to apply the same amounts. */
export async function previewSubscriptionChange(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; pricePointId?: string | undefined; quantity?: number | undefined },
): Promise<ChangePreviewView> {
  const action = input.pricePointId ? "change_plan" : "change_quantity";
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action }, async ({ tx, sub, settings, now }) => {
    if (!changeTimings(settings, action).includes("now")) throw new DomainError("forbidden", "change_timing_not_allowed", "This shop changes plans at the end of the term.");
    if (sub.status === "trialing") throw new DomainError("conflict", "no_proration_in_trial", "A trial has nothing to prorate; the change applies when the trial ends.");
    const { current, target, quantity } = await changeTarget(tx, sub, settings, input);
    return previewAt(sub, current, target, quantity, now);
  });
}
