import type { Transaction } from "../db/open.ts";
import { DomainError } from "../errors.ts";
import { changeModeTimings, type PortalSettings } from "../settings.ts";
import { switchTargetsOf } from "./subscription-view.ts";
import { assertQuantity } from "./create-subscription.ts";
import { catalogPriceOf, planOf, type Subscription } from "./period-invoice.ts";
import { changePreview } from "./proration.ts";
import { assertOnSale } from "../catalog/on-sale.ts";
import type { ChangePreviewView } from "./views.ts";

/** How long a preview's proration date may be replayed to charge exactly what was shown. */
const PREVIEW_VALID_MS = 60 * 60 * 1000;

/** The plan and quantity a change (S5) asks for, checked against what this plan may switch to and what the shop allows. */
export async function changeTarget(tx: Transaction, sub: Subscription, settings: PortalSettings, input: { pricePointId?: string | undefined; quantity?: number | undefined }) {
  const current = await planOf(tx, sub.merchantId, sub.pricePointId);
  const pricePointId = input.pricePointId ?? sub.pricePointId;
  // Looked up first: an unknown id, or another order's own schedule price, is "not found" before it is "not switchable".
  const target = pricePointId === sub.pricePointId ? current : await catalogPriceOf(tx, sub.merchantId, pricePointId);
  if (pricePointId !== sub.pricePointId && !(await switchTargetsOf(tx, sub, current.price.switchTo, settings)).includes(pricePointId)) {
    throw new DomainError("not_allowed", "plan_not_switchable", "This plan cannot be switched to that one.");
  }
  // An archived plan is no longer offered as a change (the subscription on it keeps renewing).
  if (pricePointId !== sub.pricePointId) await assertOnSale(tx, sub.merchantId, { pricePointIds: [pricePointId] });
  const quantity = input.quantity ?? sub.quantity;
  assertQuantity(quantity, target.price);
  if (pricePointId === sub.pricePointId && quantity === sub.quantity) throw new DomainError("invalid", "nothing_to_change", "Choose another plan or quantity.");
  return { current, target, quantity };
}

/** S5/A2: what a change at `at` credits and charges for the rest of the current period. */
export function previewAt(sub: Subscription, current: { price: { amount: number } }, target: { price: { amount: number } }, quantity: number, at: Date): ChangePreviewView {
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

/** The instant to prorate at: a recent preview's, so the customer is charged what they were shown, or now. */
export function prorationInstant(requested: Date | undefined, sub: Subscription, now: Date): Date {
  if (!requested) return now;
  if (Number.isNaN(requested.getTime()) || requested > now || now.getTime() - requested.getTime() > PREVIEW_VALID_MS || requested < sub.currentPeriodStart!) {
    throw new DomainError("invalid", "preview_expired", "That preview has expired; look at the change again.");
  }
  return requested;
}

/** When the shop lets this kind of change apply (S5). */
export function changeTimings(settings: PortalSettings, action: "change_plan" | "change_quantity"): ("now" | "end_of_term")[] {
  return changeModeTimings(action === "change_plan" ? settings.changePlan : settings.changeQuantity);
}
