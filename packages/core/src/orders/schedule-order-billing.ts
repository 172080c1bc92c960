import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { documents, orders, pricePoints, subscriptions } from "../db/schema/index.ts";
import { instalmentAmounts } from "../documents/rules.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { lockPaymentMethod } from "../payment-methods/find-payment-method.ts";
import { syncOrder } from "../billing/billing-engine.ts";
import { billingDate, type Interval } from "../subscriptions/periods.ts";

/** How often a recurring or instalment order placed through the merchant API bills. */
export interface OrderInterval {
  unit: Interval;
  count: number;
}

export const DEFAULT_ORDER_INTERVAL: OrderInterval = { unit: "month", count: 1 };

/**
 * Puts a recurring or instalment order on the billing engine's schedule, in the
 * transaction that places it (so an order is never live without its schedule).
 *
 * The order gets its own price (`price_points.order_id`, no product, never in
 * the catalog) carrying the interval and, for instalments, the count; and a
 * subscription row on that price whose cycle 0 is the first invoice, already
 * issued with the order. From then on the billing run renews it like any
 * subscription — two-phase charge on the assigned or default card, account
 * credit first, dunning, crash-safe attempts — except that each period is
 * invoiced from the order's own lines (instalment k of N for instalment plans),
 * and an instalment plan stops after cycle N-1 and turns Complete once paid.
 */
export async function scheduleOrderBilling(
  tx: Transaction,
  order: { merchantId: string; id: string; number: string; customerId: string; type: "recurring" | "instalment"; currency: string; totalAmount: number; instalmentCount: number | null },
  input: { placedAt: Date; firstInvoiceId: string; interval?: OrderInterval | undefined; nextBillingAt?: Date | null | undefined; paymentMethodId?: string | undefined },
): Promise<{ subscriptionId: string }> {
  const interval = input.interval ?? DEFAULT_ORDER_INTERVAL;
  if (!Number.isSafeInteger(interval.count) || interval.count < 1) {
    throw new DomainError("invalid", "invalid_interval_count", "A billing interval counts at least one day, week, month or year.");
  }
  // The second payment date, when the shop sets it, anchors every later one; else one interval after placing.
  const next = input.nextBillingAt ?? null;
  if (next && next.getTime() <= input.placedAt.getTime()) {
    throw new DomainError("invalid", "next_billing_in_past", "The next billing date must be after the order is placed.");
  }
  if (input.paymentMethodId) {
    // Only one of this customer's own live cards can be assigned.
    const card = await lockPaymentMethod(tx, { merchantId: order.merchantId, customerId: order.customerId }, input.paymentMethodId);
    await tx.update(orders).set({ paymentMethodId: card.id }).where(and(eq(orders.merchantId, order.merchantId), eq(orders.id, order.id)));
  }
  const count = order.type === "instalment" ? order.instalmentCount! : null;
  const [price] = await tx
    .insert(pricePoints)
    .values({
      id: newId("price"),
      merchantId: order.merchantId,
      productId: null,
      orderId: order.id,
      name: `Order ${order.number}`,
      // What the next payment charges: the order total each period, or the second instalment.
      amount: count ? instalmentAmounts(order.totalAmount, order.currency, count)[1]! : order.totalAmount,
      currency: order.currency,
      interval: interval.unit,
      intervalCount: interval.count,
      instalments: count,
      createdAt: input.placedAt,
    })
    .returning();
  const anchorAt = next ?? input.placedAt;
  const anchorCycle = next ? 1 : 0;
  const end = next ?? billingDate(input.placedAt, interval.unit, interval.count, 1);
  const [sub] = await tx
    .insert(subscriptions)
    .values({
      id: newId("sub"),
      merchantId: order.merchantId,
      customerId: order.customerId,
      orderId: order.id,
      pricePointId: price!.id,
      quantity: 1,
      currency: order.currency,
      status: "active",
      anchorAt,
      anchorCycle,
      cycle: 0,
      currentPeriodStart: input.placedAt,
      currentPeriodEnd: end,
      createdAt: input.placedAt,
    })
    .returning();
  // The first invoice is cycle 0 of the schedule: the unique (subscription, cycle) index then guards every later one.
  await tx
    .update(documents)
    .set({ subscriptionId: sub!.id, billingCycle: 0 })
    .where(and(eq(documents.merchantId, order.merchantId), eq(documents.id, input.firstInvoiceId)));
  await syncOrder(tx, sub!);
  return { subscriptionId: sub!.id };
}
