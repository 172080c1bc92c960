import { and, asc, eq, isNull } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { coupons, orderItems, orders, pricePoints, products, subscriptionAddons, subscriptionCoupons } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { couponAppliesToCycle } from "./discounts.ts";
import { composeInvoice } from "./invoice-lines.ts";
import { isOrderSchedule, orderOf, planOf, toCoupon, type Subscription } from "./period-invoice.ts";
import { orderStateFor } from "./rules.ts";

/**
 * The order row shows its subscription (O1, O5): its state, the lines and
 * total of what it bills each period (plan and recurring addons, after a plan
 * change too), and when and what it bills next — the next invoice as the
 * engine will compose it, a scheduled change and the coupons that still
 * discount that cycle included.
 */
export async function syncOrder(tx: Transaction, sub: Subscription): Promise<void> {
  const live = sub.status === "active" || sub.status === "past_due" || sub.status === "trialing";
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  // An instalment plan in its last cycle has no next payment; one that ran its course is complete.
  const lastInstalment = instalmentsDone(plan.price, sub.cycle + 1);
  const nextAt = sub.status === "trialing" ? sub.trialEndsAt : live && !sub.cancelAtPeriodEnd && !lastInstalment ? sub.currentPeriodEnd : null;
  const state = plan.price.instalments !== null && sub.status === "expired" ? "complete" : orderStateFor(sub.status);
  if (isOrderSchedule(plan.price)) {
    // An order placed through the merchant API keeps its own lines; its schedule price is what each period bills.
    await tx.update(orders).set({ state, nextBillingAt: nextAt, nextBillingAmount: nextAt ? plan.price.amount * sub.quantity : null }).where(orderOf(sub));
    return;
  }
  const addons = await tx
    .select({ addon: subscriptionAddons, price: pricePoints, product: products.name })
    .from(subscriptionAddons)
    .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
    .innerJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, sub.merchantId)))
    .where(and(eq(subscriptionAddons.merchantId, sub.merchantId), eq(subscriptionAddons.subscriptionId, sub.id), isNull(subscriptionAddons.removedAt)));
  const recurring = addons.filter((a) => a.price.interval !== null);
  const lines = [
    { description: `${plan.productName} — ${plan.price.name}`, quantity: sub.quantity, unitAmount: plan.price.amount, productId: plan.price.productId, pricePointId: plan.price.id },
    ...recurring.map((a) => ({ description: `${a.product} — ${a.price.name}`, quantity: a.addon.quantity, unitAmount: a.price.amount, productId: a.price.productId, pricePointId: a.price.id })),
  ];
  const shown = await tx
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.merchantId, sub.merchantId), eq(orderItems.orderId, sub.orderId), eq(orderItems.kind, "item")))
    .orderBy(asc(orderItems.position));
  const same = shown.length === lines.length && shown.every((row, i) => row.pricePointId === lines[i]!.pricePointId && row.quantity === lines[i]!.quantity && row.unitAmount === lines[i]!.unitAmount && row.description === lines[i]!.description);
  if (!same) {
    await tx.delete(orderItems).where(and(eq(orderItems.merchantId, sub.merchantId), eq(orderItems.orderId, sub.orderId), eq(orderItems.kind, "item")));
    await tx.insert(orderItems).values(
      lines.map((l, position) => ({ id: newId("item"), merchantId: sub.merchantId, orderId: sub.orderId, kind: "item" as const, ...l, amount: l.quantity * l.unitAmount, currency: sub.currency, position })),
    );
  }
  await tx
    .update(orders)
    .set({
      state,
      totalAmount: lines.reduce((sum, l) => sum + l.quantity * l.unitAmount, 0),
      nextBillingAt: nextAt,
      nextBillingAmount: nextAt ? await nextInvoiceAmount(tx, sub, addons) : null,
    })
    .where(orderOf(sub));
}

/** What the subscription's next period's invoice comes to (its scheduled change and coupons included), before account credit; for previews. */
export async function nextPeriodAmount(tx: Transaction, sub: Subscription): Promise<number> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  if (isOrderSchedule(plan.price)) return plan.price.amount * sub.quantity;
  const addons = await tx
    .select({ addon: subscriptionAddons, price: pricePoints })
    .from(subscriptionAddons)
    .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
    .where(and(eq(subscriptionAddons.merchantId, sub.merchantId), eq(subscriptionAddons.subscriptionId, sub.id), isNull(subscriptionAddons.removedAt)));
  return nextInvoiceAmount(tx, sub, addons);
}

/** What the next period's invoice will come to, before account credit (which is applied at collection). */
async function nextInvoiceAmount(tx: Transaction, sub: Subscription, addons: { addon: typeof subscriptionAddons.$inferSelect; price: typeof pricePoints.$inferSelect }[]): Promise<number> {
  const next = await planOf(tx, sub.merchantId, sub.pendingPricePointId ?? sub.pricePointId);
  const applied = await tx
    .select({ applied: subscriptionCoupons, coupon: coupons })
    .from(subscriptionCoupons)
    .innerJoin(coupons, eq(coupons.id, subscriptionCoupons.couponId))
    .where(and(eq(subscriptionCoupons.merchantId, sub.merchantId), eq(subscriptionCoupons.subscriptionId, sub.id), isNull(subscriptionCoupons.removedAt)));
  const draft = composeInvoice({
    plan: { description: next.price.name, unitAmount: next.price.amount, quantity: sub.pendingQuantity ?? sub.quantity },
    // One-time addons not yet billed ride on the next invoice, as issuePeriodInvoice bills them.
    addons: addons.filter((a) => a.price.interval !== null || a.addon.billedAt === null).map((a) => ({ description: a.price.name, unitAmount: a.price.amount, quantity: a.addon.quantity })),
    prorations: [],
    coupons: applied.filter((r) => couponAppliesToCycle(toCoupon(r.coupon), r.applied.cyclesApplied)).map((r) => toCoupon(r.coupon)),
    accountCredit: 0,
  });
  return draft.total;
}

/** Whether an instalment plan has no instalment left to invoice at `cycle` (cycles 0..N-1 bill instalments 1..N). */
export function instalmentsDone(price: { instalments: number | null }, cycle: number): boolean {
  return price.instalments !== null && cycle >= price.instalments;
}
