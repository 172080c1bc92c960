import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { coupons, orders, pricePoints, products, subscriptionAddons, subscriptionCoupons, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { fileManualRequest } from "../requests/open-request-ticket.ts";
import type { PortalSettings } from "../settings.ts";
import { billPeriod, finishCharge, setStatus, startPeriods, syncOrder, type BillingLinks } from "./billing-engine.ts";
import { assertQuantity, attachAddon, attachCoupon, customerNow } from "./create-subscription.ts";
import { collectionOf, orderOf, planOf, type Subscription } from "./period-invoice.ts";
import { changePreview } from "./proration.ts";
import { subscriptionActions, transition, type SubscriptionAction } from "./rules.ts";
import type { ChangePreviewView, SubscriptionPriceView, SubscriptionView } from "./views.ts";

/** How long a preview's proration date may be replayed to charge exactly what was shown. */
const PREVIEW_VALID_MS = 60 * 60 * 1000;

type Guarded = { tx: Transaction; sub: Subscription; settings: PortalSettings; now: Date };

/**
 * Runs a customer's action on their subscription: the subscription locked, the
 * merchant's settings and the customer's clock at hand, and the action refused
 * (403 with a code) unless the settings allow it right now (P6). Any charge the
 * action starts is finished after the transaction commits.
 */
async function act<T>(
  ctx: CoreContext,
  scope: PortalScope,
  subscriptionId: string,
  action: SubscriptionAction | null,
  run: (g: Guarded) => Promise<T | { result: T; attemptId: string | null }>,
  links: BillingLinks = {},
): Promise<T> {
  const settings = await loadSettings(ctx.db, scope.merchantId);
  const now = await customerNow(ctx.db, ctx, scope.merchantId, scope.customerId);
  const out = await ctx.db.transaction(async (tx) => {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.id, subscriptionId)))
      .for("update");
    if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
    if (action && !(await actionsFor(tx, sub, settings)).includes(action)) {
      throw new DomainError("forbidden", `${action}_not_allowed`, notAllowedMessage(action), { status: sub.status });
    }
    return run({ tx, sub, settings, now });
  });
  if (out && typeof out === "object" && "attemptId" in out && "result" in out) {
    if (out.attemptId) await finishCharge(ctx, out.attemptId, links);
    return out.result;
  }
  return out as T;
}

function notAllowedMessage(action: SubscriptionAction): string {
  return `You cannot ${action.replaceAll("_", " ")} for this subscription here.`;
}

async function actionsFor(tx: Transaction, sub: Subscription, settings: PortalSettings): Promise<SubscriptionAction[]> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const order = await collectionOf(tx, sub);
  return subscriptionActions(
    {
      status: sub.status,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      pauseAt: sub.pauseAt,
      resumeAt: sub.resumeAt,
      trialExtensions: sub.trialExtensions,
      pendingChange: sub.pendingPricePointId !== null || sub.pendingQuantity !== null,
      switchTargets: plan.price.switchTo.length,
      autocharge: order?.autocharge ?? true,
      hasAssignedPaymentMethod: Boolean(order?.paymentMethodId),
    },
    settings,
  );
}

/** The subscription on one of the customer's orders, with what they may do (S1–S7). */
export async function getOrderSubscription(ctx: CoreContext, scope: PortalScope, orderId: string): Promise<SubscriptionView> {
  const [row] = await ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.orderId, orderId)));
  if (!row) throw new DomainError("not_found", "subscription_not_found", `Order ${orderId} has no subscription.`);
  return getSubscription(ctx, scope, row.id);
}

/** One of the customer's subscriptions as the panel shows it. */
export async function getSubscription(ctx: CoreContext, scope: PortalScope, subscriptionId: string): Promise<SubscriptionView> {
  const settings = await loadSettings(ctx.db, scope.merchantId);
  return ctx.db.transaction(async (tx) => {
    const [sub] = await tx
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.id, subscriptionId)));
    if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
    return buildView(tx, sub, settings);
  });
}

