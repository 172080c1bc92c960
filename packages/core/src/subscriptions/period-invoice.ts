import { and, eq, isNull } from "drizzle-orm";
import type { Executor, Transaction } from "../db/open.ts";
import { coupons, documents, orders, pricePoints, products, subscriptionAddons, subscriptionCoupons, subscriptions, type DocumentLine } from "../db/schema/index.ts";
import { issueInvoiceIn } from "../documents/issue-invoice.ts";
import { DomainError } from "../errors.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { couponAppliesToCycle, type Coupon } from "./discounts.ts";
import { composeInvoice, type DraftLine } from "./invoice-lines.ts";
import type { SubscriptionBilling } from "./rules.ts";

export type Subscription = typeof subscriptions.$inferSelect;
export type Invoice = typeof documents.$inferSelect;

/** The order a subscription bills, scoped by merchant. */
export function orderOf(sub: Pick<Subscription, "merchantId" | "orderId">) {
  return and(eq(orders.merchantId, sub.merchantId), eq(orders.id, sub.orderId));
}

/** How the subscription's order is paid: autocharge and the card assigned to it (S7). */
export async function collectionOf(tx: Transaction, sub: Subscription): Promise<{ autocharge: boolean; paymentMethodId: string | null; number: string } | undefined> {
  const [order] = await tx.select({ autocharge: orders.autocharge, paymentMethodId: orders.paymentMethodId, number: orders.number }).from(orders).where(orderOf(sub));
  return order;
}

/** A day span as invoices print it. */
export function periodLabel(start: Date, end: Date): string {
  return `${start.toISOString().slice(0, 10)} – ${new Date(end.getTime() - 1).toISOString().slice(0, 10)}`;
}

/** The plan a subscription bills, with its product name (an order's own schedule price goes by its own name). */
export async function planOf(tx: Executor, merchantId: string, pricePointId: string) {
  const [row] = await tx
    .select({ price: pricePoints, productName: products.name, productIncidents: products.incidents })
    .from(pricePoints)
    .leftJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, merchantId)))
    .where(and(eq(pricePoints.merchantId, merchantId), eq(pricePoints.id, pricePointId)));
  if (!row) throw new DomainError("not_found", "price_not_found", `No price ${pricePointId}.`);
  return { price: row.price, productName: row.productName ?? row.price.name, productIncidents: row.productIncidents };
}

/** A coupon row as the discount maths takes it. */
export function toCoupon(row: typeof coupons.$inferSelect): Coupon {
  return {
    kind: row.kind,
    ...(row.percentOffBps !== null ? { percentOff: row.percentOffBps } : {}),
    ...(row.amountOff !== null ? { amountOff: row.amountOff } : {}),
    duration: row.duration,
    ...(row.durationCycles !== null ? { durationCycles: row.durationCycles } : {}),
  };
}

/**
 * Issues the invoice for one period of a subscription (S9): plan x quantity,
 * recurring addons and one-time addons not yet billed, coupon discounts for
 * this cycle, and any proration lines. Inside the caller's transaction, under
 * the subscription's lock; the unique (subscription, cycle) index makes a second
 * invoice for the same period impossible. A zero total is paid at once; a
 * negative one (credits beyond the charge) is returned for the balance.
 */
