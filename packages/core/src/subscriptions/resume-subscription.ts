import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { restartPeriods, type BillingLinks } from "../billing/billing-engine.ts";
import { getSubscription } from "./get-subscription.ts";
import { assertPauseTiming } from "./pause-subscription.ts";
import { onSubscriptionCharging } from "./subscription-action.ts";
import type { SubscriptionView } from "./views.ts";
import type { Transaction } from "../db/open.ts";
import type { Subscription } from "./period-invoice.ts";

/**
 * S3: resume now or on a date. Inside the period already paid for, the
 * subscription continues it (no new invoice until it ends); after it, a new
 * period starts on the resume date and is billed.
 */
export async function resumeSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; at?: Date | null | undefined }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await onSubscriptionCharging(ctx, scope, { subscriptionId: input.subscriptionId, action: "resume", links, record: (_r, g) => ({ action: !input.at || input.at.getTime() <= g.now.getTime() ? "subscription.resumed" : "subscription.resume_scheduled", details: { at: (input.at ?? g.now).toISOString() } }) }, async ({ tx, sub, settings, now }) => {
    const attemptId = await applyResume(tx, sub, { at: input.at, now }, links, (timing) => assertPauseTiming(settings, timing));
    return { result: null, attemptId };
  });
  return getSubscription(ctx, scope, input.subscriptionId);
}

/**
 * The resume rules shared by the customer's and staff's resume (S3), on a
 * locked subscription: a later date is stored, now restarts billing. Returns
 * the renewal charge started, to finish once the transaction has committed.
 */
export async function applyResume(
  tx: Transaction,
  sub: Subscription,
  input: { at?: Date | null | undefined; now: Date },
  links: BillingLinks,
  allowTiming: (timing: "now" | "scheduled") => void = () => undefined,
): Promise<string | null> {
  const { now } = input;
  const at = input.at ?? now;
  if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
  allowTiming(at.getTime() > now.getTime() ? "scheduled" : "now");
  if (at.getTime() > now.getTime()) {
    await tx.update(subscriptions).set({ resumeAt: at }).where(eq(subscriptions.id, sub.id));
    return null;
  }
  await tx.update(subscriptions).set({ resumeAt: null, pausedAt: null }).where(eq(subscriptions.id, sub.id));
  const step = await restartPeriods(tx, { ...sub, resumeAt: null, pausedAt: null }, now, "resume", links);
  return step.kind === "charge" ? step.attemptId : null;
}