async function buildView(tx: Transaction, sub: Subscription, settings: PortalSettings): Promise<SubscriptionView> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const order = await collectionOf(tx, sub);
  const priceRows = await tx
    .select({ price: pricePoints, product: products.name })
    .from(pricePoints)
    .innerJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, sub.merchantId)))
    .where(and(eq(pricePoints.merchantId, sub.merchantId), eq(pricePoints.currency, sub.currency)));
  const priceView = (id: string): SubscriptionPriceView | null => {
    const row = priceRows.find((r) => r.price.id === id);
    return row ? toPriceView(row.price, row.product) : null;
  };
  const addons = await tx.select().from(subscriptionAddons).where(and(eq(subscriptionAddons.subscriptionId, sub.id), isNull(subscriptionAddons.removedAt)));
  const applied = await tx
    .select({ applied: subscriptionCoupons, coupon: coupons })
    .from(subscriptionCoupons)
    .innerJoin(coupons, eq(coupons.id, subscriptionCoupons.couponId))
    .where(and(eq(subscriptionCoupons.subscriptionId, sub.id), isNull(subscriptionCoupons.removedAt)));
  const actions = await actionsFor(tx, sub, settings);
  const retention = actions.includes("cancel") && settings.retentionCouponId ? await retentionOffer(tx, sub, settings.retentionCouponId) : null;
  const pending = sub.pendingPricePointId !== null || sub.pendingQuantity !== null;
  return {
    id: sub.id,
    order_id: sub.orderId,
    status: sub.status,
    plan: toPriceView(plan.price, plan.productName),
    quantity: sub.quantity,
    current_period_start: iso(sub.currentPeriodStart),
    current_period_end: iso(sub.currentPeriodEnd),
    trial_ends_at: iso(sub.trialEndsAt),
    trial_extensions_left: Math.max(0, settings.maxTrialExtensions - sub.trialExtensions),
    trial_extension_days: settings.trialExtensionDays,
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    cancelled_at: iso(sub.cancelledAt),
    pause_at: iso(sub.pauseAt),
    resume_at: iso(sub.resumeAt),
    scheduled_change: pending ? { plan: priceView(sub.pendingPricePointId ?? sub.pricePointId)!, quantity: sub.pendingQuantity ?? sub.quantity, at: iso(sub.currentPeriodEnd) } : null,
    autocharge: order?.autocharge ?? true,
    payment_method_id: order?.paymentMethodId ?? null,
    addons: addons.flatMap((a) => {
      const price = priceRows.find((r) => r.price.id === a.pricePointId);
      return price ? [{ id: a.id, price: toPriceView(price.price, price.product), quantity: a.quantity, recurring: price.price.interval !== null }] : [];
    }),
    coupons: applied.map((r) => ({ id: r.applied.id, code: r.coupon.code, name: r.coupon.name, cycles_applied: r.applied.cyclesApplied })),
    switch_to: plan.price.switchTo.map(priceView).filter((p): p is SubscriptionPriceView => p !== null),
    available_addons: actions.includes("manage_addons") ? priceRows.filter((r) => r.price.addon).map((r) => toPriceView(r.price, r.product)) : [],
    cancellation_timings: !actions.includes("cancel")
      ? []
      : // A paused subscription has no term running to wait for.
        sub.status === "paused"
        ? ["now"]
        : settings.cancellationTiming === "either" ? ["now", "end_of_term"] : [settings.cancellationTiming === "immediately" ? "now" : "end_of_term"],
    retention_offer: retention,
    quantity_change_timings: actions.includes("change_quantity") ? ["now", "end_of_term"] : [],
    change_timings: settings.changePlan === "either" ? ["now", "end_of_term"] : settings.changePlan === "immediately" ? ["now"] : settings.changePlan === "end_of_term" ? ["end_of_term"] : [],
    actions,
  };
}

