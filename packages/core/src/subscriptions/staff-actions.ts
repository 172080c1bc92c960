import { lockCustomer } from "../balance/ledger.ts";
import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { pricePoints, subscriptionAddons, subscriptions } from "../db/schema/index.ts";
import { allocate, money } from "../money.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { runMoneyMovement } from "../payments/attempts/run-attempt.ts";
import { advanceSubscription, renew, setStatus, startPeriods, syncOrder, type BillingLinks } from "../billing/billing-engine.ts";
import { customerNow } from "./create-subscription.ts";
import { billingOf, catalogPriceOf, isOrderSchedule, periodLabel, planOf, type Subscription } from "./period-invoice.ts";
import { prorate } from "./proration.ts";
import { staffSubscriptionActions, type StaffSubscriptionAction, type SubscriptionBilling } from "./rules.ts";
import { recordAction } from "../audit/record-action.ts";

export interface StaffSubscriptionView {
  id: string;
  order_id: string;
  customer_id: string;
  status: Subscription["status"];
  price_id: string;
  quantity: number;
  cycle: number;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_ends_at: string | null;
  cancel_at_period_end: boolean;
  skip_next_payment: boolean;
  dunning_attempts: number;
  next_retry_at: string | null;
  /** A scheduled pause, if any. */
  pause_at: string | null;
  resume_at: string | null;
  /** The staff operations the API accepts now (S4, S8); each has a preview (POST /subscriptions/:id/preview). */
  actions: StaffSubscriptionAction[];
}

/** The subscription as staff see it. */
export async function getStaffSubscription(ctx: CoreContext, merchantId: string, subscriptionId: string): Promise<StaffSubscriptionView> {
  const [sub] = await ctx.db.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, subscriptionId)));
  if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
  return toStaffView(sub, billingOf((await planOf(ctx.db, merchantId, sub.pricePointId)).price));
}

/** Runs a staff change on a locked subscription at its customer's time (a test clock's, when attached). */
async function staffAct(
  ctx: CoreContext,
  merchantId: string,
  subscriptionId: string,
  action: string | ((sub: Subscription) => string),
  run: (tx: Transaction, sub: Subscription, now: Date) => Promise<Record<string, unknown> | void>,
): Promise<Date> {
  const [owner] = await ctx.db.select({ customerId: subscriptions.customerId }).from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, subscriptionId)));
  if (!owner) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
  const now = await customerNow(ctx.db, ctx, merchantId, owner.customerId);
  await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, owner.customerId); // lock order: customer, then subscription
    const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, subscriptionId))).for("no key update");
    const details = await run(tx, sub!, now);
    await recordAction(tx, ctx, { merchantId, action: typeof action === "function" ? action(sub!) : action, subjectId: subscriptionId, customerId: owner.customerId, details: details ?? undefined });
  });
  return now;
}

function requireStatus(sub: Subscription, allowed: Subscription["status"][], code: string): void {
  if (!allowed.includes(sub.status)) throw new DomainError("conflict", code, `Not possible while the subscription is ${sub.status}.`, { status: sub.status });
}

/**
 * S8: move the next billing date. The current period simply ends on the new
 * date (no proration) and later periods count from it.
 */
