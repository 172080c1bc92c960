import { and, eq } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import { addBalanceEntry, lockCustomer } from "../balance/ledger.ts";
import { finishCharge, syncOrder, type BillingLinks } from "../billing/billing-engine.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { documents, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { cancelSubscriptionNow } from "./cancel-subscription.ts";
import { customerNow } from "./create-subscription.ts";
import { applyPause } from "./pause-subscription.ts";
import { billingOf, planOf, type Subscription } from "./period-invoice.ts";
import { applyResume } from "./resume-subscription.ts";
import { scheduleRefusal, transition, type SubscriptionAction } from "./rules.ts";
import { getStaffSubscription, toStaffView, unusedTimeCredit, type StaffSubscriptionView } from "./staff-actions.ts";

/** A staff lifecycle action's answer: the subscription after it, and what it credited. */
export interface StaffLifecycleResult {
  subscription: StaffSubscriptionView;
  /** Unused paid time credited to the customer's account balance (cancel now); zero otherwise. */
  credited: { amount: number; currency: string };
}

/**
 * Runs a staff action on one of the merchant's subscriptions: its customer
 * locked, then the subscription, at the customer's time (a test clock's when
 * attached). Staff are not bound by the shop's portal settings, but the rules
 * of an order's own schedule (an instalment plan is never paused) still hold.
 */
async function onStaffSubscription<T>(
  ctx: CoreContext,
  merchantId: string,
  subscriptionId: string,
  action: SubscriptionAction,
  run: (g: { tx: Transaction; sub: Subscription; now: Date }) => Promise<T>,
): Promise<T> {
  const [owner] = await ctx.db.select({ customerId: subscriptions.customerId }).from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, subscriptionId)));
  if (!owner) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
  const now = await customerNow(ctx.db, ctx, merchantId, owner.customerId);
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, owner.customerId);
    const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, subscriptionId))).for("no key update");
    if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
    const refusal = scheduleRefusal(billingOf((await planOf(tx, merchantId, sub.pricePointId)).price), action);
    if (refusal && action !== "cancel") throw new DomainError("not_allowed", refusal.code, refusal.message, { status: sub.status });
    return run({ tx, sub, now });
  });
}

/**
 * Staff cancel a subscription (S1, S8). `end_of_term`: it runs to the end of
 * the period paid for (of the trial, while trialing) and then ends; `now`: it
 * ends at once and the unused part of a period already paid for is credited
 * to the customer's account balance (prorated to the second, like a plan
 * change), which pays their next invoices — money back to the card is a
 * refund, a separate operation. Either way the customer is e-mailed.
 */
export async function staffCancelSubscription(
  ctx: CoreContext,
  merchantId: string,
  input: { subscriptionId: string; at: "now" | "end_of_term"; reason?: string | undefined },
): Promise<StaffLifecycleResult> {
  return onStaffSubscription(ctx, merchantId, input.subscriptionId, "cancel", async ({ tx, sub, now }) => {
    const reason = input.reason?.trim().slice(0, 500) || null;
    if (!transition(sub.status, "cancel")) throw new DomainError("conflict", "already_cancelled", "This subscription has ended already.", { status: sub.status });
    let credited = 0;
    if (input.at === "end_of_term") {
      if (sub.status === "paused") throw new DomainError("conflict", "no_term_to_end", "A paused subscription has no running term; cancel it now.");
      if (sub.cancelAtPeriodEnd) throw new DomainError("conflict", "cancellation_already_scheduled", "This subscription already ends at the end of its term.");
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: true, cancelReason: reason }).where(eq(subscriptions.id, sub.id));
      await syncOrder(tx, { ...sub, cancelAtPeriodEnd: true, cancelReason: reason });
    } else {
      if (sub.status === "active" && (await currentPeriodPaid(tx, sub))) {
        const lines = await unusedTimeCredit(tx, sub, now);
        credited = -lines.reduce((s, l) => s + l.amount, 0);
        if (credited > 0) {
          await addBalanceEntry(tx, { merchantId, customerId: sub.customerId, kind: "proration_credit", amount: { amount: credited, currency: sub.currency }, reference: sub.id, note: "Unused time of a cancelled subscription", at: now });
        }
      }
      await cancelSubscriptionNow(tx, sub, { at: now, reason, why: "shop" });
    }
    await recordAction(tx, ctx, {
      merchantId,
      action: input.at === "now" ? "subscription.cancelled" : "subscription.cancellation_scheduled",
      subjectId: sub.id,
      customerId: sub.customerId,
      details: { at: input.at, reason, credited: { amount: credited, currency: sub.currency } },
    });
    return { subscription: await viewIn(tx, sub.id), credited: { amount: credited, currency: sub.currency } };
  });
}

