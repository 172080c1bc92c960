import { onSaleOf } from "../catalog/on-sale.ts";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { coupons, pricePoints, products, subscriptionAddons, subscriptionCoupons } from "../db/schema/index.ts";
import { allowedByList, changeModeTimings, pauseTimings, type PortalSettings } from "../settings.ts";
import { billingOf, collectionOf, planOf, type Subscription } from "./period-invoice.ts";
import { subscriptionActions, type SubscriptionAction } from "./rules.ts";
import type { SubscriptionPriceView, SubscriptionView } from "./views.ts";

/** The plans this subscription may switch to (S5): those its plan offers that the shop's allow-list admits, by price or product id. */
export async function switchTargetsOf(tx: Transaction, sub: Subscription, switchTo: readonly string[], settingsIn: PortalSettings): Promise<string[]> {
  // Archived plans are not offered as changes.
  const live = await onSaleOf(tx, sub.merchantId, switchTo);
  return switchTargetsAllowed(tx, sub, live, settingsIn);
}

async function switchTargetsAllowed(tx: Transaction, sub: Subscription, switchTo: readonly string[], settings: PortalSettings): Promise<string[]> {
  if (switchTo.length === 0 || settings.planChangeTargets.length === 0) return [...switchTo];
  const rows = await tx
    .select({ id: pricePoints.id, productId: pricePoints.productId })
    .from(pricePoints)
    .where(and(eq(pricePoints.merchantId, sub.merchantId), inArray(pricePoints.id, [...switchTo])));
  return switchTo.filter((id) => {
    const row = rows.find((r) => r.id === id);
    return row !== undefined && allowedByList(settings.planChangeTargets, row.id, ...(row.productId ? [row.productId] : []));
  });
}

/** Whether the shop lets customers manage this addon price (S6 per addon). */
export function addonAllowed(settings: PortalSettings, price: { id: string; productId: string | null }): boolean {
  return allowedByList(settings.addonsAllowed, price.id, ...(price.productId ? [price.productId] : []));
}

/** What the customer may do with this subscription now (S1–S7), as the shop's settings allow. */
export async function actionsFor(tx: Transaction, sub: Subscription, settings: PortalSettings): Promise<SubscriptionAction[]> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const order = await collectionOf(tx, sub);
  const targets = await switchTargetsOf(tx, sub, plan.price.switchTo, settings);
  return subscriptionActions(
    {
      billing: billingOf(plan.price),
      status: sub.status,
      cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
      pauseAt: sub.pauseAt,
      resumeAt: sub.resumeAt,
      trialExtensions: sub.trialExtensions,
      pendingChange: sub.pendingPricePointId !== null || sub.pendingQuantity !== null,
      switchTargets: targets.length,
      autocharge: order?.autocharge ?? true,
      hasAssignedPaymentMethod: Boolean(order?.paymentMethodId),
    },
    settings,
  );
}

/** The subscription as its customer's panel shows it, with the actions they may take. */
export async function buildView(tx: Transaction, sub: Subscription, settings: PortalSettings): Promise<SubscriptionView> {
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
  const targets = actions.includes("change_plan") ? await switchTargetsOf(tx, sub, plan.price.switchTo, settings) : [];
  const billing = billingOf(plan.price);
  const manageAddons = actions.includes("manage_addons");
  const pausing = pauseTimings(settings.pauseResume);
  // An order's schedule invoices its own lines, which a coupon does not discount: no offer that would not be kept.
  const retention = actions.includes("cancel") && billing === "plan" && settings.retentionCouponId ? await retentionOffer(tx, sub, settings.retentionCouponId) : null;
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
      return price
        ? [{ id: a.id, price: toPriceView(price.price, price.product), quantity: a.quantity, recurring: price.price.interval !== null, manageable: manageAddons && addonAllowed(settings, price.price) }]
        : [];
    }),
    coupons: applied.map((r) => ({ id: r.applied.id, code: r.coupon.code, name: r.coupon.name, cycles_applied: r.applied.cyclesApplied })),
    switch_to: targets.map(priceView).filter((p): p is SubscriptionPriceView => p !== null),
    // Only the subscription's own product's addons (a Cold-brew plan is not offered the espresso booklet), and only those the shop allows.
    available_addons: manageAddons
      ? priceRows.filter((r) => r.price.addon && r.price.productId === plan.price.productId && addonAllowed(settings, r.price)).map((r) => toPriceView(r.price, r.product))
      : [],
    cancellation_timings: !actions.includes("cancel")
      ? []
      : // A paused subscription has no term running to wait for.
        sub.status === "paused"
        ? ["now"]
        : settings.cancellationTiming === "either" ? ["now", "end_of_term"] : [settings.cancellationTiming === "immediately" ? "now" : "end_of_term"],
    retention_offer: retention,
    quantity_change_timings: actions.includes("change_quantity") ? changeModeTimings(settings.changeQuantity) : [],
    change_timings: billing !== "plan" ? [] : changeModeTimings(settings.changePlan),
    pause_timings: actions.includes("pause") ? pausing : [],
    resume_timings: actions.includes("resume") ? pausing : [],
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
  if (!coupon || coupon.deletedAt !== null) return null;
  const used = await tx.select({ id: subscriptionCoupons.id }).from(subscriptionCoupons).where(and(eq(subscriptionCoupons.subscriptionId, sub.id), eq(subscriptionCoupons.couponId, coupon.id)));
  if (used.length) return null;
  const off = coupon.kind === "percent" ? `${coupon.percentOffBps! / 100}% off` : `${coupon.amountOff} ${coupon.currency} off`;
  const length = coupon.duration === "once" ? "your next invoice" : coupon.duration === "forever" ? "every invoice" : `the next ${coupon.durationCycles} invoices`;
  return { coupon_id: coupon.id, name: coupon.name, description: `${off} ${length}` };
}