function toPriceView(price: typeof pricePoints.$inferSelect, product: string): SubscriptionPriceView {
  return {
    id: price.id,
    product,
    name: price.name,
    price: { amount: price.amount, currency: price.currency },
    interval: price.interval ?? "month",
    interval_count: price.intervalCount,
    min_quantity: price.minQuantity,
    max_quantity: price.maxQuantity,
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function retentionOffer(tx: Transaction, sub: Subscription, couponId: string) {
  const [coupon] = await tx.select().from(coupons).where(and(eq(coupons.merchantId, sub.merchantId), eq(coupons.id, couponId)));
  if (!coupon) return null;
  const used = await tx.select({ id: subscriptionCoupons.id }).from(subscriptionCoupons).where(and(eq(subscriptionCoupons.subscriptionId, sub.id), eq(subscriptionCoupons.couponId, coupon.id)));
  if (used.length) return null;
  const off = coupon.kind === "percent" ? `${coupon.percentOffBps! / 100}% off` : `${coupon.amountOff} ${coupon.currency} off`;
  const length = coupon.duration === "once" ? "your next invoice" : coupon.duration === "forever" ? "every invoice" : `the next ${coupon.durationCycles} invoices`;
  return { coupon_id: coupon.id, name: coupon.name, description: `${off} ${length}` };
}

// S1 / A1 ------------------------------------------------------------------

export type CancelOutcome = { status: "cancelled" | "cancel_scheduled" | "retained" | "requested"; subscription: SubscriptionView; request_id?: string; ticket_id?: string };

/**
 * S1/A1: cancel now or at the end of the term, with a reason. If the shop
 * makes a retention offer and the customer takes it, the coupon is applied
 * instead and nothing is cancelled. Manual cancellation files a request for
 * staff (R5); approving it cancels at once.
 */
export async function cancelSubscription(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; when: "now" | "end_of_term"; reason?: string | undefined; acceptRetentionOffer?: boolean | undefined },
): Promise<CancelOutcome> {
  return act(ctx, scope, input.subscriptionId, "cancel", async ({ tx, sub, settings, now }) => {
    const view = await buildView(tx, sub, settings);
    if (input.acceptRetentionOffer) {
      if (!view.retention_offer) throw new DomainError("conflict", "no_retention_offer", "There is no offer for this subscription.");
      await attachCoupon(tx, sub, "", now, true, view.retention_offer.coupon_id);
      return { status: "retained" as const, subscription: await buildView(tx, sub, settings) };
    }
    if (!view.cancellation_timings.includes(input.when)) {
      throw new DomainError("forbidden", "cancellation_timing_not_allowed", input.when === "now" ? "This shop cancels at the end of the term." : "This shop cancels at once, not at the end of the term.");
    }
    const reason = input.reason?.trim().slice(0, 500) || null;
    if (settings.cancellation === "manual") {
      const order = await collectionOf(tx, sub);
      const filed = await fileManualRequest(tx, {
        merchantId: sub.merchantId,
        customerId: sub.customerId,
        kind: "cancellation",
        orderId: sub.orderId,
        departmentId: settings.cancellationDepartmentId,
        subject: `Cancellation request for order ${order?.number ?? ""}`,
        reason: reason ?? undefined,
        fallbackBody: `The customer asked to cancel this subscription ${input.when === "now" ? "now" : "at the end of the term"}.`,
        now,
      });
      return { status: "requested" as const, subscription: view, request_id: filed.requestId, ticket_id: filed.ticketId };
    }
    if (input.when === "end_of_term" && (sub.status === "active" || sub.status === "past_due" || sub.status === "trialing")) {
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: true, cancelReason: reason }).where(eq(subscriptions.id, sub.id));
      const updated = { ...sub, cancelAtPeriodEnd: true, cancelReason: reason };
      await syncOrder(tx, updated, sub.currentPeriodEnd);
      return { status: "cancel_scheduled" as const, subscription: await buildView(tx, updated, settings) };
    }
    await setStatus(tx, sub, transition(sub.status, "cancel")!, { cancelledAt: now, cancelReason: reason, cancelAtPeriodEnd: false, pauseAt: null, resumeAt: null, nextRetryAt: null });
    return { status: "cancelled" as const, subscription: await buildView(tx, { ...sub, status: "cancelled", cancelledAt: now }, settings) };
  });
}