/** Whether the invoice of the subscription's current period has been paid (a credit for unused time needs money paid for it). */
async function currentPeriodPaid(tx: Transaction, sub: Subscription): Promise<boolean> {
  const [invoice] = await tx
    .select({ status: documents.status })
    .from(documents)
    .where(and(eq(documents.merchantId, sub.merchantId), eq(documents.subscriptionId, sub.id), eq(documents.billingCycle, sub.cycle), eq(documents.kind, "invoice")));
  return invoice?.status === "paid";
}

/** Staff pause a subscription now or on a date, optionally with a resume date (S3 rules, whatever the portal settings). */
export async function staffPauseSubscription(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; at?: Date | undefined; resumeAt?: Date | undefined }): Promise<StaffSubscriptionView> {
  return onStaffSubscription(ctx, merchantId, input.subscriptionId, "pause", async ({ tx, sub, now }) => {
    if (!transition(sub.status, "pause")) throw new DomainError("conflict", "not_pausable", `A ${sub.status} subscription cannot be paused.`, { status: sub.status });
    if (sub.pauseAt) throw new DomainError("conflict", "pause_already_scheduled", "A pause is already scheduled; resume or pause again after it.");
    const paused = await applyPause(tx, sub, { at: input.at, resumeAt: input.resumeAt, now });
    await recordAction(tx, ctx, {
      merchantId,
      action: paused.status === "paused" ? "subscription.paused" : "subscription.pause_scheduled",
      subjectId: sub.id,
      customerId: sub.customerId,
      details: { pause_at: (input.at ?? now).toISOString(), resume_at: input.resumeAt?.toISOString() ?? null },
    });
    return viewIn(tx, sub.id);
  });
}

/**
 * Staff resume a paused subscription now or on a date (S3). Resumed inside the
 * period already paid for, it continues it; after it, a new period starts and is
 * billed — the charge is made after the commit, on the gateway attempt the
 * billing engine recorded.
 */
export async function staffResumeSubscription(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; at?: Date | undefined }, links: BillingLinks = {}): Promise<StaffSubscriptionView> {
  const attemptId = await onStaffSubscription(ctx, merchantId, input.subscriptionId, "resume", async ({ tx, sub, now }) => {
    if (sub.status !== "paused") throw new DomainError("conflict", "not_paused", `A ${sub.status} subscription is not paused.`, { status: sub.status });
    const started = await applyResume(tx, sub, { at: input.at, now }, links);
    const at = input.at ?? now;
    await recordAction(tx, ctx, {
      merchantId,
      action: at.getTime() > now.getTime() ? "subscription.resume_scheduled" : "subscription.resumed",
      subjectId: sub.id,
      customerId: sub.customerId,
      details: { resume_at: at.toISOString() },
    });
    return started;
  });
  if (attemptId) await finishCharge(ctx, attemptId, links);
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

async function viewIn(tx: Transaction, subscriptionId: string): Promise<StaffSubscriptionView> {
  const [row] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  return toStaffView(row!, billingOf((await planOf(tx, row!.merchantId, row!.pricePointId)).price));
}