export async function changeBillingDate(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; date: Date }, links: BillingLinks = {}): Promise<StaffSubscriptionView> {
  const now = await staffAct(ctx, merchantId, input.subscriptionId, "subscription.billing_date_changed", async (tx, sub, now) => {
    requireStatus(sub, ["active", "past_due"], "billing_date_not_changeable");
    if (Number.isNaN(input.date.getTime()) || input.date <= now) throw new DomainError("invalid", "date_in_past", "Choose a billing date after now.");
    const updated = { ...sub, anchorAt: input.date, anchorCycle: sub.cycle + 1, currentPeriodEnd: input.date };
    await tx.update(subscriptions).set({ anchorAt: input.date, anchorCycle: sub.cycle + 1, currentPeriodEnd: input.date }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, updated);
    return { before: sub.currentPeriodEnd?.toISOString() ?? null, after: input.date.toISOString() };
  });
  await advanceSubscription(ctx, input.subscriptionId, now, links);
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

/**
 * S8: bill now — the current term ends today and a new one starts, invoiced
 * and charged at once. The unused part of the ending term (plan and recurring
 * addons, prorated on the clock) is credited on the new invoice, so the days
 * already paid for are not paid twice.
 */
export async function forceBillNow(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; idempotencyKey?: string | undefined }, links: BillingLinks = {}): Promise<StaffSubscriptionView> {
  const [owner] = await ctx.db.select({ customerId: subscriptions.customerId }).from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, input.subscriptionId)));
  if (!owner) throw new DomainError("not_found", "subscription_not_found", `No subscription ${input.subscriptionId}.`);
  const now = await customerNow(ctx.db, ctx, merchantId, owner.customerId);
  // Recorded under the caller's key with the new term: a retry after a crash (or a BFF
  // taking over a dead request's key) finishes this bill-now's charge instead of billing again.
  const key = input.idempotencyKey ?? `bill_now:${newId("sub")}`;
  await runMoneyMovement(ctx, { merchantId, customerId: owner.customerId }, { purpose: "bill_now", idempotencyKey: key }, async (tx) => {
    await lockCustomer(tx, merchantId, owner.customerId); // lock order: customer, then subscription
    const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, input.subscriptionId))).for("no key update");
    requireStatus(sub!, ["active", "past_due"], "not_billable");
    // An order placed through the API bills its own lines, which take no unused-time credit: billing now would bill paid time twice.
    if (billingOf((await planOf(tx, merchantId, sub!.pricePointId)).price) !== "plan") {
      throw new DomainError("not_allowed", "order_schedule_not_billable_now", "An order placed through the API bills on its schedule; move its billing date instead.");
    }
    const prorations = await unusedTimeCredit(tx, sub!, now);
    const ended = { anchorAt: now, anchorCycle: sub!.cycle + 1, currentPeriodEnd: now, cancelAtPeriodEnd: false };
    await tx.update(subscriptions).set(ended).where(eq(subscriptions.id, sub!.id));
    await renew(tx, { ...sub!, ...ended }, now, links, { prorations });
    await recordAction(tx, ctx, { merchantId, action: "subscription.billed_now", subjectId: sub!.id, customerId: owner.customerId, details: { credited: prorations.reduce((sum, p) => sum - p.amount, 0), currency: sub!.currency } });
    return { result: { subscription_id: sub!.id, billed_at: now.toISOString() } };
  });
  // Finishes the charge the renewal started, now that its transaction has committed.
  await advanceSubscription(ctx, input.subscriptionId, now, links);
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

/** Credit lines for the rest of the current period, split over its items by largest remainder so they add up exactly. */
export async function unusedTimeCredit(tx: Transaction, sub: Subscription, at: Date): Promise<{ description: string; amount: number }[]> {
  if (!sub.currentPeriodStart || !sub.currentPeriodEnd || at >= sub.currentPeriodEnd) return [];
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const addons = await tx
    .select({ addon: subscriptionAddons, price: pricePoints })
    .from(subscriptionAddons)
    .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
    .where(and(eq(subscriptionAddons.merchantId, sub.merchantId), eq(subscriptionAddons.subscriptionId, sub.id), isNull(subscriptionAddons.removedAt)));
  const items = [
    { description: `${plan.productName} — ${plan.price.name}`, amount: plan.price.amount * sub.quantity },
    ...addons.filter((a) => a.price.interval !== null).map((a) => ({ description: a.price.name, amount: a.price.amount * a.addon.quantity })),
  ].filter((i) => i.amount > 0);
  if (items.length === 0) return [];
  const total = items.reduce((sum, i) => sum + i.amount, 0);
  const { unused } = prorate({ amount: total, periodStart: sub.currentPeriodStart, periodEnd: sub.currentPeriodEnd, at });
  if (unused === 0) return [];
  const parts = allocate(money(unused, sub.currency), items.map((i) => i.amount));
  const until = periodLabel(at, sub.currentPeriodEnd);
  return items.map((item, i) => ({ description: `Unused time on ${item.description} (${until})`, amount: -parts[i]!.amount }));
}

