import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { onSubscription } from "./subscription-action.ts";
import { buildView } from "./subscription-view.ts";
import type { SubscriptionView } from "./views.ts";

/** S3: change or delete the scheduled pause and resume dates (null deletes one). */
export async function editPauseSchedule(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; pauseAt?: Date | null | undefined; resumeAt?: Date | null | undefined }): Promise<SubscriptionView> {
  return onSubscription(ctx, scope, { subscriptionId: input.subscriptionId, action: "edit_pause_schedule", record: (_r, g) => ({ action: "subscription.pause_schedule_updated", details: { before: { pause_at: g.sub.pauseAt?.toISOString() ?? null, resume_at: g.sub.resumeAt?.toISOString() ?? null }, after: { pause_at: (input.pauseAt === undefined ? g.sub.pauseAt : input.pauseAt)?.toISOString() ?? null, resume_at: (input.resumeAt === undefined ? g.sub.resumeAt : input.resumeAt)?.toISOString() ?? null } } }) }, async ({ tx, sub, settings, now }) => {
    const pauseAt = input.pauseAt === undefined ? sub.pauseAt : input.pauseAt;
    const resumeAt = input.resumeAt === undefined ? sub.resumeAt : input.resumeAt;
    if ((pauseAt && pauseAt < now) || (resumeAt && resumeAt < now)) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
    if (pauseAt && sub.status === "paused") throw new DomainError("conflict", "already_paused", "This subscription is paused already.");
    if (pauseAt && resumeAt && resumeAt <= pauseAt) throw new DomainError("invalid", "resume_before_pause", "Resume after the pause starts.");
    await tx.update(subscriptions).set({ pauseAt, resumeAt }).where(eq(subscriptions.id, sub.id));
    return buildView(tx, { ...sub, pauseAt, resumeAt }, settings);
  });
}