export async function issuePeriodInvoice(
  tx: Transaction,
  sub: Subscription,
  input: { cycle: number | null; start: Date; end: Date; at: Date; prorations?: { description: string; amount: number }[]; planOnlyProrations?: boolean },
): Promise<{ invoice: Invoice; carryForwardCredit: number }> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const onlyProrations = input.planOnlyProrations ?? false;
  const addonRows = onlyProrations
    ? []
    : await tx
        .select({ addon: subscriptionAddons, price: pricePoints })
        .from(subscriptionAddons)
        .innerJoin(pricePoints, and(eq(pricePoints.id, subscriptionAddons.pricePointId), eq(pricePoints.merchantId, sub.merchantId)))
        .where(and(eq(subscriptionAddons.merchantId, sub.merchantId), eq(subscriptionAddons.subscriptionId, sub.id), isNull(subscriptionAddons.removedAt)));
  const dueAddons = addonRows.filter((r) => r.price.interval !== null || r.addon.billedAt === null);
  const couponRows = onlyProrations
    ? []
    : await tx
        .select({ applied: subscriptionCoupons, coupon: coupons })
        .from(subscriptionCoupons)
        .innerJoin(coupons, eq(coupons.id, subscriptionCoupons.couponId))
        .where(and(eq(subscriptionCoupons.merchantId, sub.merchantId), eq(subscriptionCoupons.subscriptionId, sub.id), isNull(subscriptionCoupons.removedAt)));
  const applying = couponRows.filter((r) => couponAppliesToCycle(toCoupon(r.coupon), r.applied.cyclesApplied));
  const span = periodLabel(input.start, input.end);
  const draft = composeInvoice({
    plan: onlyProrations
      ? { description: `${plan.productName} — ${plan.price.name}`, unitAmount: 0, quantity: 0 }
      : { description: `${plan.productName} — ${plan.price.name} (${span})`, unitAmount: plan.price.amount, quantity: sub.quantity },
    addons: dueAddons.map((r) => ({ description: `${r.price.name}${r.price.interval ? ` (${span})` : ""}`, unitAmount: r.price.amount, quantity: r.addon.quantity })),
    prorations: input.prorations ?? [],
    coupons: applying.map((r) => toCoupon(r.coupon)),
    accountCredit: 0,
  });
  const lines: DocumentLine[] = draft.lines
    .filter((l) => l.amount !== 0 || l.kind === "plan")
    .filter((l: DraftLine) => !(onlyProrations && l.kind === "plan"))
    .map((l) => ({ kind: "item" as const, description: l.description, quantity: l.quantity, unitAmount: l.unitAmount, amount: l.amount }));
  // Credits beyond the charge go to the account balance; the line keeps the invoice adding up to its total.
  if (draft.carryForwardCredit > 0) {
    lines.push({ kind: "item", description: "Credit added to your account balance", quantity: 1, unitAmount: draft.carryForwardCredit, amount: draft.carryForwardCredit });
  }
  const invoice = await issueDocument(tx, {
    merchantId: sub.merchantId,
    customerId: sub.customerId,
    orderId: sub.orderId,
    kind: "invoice",
    status: draft.total === 0 ? "paid" : "open",
    currency: sub.currency,
    totals: { subtotal: draft.total, tax: 0, total: draft.total },
    lines,
    periodStart: input.start,
    periodEnd: input.end,
    subscriptionId: sub.id,
    billingCycle: input.cycle,
    issuedAt: input.at,
    dueAt: input.at,
    paidAt: draft.total === 0 ? input.at : null,
  });
  for (const r of applying) {
    await tx.update(subscriptionCoupons).set({ cyclesApplied: r.applied.cyclesApplied + 1 }).where(eq(subscriptionCoupons.id, r.applied.id));
  }
  for (const r of dueAddons.filter((r) => r.price.interval === null)) {
    await tx.update(subscriptionAddons).set({ billedAt: input.at }).where(eq(subscriptionAddons.id, r.addon.id));
  }
  return { invoice, carryForwardCredit: draft.carryForwardCredit };
}

/** Whether a price is an order's own schedule (orders/schedule-order-billing.ts), not a catalog plan. */
export function isOrderSchedule(price: { orderId: string | null }): boolean {
  return price.orderId !== null;
}

/** What a subscription on this price bills: a catalog plan, or an order's recurring or instalment schedule. */
export function billingOf(price: { orderId: string | null; instalments: number | null }): SubscriptionBilling {
  if (!isOrderSchedule(price)) return "plan";
  return price.instalments !== null ? "instalment_order" : "recurring_order";
}

/**
 * A catalog price to move a subscription onto (a plan change, staff's or the
 * customer's): another order's own schedule price is never one, and is "not
 * found" like an unknown id, so its existence is not given away.
 */
export async function catalogPriceOf(tx: Transaction, merchantId: string, pricePointId: string) {
  const plan = await planOf(tx, merchantId, pricePointId);
  if (isOrderSchedule(plan.price)) throw new DomainError("not_found", "price_not_found", `No price ${pricePointId}.`);
  return plan;
}

/**
 * Issues one period of an order placed through the merchant API and run on the
 * billing schedule: the order's own lines and taxes (its next instalment, for an
 * instalment plan), tagged with the schedule and cycle so the unique
 * (subscription, cycle) index makes a second invoice for the period impossible.
 */
export async function issueOrderPeriodInvoice(tx: Transaction, sub: Subscription, period: { cycle: number | null; start: Date; end: Date; at: Date }): Promise<Invoice> {
  const issued = await issueInvoiceIn(tx, sub.merchantId, {
    orderId: sub.orderId,
    dueAt: period.at,
    period: { start: period.start, end: period.end },
    schedule: { subscriptionId: sub.id, cycle: period.cycle ?? sub.cycle },
    at: period.at,
  });
  const [invoice] = await tx.select().from(documents).where(and(eq(documents.merchantId, sub.merchantId), eq(documents.id, issued.id)));
  return invoice!;
}