/** S1: the customer changes their mind before the term ends. */
export async function removeScheduledCancellation(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "remove_scheduled_cancellation", async ({ tx, sub, settings }) => {
    const updated = { ...sub, cancelAtPeriodEnd: false, cancelReason: null };
    await tx.update(subscriptions).set({ cancelAtPeriodEnd: false, cancelReason: null }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated, sub.currentPeriodEnd);
    return buildView(tx, updated, settings);
  });
}

/** S2: a cancelled or expired subscription starts again today, billed at once. */
export async function reactivateSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await act(
    ctx,
    scope,
    input.subscriptionId,
    "reactivate",
    async ({ tx, sub, now }) => {
      const step = await startPeriods(tx, { ...sub, cancelAtPeriodEnd: false }, now, "reactivate", links);
      await tx.update(subscriptions).set({ cancelAtPeriodEnd: false }).where(eq(subscriptions.id, sub.id));
      return { result: null, attemptId: step.kind === "charge" ? step.attemptId : null };
    },
    links,
  );
  return getSubscription(ctx, scope, input.subscriptionId);
}

// S3 -----------------------------------------------------------------------

/** S3: pause now or on a date, optionally with a date to resume. */
export async function pauseSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; at?: Date | null | undefined; resumeAt?: Date | null | undefined }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "pause", async ({ tx, sub, settings, now }) => {
    const at = input.at ?? now;
    if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
    if (input.resumeAt && input.resumeAt <= at) throw new DomainError("invalid", "resume_before_pause", "Resume after the pause starts.");
    if (at.getTime() === now.getTime()) {
      await setStatus(tx, sub, "paused", { pausedAt: now, pauseAt: null, resumeAt: input.resumeAt ?? null, nextRetryAt: null, dunningAttempts: 0 });
      return buildView(tx, { ...sub, status: "paused", pauseAt: null, resumeAt: input.resumeAt ?? null }, settings);
    }
    await tx.update(subscriptions).set({ pauseAt: at, resumeAt: input.resumeAt ?? null }).where(eq(subscriptions.id, sub.id));
    return buildView(tx, { ...sub, pauseAt: at, resumeAt: input.resumeAt ?? null }, settings);
  });
}

/** S3: resume now (billed from today) or on a date. */
export async function resumeSubscription(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; at?: Date | null | undefined }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await act(
    ctx,
    scope,
    input.subscriptionId,
    "resume",
    async ({ tx, sub, now }) => {
      const at = input.at ?? now;
      if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
      if (at.getTime() > now.getTime()) {
        await tx.update(subscriptions).set({ resumeAt: at }).where(eq(subscriptions.id, sub.id));
        return { result: null, attemptId: null };
      }
      await tx.update(subscriptions).set({ resumeAt: null, pausedAt: null }).where(eq(subscriptions.id, sub.id));
      const step = await startPeriods(tx, sub, now, "resume", links);
      return { result: null, attemptId: step.kind === "charge" ? step.attemptId : null };
    },
    links,
  );
  return getSubscription(ctx, scope, input.subscriptionId);
}

