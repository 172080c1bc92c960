import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { money, type Money } from "../money.ts";
import { customerNow } from "./create-subscription.ts";
import { billingOf, catalogPriceOf, planOf } from "./period-invoice.ts";
import { addIntervals, type Interval } from "./periods.ts";
import { staffSubscriptionActions, type StaffSubscriptionAction } from "./rules.ts";
import { unusedTimeCredit } from "./staff-actions.ts";
import { nextPeriodAmount } from "./sync-order.ts";

/** The parameters of the staff operation to preview, as its own route takes them. */
export interface StaffActionPreviewInput {
  subscriptionId: string;
  action: StaffSubscriptionAction;
  /** change_billing_date: the new date; pause and resume: when (default now). */
  date?: Date | undefined;
  /** pause: the resume date. */
  resumeAt?: Date | undefined;
  /** restart_trial: its length (default the plan's trial). */
  days?: number | undefined;
  /** change_price. */
  pricePointId?: string | undefined;
  quantity?: number | undefined;
  /** cancel. */
  at?: "now" | "end_of_term" | undefined;
}

/** What a staff operation would charge and when, before staff confirm it (S4, S8). Nothing is changed. */
export interface StaffActionPreviewView {
  action: StaffSubscriptionAction;
  /** Charged to the customer's card as soon as it is confirmed, or null. */
  charge_now: Money | null;
  /** Credited for unused paid time: on the new invoice (bill now) or to the account balance (cancel now). */
  credit: Money | null;
  /** The next scheduled charge once it is done, or null when nothing more is scheduled. */
  next_charge: { at: string; amount: Money } | null;
  /** When the subscription ends (cancel, stop a trial), or null. */
  ends_at: string | null;
}

/**
 * Previews one staff operation on a subscription at the customer's time (a
 * test clock's when attached): the same status rules as the operation (an
 * action not offered now is refused with `action_not_available`), and the
 * amounts its invoice would come to — plan, addons, coupons and a scheduled
 * change included; account credit is applied at collection and not shown here.
 */
export async function previewStaffSubscriptionAction(ctx: CoreContext, merchantId: string, input: StaffActionPreviewInput): Promise<StaffActionPreviewView> {
  const [sub] = await ctx.db.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, input.subscriptionId)));
  if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${input.subscriptionId}.`);
  const now = await customerNow(ctx.db, ctx, merchantId, sub.customerId);
  return ctx.db.transaction(async (tx) => {
    const plan = await planOf(tx, merchantId, sub.pricePointId);
    if (!staffSubscriptionActions(sub, billingOf(plan.price)).includes(input.action)) {
      throw new DomainError("conflict", "action_not_available", `That is not possible while the subscription is ${sub.status}.`, { status: sub.status });
    }
    const m = (amount: number) => money(amount, sub.currency);
    const interval = (plan.price.interval ?? "month") as Interval;
    const after = (at: Date, periods = 1) => addIntervals(at, interval, plan.price.intervalCount * periods);
    const renewal = await nextPeriodAmount(tx, sub);
    const next = (at: Date | null, amount = renewal) => (at ? { at: at.toISOString(), amount: m(amount) } : null);
    const view = (v: Partial<StaffActionPreviewView>): StaffActionPreviewView => ({ action: input.action, charge_now: null, credit: null, next_charge: null, ends_at: null, ...v });
    const periodEnd = sub.currentPeriodEnd;
    switch (input.action) {
      case "restart_trial": {
        const days = input.days ?? plan.price.trialDays;
        if (!Number.isInteger(days) || days < 1 || days > 730) throw new DomainError("invalid", "invalid_trial_days", "A trial is 1 to 730 days.");
        return view({ next_charge: next(new Date(now.getTime() + days * 86_400_000)) });
      }
      case "skip_trial":
        return view({ charge_now: m(renewal), next_charge: next(after(now)) });
      case "stop_trial":
        return view({ ends_at: now.toISOString() });
      case "change_price": {
        if (!input.pricePointId) throw new DomainError("invalid", "price_required", "Choose the price to move to.");
        const target = await catalogPriceOf(tx, merchantId, input.pricePointId);
        if (!target.price.interval || target.price.addon || target.price.currency !== sub.currency) throw new DomainError("invalid", "invalid_price", "Choose a recurring plan price in the subscription's currency.");
        const quantity = input.quantity ?? sub.quantity;
        const amount = await nextPeriodAmount(tx, { ...sub, pendingPricePointId: target.price.id, pendingQuantity: quantity });
        return view({ next_charge: next(sub.status === "trialing" ? sub.trialEndsAt : periodEnd, amount) });
      }
      case "change_billing_date": {
        if (!input.date || input.date <= now) throw new DomainError("invalid", "date_in_past", "Choose a billing date after now.");
        return view({ next_charge: next(input.date) });
      }
      case "skip_payment":
        return view({ next_charge: next(periodEnd ? after(periodEnd) : null) });
      case "unskip_payment":
        return view({ next_charge: next(periodEnd) });
      case "bill_now": {
        const credit = -(await unusedTimeCredit(tx, sub, now)).reduce((s, l) => s + l.amount, 0);
        return view({ charge_now: m(Math.max(renewal - credit, 0)), credit: credit > 0 ? m(credit) : null, next_charge: next(after(now)) });
      }
      case "cancel": {
        if (input.at === "end_of_term") return view({ ends_at: (sub.status === "trialing" ? sub.trialEndsAt : periodEnd)?.toISOString() ?? null });
        const credit = sub.status === "active" ? -(await unusedTimeCredit(tx, sub, now)).reduce((s, l) => s + l.amount, 0) : 0;
        return view({ credit: credit > 0 ? m(credit) : null, ends_at: now.toISOString() });
      }
      case "pause": {
        const at = input.date ?? now;
        if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
        // A pause later than the term's end lets that renewal be charged first.
        if (periodEnd && at > periodEnd) return view({ next_charge: next(periodEnd) });
        return view({ next_charge: next(input.resumeAt ?? null) });
      }
      case "resume": {
        const at = input.date ?? now;
        if (at < now) throw new DomainError("invalid", "date_in_past", "Choose today or a later date.");
        // Back inside the period already paid for, it continues it; after it, a new period is billed on resuming.
        if (periodEnd && at < periodEnd) return view({ next_charge: next(periodEnd) });
        return at.getTime() === now.getTime() ? view({ charge_now: m(renewal), next_charge: next(after(now)) }) : view({ next_charge: next(at) });
      }
    }
  });
}
