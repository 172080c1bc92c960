import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { setStatus } from "../billing/billing-engine.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { planOf, type Subscription } from "./period-invoice.ts";
import type { Transaction } from "../db/open.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";
import { pauseTimings, type PortalSettings } from "../settings.ts";

/** S3: the shop pauses and resumes at once, on a date, or both; a date (a scheduled pause or resume) needs "scheduled". */
export function assertPauseTiming(settings: PortalSettings, timing: "now" | "scheduled"): void {
  if (!pauseTimings(settings.pauseResume).includes(timing)) {
    throw new DomainError("forbidden", "pause_timing_not_allowed", timing === "now" ? "This shop pauses and resumes on a date you choose, not at once." : "This shop pauses and resumes at once, not on a later date.");
  }
}

/** S3: pause now or on a date, optionally with a date to resume. */
export async function pauseSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; at?: Date | null | undefined; resumeAt?: Date | null | undefined }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "pause", record: (_r, g) => ({ action: (input.at ?? g.now).getTime() === g.now.getTime() ? "subscription.paused" : "subscription.pause_scheduled", details: { at: (input.at ?? g.now).toISOString(), resume_at: input.resumeAt?.toISOString() ?? null } }) }, async ({ tx, sub, settings, now }) => {
    const paused = await applyPause(tx, sub, { at: input.at, resumeAt: input.resumeAt, now }, (timing) => assertPauseTiming(settings, timing));
    return buildView(tx, paused, settings);
  });
}

/**
 * The pause rules shared by the customer's and staff's pause (S3), on a locked
 * subscription: now or on a later date, optionally with a resume date after it.
 * `allowTiming` refuses a timing the caller may not use (the shop's settings
 * for customers; staff may use both).
 */
export async function applyPause(
  tx: Transaction,
  sub: Subscription,
  input: { at?: Date | null | undefined; resumeAt?: Date | null | undefined; now: Date },
  allowTiming: (timing: "now" | "scheduled") => void = () => undefined,
): Promise<Subscription> {
  const { now } = input;
  const at = input.at ?? now;
  if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
  if (input.resumeAt && input.resumeAt <= at) throw new DomainError("invalid", "resume_before_pause", "Resume after the pause starts.");
  allowTiming(at.getTime() === now.getTime() ? "now" : "scheduled");
  if (input.resumeAt) allowTiming("scheduled");
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  await queueMessage(tx, { merchantId: sub.merchantId, customerId: sub.customerId, template: "subscription_paused", subjectId: sub.id, vars: { plan: plan.productName, paused_on: at, resumes_on: input.resumeAt ?? null }, at: now });
  if (at.getTime() === now.getTime()) {
    const fields = { pausedAt: now, pauseAt: null, resumeAt: input.resumeAt ?? null, nextRetryAt: null, dunningAttempts: 0 };
    await setStatus(tx, sub, "paused", fields);
    return { ...sub, status: "paused", ...fields };
  }
  await tx.update(subscriptions).set({ pauseAt: at, resumeAt: input.resumeAt ?? null }).where(eq(subscriptions.id, sub.id));
  return { ...sub, pauseAt: at, resumeAt: input.resumeAt ?? null };
}