/** S3: change or delete the scheduled pause and resume dates (null deletes one). */
export async function editPauseSchedule(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; pauseAt?: Date | null | undefined; resumeAt?: Date | null | undefined }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "edit_pause_schedule", async ({ tx, sub, settings, now }) => {
    const pauseAt = input.pauseAt === undefined ? sub.pauseAt : input.pauseAt;
    const resumeAt = input.resumeAt === undefined ? sub.resumeAt : input.resumeAt;
    if ((pauseAt && pauseAt < now) || (resumeAt && resumeAt < now)) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
    if (pauseAt && sub.status === "paused") throw new DomainError("conflict", "already_paused", "This subscription is paused already.");
    if (pauseAt && resumeAt && resumeAt <= pauseAt) throw new DomainError("invalid", "resume_before_pause", "Resume after the pause starts.");
    await tx.update(subscriptions).set({ pauseAt, resumeAt }).where(eq(subscriptions.id, sub.id));
    return buildView(tx, { ...sub, pauseAt, resumeAt }, settings);
  });
}

// S4 -----------------------------------------------------------------------

/** S4: one more stretch of trial, up to the shop's maximum count. */
export async function extendTrial(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "extend_trial", async ({ tx, sub, settings }) => {
    const trialEndsAt = new Date(sub.trialEndsAt!.getTime() + settings.trialExtensionDays * 86_400_000);
    const updated = { ...sub, trialEndsAt, trialExtensions: sub.trialExtensions + 1 };
    await tx.update(subscriptions).set({ trialEndsAt, trialExtensions: updated.trialExtensions }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated, null);
    return buildView(tx, updated, settings);
  });
}

/** S4: end the trial now and start paying. */
export async function activateTrial(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }, links: BillingLinks = {}): Promise<SubscriptionView> {
  await act(
    ctx,
    scope,
    input.subscriptionId,
    "activate_trial",
    async ({ tx, sub, now }) => {
      await tx.update(subscriptions).set({ trialEndsAt: now }).where(eq(subscriptions.id, sub.id));
      const step = await startPeriods(tx, { ...sub, trialEndsAt: now }, now, "trial_end", links);
      return { result: null, attemptId: step.kind === "charge" ? step.attemptId : null };
    },
    links,
  );
  return getSubscription(ctx, scope, input.subscriptionId);
}

// S5 / A2 ------------------------------------------------------------------

async function targetOf(tx: Transaction, sub: Subscription, input: { pricePointId?: string | undefined; quantity?: number | undefined }) {
  const current = await planOf(tx, sub.merchantId, sub.pricePointId);
  const pricePointId = input.pricePointId ?? sub.pricePointId;
  if (pricePointId !== sub.pricePointId && !current.price.switchTo.includes(pricePointId)) {
    throw new DomainError("not_allowed", "plan_not_switchable", "This plan cannot be switched to that one.");
  }
  const target = await planOf(tx, sub.merchantId, pricePointId);
  const quantity = input.quantity ?? sub.quantity;
  assertQuantity(quantity, target.price);
  if (pricePointId === sub.pricePointId && quantity === sub.quantity) throw new DomainError("invalid", "nothing_to_change", "Choose another plan or quantity.");
  return { current, target, quantity };
}

function previewAt(sub: Subscription, current: { price: { amount: number } }, target: { price: { amount: number } }, quantity: number, at: Date): ChangePreviewView {
  const start = sub.currentPeriodStart!;
  const end = sub.currentPeriodEnd!;
  const p = changePreview({ currentAmount: current.price.amount * sub.quantity, newAmount: target.price.amount * quantity, periodStart: start, periodEnd: end, at });
  return {
    proration_date: at.toISOString(),
    period_end: end.toISOString(),
    currency: sub.currency,
    credit: p.credit,
    charge: p.charge,
    net: p.net,
    due_now: Math.max(0, p.net),
    credit_to_balance: Math.max(0, -p.net),
    next_period_amount: target.price.amount * quantity,
  };
}

function prorationInstant(requested: Date | undefined, sub: Subscription, now: Date): Date {
  if (!requested) return now;
  if (Number.isNaN(requested.getTime()) || requested > now || now.getTime() - requested.getTime() > PREVIEW_VALID_MS || requested < sub.currentPeriodStart!) {
    throw new DomainError("invalid", "preview_expired", "That preview has expired; look at the change again.");
  }
  return requested;
}