/** S8: let the next renewal go unbilled (it shows as a skipped payment). */
export async function skipNextPayment(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; skip: boolean }): Promise<StaffSubscriptionView> {
  await staffAct(ctx, merchantId, input.subscriptionId, "subscription.next_payment_skip_changed", async (tx, sub) => {
    requireStatus(sub, ["active", "past_due"], "not_billable");
    // A skipped instalment would never be invoiced, and the plan would turn Complete with it unpaid.
    if (input.skip && billingOf((await planOf(tx, merchantId, sub.pricePointId)).price) === "instalment_order") {
      throw new DomainError("not_allowed", "instalment_not_skippable", "An instalment cannot be skipped; move the billing date to collect it later.");
    }
    await tx.update(subscriptions).set({ skipNextPayment: input.skip }).where(eq(subscriptions.id, sub.id));
    return { before: sub.skipNextPayment, after: input.skip };
  });
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

/** S4/S8: restart a trial (for `days` from now), skip it (bill from today) or stop it (the subscription expires). */
export async function manageTrial(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; action: "restart" | "skip" | "stop"; days?: number | undefined }, links: BillingLinks = {}): Promise<StaffSubscriptionView> {
  let attemptNeeded = false;
  const now = await staffAct(ctx, merchantId, input.subscriptionId, { restart: "subscription.trial_restarted", skip: "subscription.trial_skipped", stop: "subscription.trial_stopped" }[input.action], async (tx, sub, now) => {
    if (input.action === "restart") {
      requireStatus(sub, ["trialing", "expired", "cancelled"], "trial_not_restartable");
      const days = input.days ?? (await planOf(tx, merchantId, sub.pricePointId)).price.trialDays;
      if (!Number.isInteger(days) || days < 1 || days > 730) throw new DomainError("invalid", "invalid_trial_days", "A trial is 1 to 730 days.");
      await setStatus(tx, sub, "trialing", { trialEndsAt: new Date(now.getTime() + days * 86_400_000), cancelledAt: null, cancelReason: null, cancelAtPeriodEnd: false, currentPeriodEnd: null, nextRetryAt: null, dunningAttempts: 0 });
      return;
    }
    requireStatus(sub, ["trialing"], "not_in_trial");
    if (input.action === "stop") {
      await setStatus(tx, sub, "expired", { trialEndsAt: now, cancelledAt: now, cancelReason: "trial_stopped" });
      return;
    }
    await tx.update(subscriptions).set({ trialEndsAt: now }).where(eq(subscriptions.id, sub.id));
    const step = await startPeriods(tx, { ...sub, trialEndsAt: now }, now, "trial_end", links);
    attemptNeeded = step.kind === "charge";
  });
  if (attemptNeeded) await advanceSubscription(ctx, input.subscriptionId, now, links);
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

/** S8: put the subscription on another price (any recurring plan price in its currency) from the next renewal. */
export async function changePricePoint(ctx: CoreContext, merchantId: string, input: { subscriptionId: string; pricePointId: string; quantity?: number | undefined }): Promise<StaffSubscriptionView> {
  await staffAct(ctx, merchantId, input.subscriptionId, "subscription.price_changed", async (tx, sub) => {
    requireStatus(sub, ["trialing", "active", "past_due", "paused"], "price_not_changeable");
    // Another order's schedule price is no plan (404); and an order's own schedule bills its lines, never a catalog plan.
    const plan = await catalogPriceOf(tx, merchantId, input.pricePointId);
    if (isOrderSchedule((await planOf(tx, merchantId, sub.pricePointId)).price)) {
      throw new DomainError("not_allowed", "order_plan_not_changeable", "This order bills the items the shop set when placing it; it has no plan to change.");
    }
    if (!plan.price.interval || plan.price.addon || plan.price.currency !== sub.currency) {
      throw new DomainError("invalid", "invalid_price", "Choose a recurring plan price in the subscription's currency.");
    }
    const quantity = input.quantity ?? sub.quantity;
    if (quantity < plan.price.minQuantity || (plan.price.maxQuantity !== null && quantity > plan.price.maxQuantity)) {
      throw new DomainError("invalid", "invalid_quantity", "That quantity is outside the price's bounds.");
    }
    const pending = sub.status === "trialing" ? {} : { pendingPricePointId: plan.price.id, pendingQuantity: quantity };
    const now = sub.status === "trialing" ? { pricePointId: plan.price.id, quantity } : {};
    await tx.update(subscriptions).set({ ...pending, ...now }).where(eq(subscriptions.id, sub.id));
    await syncOrder(tx, { ...sub, ...pending, ...now });
    return { before: { price: sub.pricePointId, quantity: sub.quantity }, after: { price: plan.price.id, quantity }, from_next_renewal: sub.status !== "trialing" };
  });
  return getStaffSubscription(ctx, merchantId, input.subscriptionId);
}

export function toStaffView(sub: Subscription, billing: SubscriptionBilling): StaffSubscriptionView {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: sub.id,
    order_id: sub.orderId,
    customer_id: sub.customerId,
    status: sub.status,
    price_id: sub.pricePointId,
    quantity: sub.quantity,
    cycle: sub.cycle,
    current_period_start: iso(sub.currentPeriodStart),
    current_period_end: iso(sub.currentPeriodEnd),
    trial_ends_at: iso(sub.trialEndsAt),
    cancel_at_period_end: sub.cancelAtPeriodEnd,
    skip_next_payment: sub.skipNextPayment,
    dunning_attempts: sub.dunningAttempts,
    next_retry_at: iso(sub.nextRetryAt),
    pause_at: iso(sub.pauseAt),
    resume_at: iso(sub.resumeAt),
    actions: staffSubscriptionActions(sub, billing),
  };
}