/** S5/A2: exactly what a change now would credit and charge; pass `proration_date` back to apply the same amounts. */
export async function previewSubscriptionChange(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; pricePointId?: string | undefined; quantity?: number | undefined },
): Promise<ChangePreviewView> {
  const action = input.pricePointId ? "change_plan" : "change_quantity";
  return act(ctx, scope, input.subscriptionId, action, async ({ tx, sub, settings, now }) => {
    if (!changeTimings(settings, action).includes("now")) throw new DomainError("forbidden", "change_timing_not_allowed", "This shop changes plans at the end of the term.");
    if (sub.status === "trialing") throw new DomainError("conflict", "no_proration_in_trial", "A trial has nothing to prorate; the change applies when the trial ends.");
    const { current, target, quantity } = await targetOf(tx, sub, input);
    return previewAt(sub, current, target, quantity, now);
  });
}

function changeTimings(settings: PortalSettings, action: "change_plan" | "change_quantity"): ("now" | "end_of_term")[] {
  if (action === "change_quantity") return ["now", "end_of_term"];
  return settings.changePlan === "either" ? ["now", "end_of_term"] : settings.changePlan === "immediately" ? ["now"] : settings.changePlan === "end_of_term" ? ["end_of_term"] : [];
}

/**
 * S5: change plan or quantity now — the prorated difference invoiced and
 * collected at once, or credited to the balance — or at the end of the term.
 */
export async function changeSubscription(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; pricePointId?: string | undefined; quantity?: number | undefined; when: "now" | "end_of_term"; prorationDate?: Date | undefined },
  links: BillingLinks = {},
): Promise<{ subscription: SubscriptionView; preview: ChangePreviewView | null }> {
  const action = input.pricePointId && input.pricePointId !== "" ? "change_plan" : "change_quantity";
  const preview = await act(
    ctx,
    scope,
    input.subscriptionId,
    action,
    async ({ tx, sub, settings, now }) => {
      if (!changeTimings(settings, action).includes(input.when)) throw new DomainError("forbidden", "change_timing_not_allowed", "This shop does not make that change at that time.");
      const { current, target, quantity } = await targetOf(tx, sub, input);
      if (input.when === "end_of_term" || sub.status === "trialing") {
        if (sub.status === "trialing") {
          await tx.update(subscriptions).set({ pricePointId: target.price.id, quantity }).where(eq(subscriptions.id, sub.id));
          await syncOrder(tx, { ...sub, pricePointId: target.price.id, quantity }, null);
        } else {
          await tx.update(subscriptions).set({ pendingPricePointId: target.price.id, pendingQuantity: quantity }).where(eq(subscriptions.id, sub.id));
          await syncOrder(tx, { ...sub, pendingPricePointId: target.price.id, pendingQuantity: quantity }, sub.currentPeriodEnd);
        }
        return { result: null, attemptId: null };
      }
      const at = prorationInstant(input.prorationDate, sub, now);
      const shown = previewAt(sub, current, target, quantity, at);
      const updated = { ...sub, pricePointId: target.price.id, quantity, pendingPricePointId: null, pendingQuantity: null };
      await tx.update(subscriptions).set({ pricePointId: target.price.id, quantity, pendingPricePointId: null, pendingQuantity: null }).where(eq(subscriptions.id, sub.id));
      await syncOrder(tx, updated, sub.currentPeriodEnd);
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
    },
    links,
  );
  return { subscription: await getSubscription(ctx, scope, input.subscriptionId), preview };
}

/** S5: drop a change scheduled for the end of the term. */
export async function undoScheduledChange(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "undo_scheduled_change", async ({ tx, sub, settings }) => {
    const updated = { ...sub, pendingPricePointId: null, pendingQuantity: null };
    await tx.update(subscriptions).set({ pendingPricePointId: null, pendingQuantity: null }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated, sub.currentPeriodEnd);
    return buildView(tx, updated, settings);
  });
}

// S6 -----------------------------------------------------------------------

/** S6: add an addon (billed from the next invoice), change its quantity, or remove it. */
export async function manageSubscriptionAddon(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string } & ({ op: "add"; pricePointId: string; quantity?: number | undefined } | { op: "update"; addonId: string; quantity: number } | { op: "remove"; addonId: string }),
): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "manage_addons", async ({ tx, sub, settings, now }) => {
    if (input.op === "add") {
      await attachAddon(tx, sub, input.pricePointId, input.quantity ?? 1, now);
    } else {
      const [addon] = await tx
        .select({ addon: subscriptionAddons, price: pricePoints })
        .from(subscriptionAddons)
        .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
        .where(and(eq(subscriptionAddons.merchantId, sub.merchantId), eq(subscriptionAddons.subscriptionId, sub.id), eq(subscriptionAddons.id, input.addonId), isNull(subscriptionAddons.removedAt)));
      if (!addon) throw new DomainError("not_found", "addon_not_found", `No addon ${input.addonId} on this subscription.`);
      if (input.op === "update") {
        assertQuantity(input.quantity, addon.price);
        await tx.update(subscriptionAddons).set({ quantity: input.quantity }).where(eq(subscriptionAddons.id, addon.addon.id));
      } else {
        await tx.update(subscriptionAddons).set({ removedAt: now }).where(eq(subscriptionAddons.id, addon.addon.id));
      }
    }
    return buildView(tx, sub, settings);
  });
}

/** S6: apply a coupon by code, or remove one. */
export async function manageSubscriptionCoupon(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string } & ({ op: "apply"; code: string } | { op: "remove"; appliedId: string }),
): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "apply_coupon", async ({ tx, sub, settings, now }) => {
    if (input.op === "apply") {
      await attachCoupon(tx, sub, input.code, now, true);
    } else {
      const removed = await tx
        .update(subscriptionCoupons)
        .set({ removedAt: now })
        .where(and(eq(subscriptionCoupons.subscriptionId, sub.id), eq(subscriptionCoupons.id, input.appliedId), isNull(subscriptionCoupons.removedAt)))
        .returning({ id: subscriptionCoupons.id });
      if (removed.length === 0) throw new DomainError("not_found", "coupon_not_found", "That coupon is not on this subscription.");
    }
    return buildView(tx, sub, settings);
  });
}

// S7 -----------------------------------------------------------------------

/**
 * S7: autocharge off — renewals are invoiced and emailed with a pay link, and a
 * past-due subscription becomes active; back on — future renewals are charged,
 * but invoices already open are not collected by it.
 */
export async function setSubscriptionAutocharge(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string; on: boolean }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, input.on ? "autocharge_on" : "autocharge_off", async ({ tx, sub, settings }) => {
    await tx.update(orders).set({ autocharge: input.on }).where(orderOf(sub));
    let updated = sub;
    if (!input.on) {
      const status = transition(sub.status, "autocharge_off") ?? sub.status;
      await setStatus(tx, sub, status, { dunningAttempts: 0, nextRetryAt: null });
      updated = { ...sub, status, dunningAttempts: 0, nextRetryAt: null };
    }
    return buildView(tx, updated, settings);
  });
}

/** S7: forget the card assigned to this subscription (the default card is charged from then on, if autocharge is on). */
export async function removeSubscriptionPaymentMethod(ctx: CoreContext, scope: PortalScope, input: { subscriptionId: string }): Promise<SubscriptionView> {
  return act(ctx, scope, input.subscriptionId, "remove_payment_method", async ({ tx, sub, settings }) => {
    await tx.update(orders).set({ paymentMethodId: null }).where(orderOf(sub));
    return buildView(tx, sub, settings);
  });
}

/** The customer's subscriptions (for a list of plans). */
export async function listSubscriptionIds(ctx: CoreContext, scope: PortalScope): Promise<string[]> {
  const rows = await ctx.db.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId)));
  return rows.map((r) => r.id);
}

