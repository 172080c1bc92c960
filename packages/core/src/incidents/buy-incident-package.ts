import { and, eq, isNotNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { orderItems, pricePoints, products } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { balanceOf } from "../balance/ledger.ts";
import { DomainError } from "../errors.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { createOrder } from "../orders/create-order.ts";
import { chargeInvoice, type ChargeInvoiceResult } from "../payments/charge-invoice.ts";
import { addIntervals } from "../subscriptions/periods.ts";
import { getIncidentSummary, type IncidentSummary } from "./incidents.ts";

export interface IncidentPurchase {
  order_id: string;
  order_number: string;
  invoice_id: string;
  payment: ChargeInvoiceResult;
  incidents: IncidentSummary;
}

/**
 * A customer buys an incident package (H4): an order for it, its invoice, and
 * a charge (account credit first, then the card). Paying the invoice is what
 * grants the incidents, lifetime or per month of the term. A declined card
 * leaves the order open with its invoice to pay later, and grants nothing.
 */
export async function buyIncidentPackage(
  ctx: CoreContext,
  scope: PortalScope,
  input: { pricePointId: string; quantity?: number | undefined; paymentMethodId?: string | undefined; idempotencyKey: string },
): Promise<IncidentPurchase> {
  const [row] = await ctx.db
    .select({ price: pricePoints, product: products })
    .from(pricePoints)
    .innerJoin(products, eq(products.id, pricePoints.productId))
    .where(and(eq(pricePoints.merchantId, scope.merchantId), eq(pricePoints.id, input.pricePointId), isNotNull(products.incidents)));
  if (!row) throw new DomainError("not_found", "incident_package_not_found", `No incident package ${input.pricePointId}.`);
  const { price, product } = row;
  const quantity = input.quantity ?? price.minQuantity;
  if (!Number.isInteger(quantity) || quantity < price.minQuantity || (price.maxQuantity !== null && quantity > price.maxQuantity)) {
    throw new DomainError("invalid", "invalid_quantity", `Choose between ${price.minQuantity} and ${price.maxQuantity ?? "any number of"} packages.`);
  }
  const now = ctx.clock.now();
  // Check the means of payment before placing anything, so a refusal leaves no stray order behind.
  if ((await balanceOf(ctx.db, scope.merchantId, scope.customerId, price.currency)) < price.amount * quantity) {
    await findChargeableMethod(ctx.db, scope, input.paymentMethodId, now);
  }
  const periodEnd = price.interval ? addIntervals(now, price.interval, price.intervalCount) : null;
  const order = await createOrder(ctx, scope.merchantId, {
    customerId: scope.customerId,
    type: price.interval ? "recurring" : "one_time",
    currency: price.currency,
    items: [{ description: `${product.name} — ${price.name}`, quantity, unitAmount: price.amount, productId: product.id, pricePointId: price.id }],
    nextBillingAt: periodEnd,
    placedAt: now,
  });
  const invoice = await issueInvoice(ctx, scope.merchantId, { orderId: order.id, at: now, dueAt: now, ...(periodEnd ? { period: { start: now, end: periodEnd } } : {}) });
  const payment = await chargeInvoice(ctx, scope, { invoiceId: invoice.id, paymentMethodId: input.paymentMethodId, idempotencyKey: input.idempotencyKey });
  return { order_id: order.id, order_number: order.number, invoice_id: invoice.id, payment, incidents: await getIncidentSummary(ctx, scope) };
}

/** Whether an order is a lifetime incident pack (H4), which a customer can buy but not cancel or have refunded. */
export async function isLifetimeIncidentPack(db: Executor, merchantId: string, order: { id: string; type: string }): Promise<boolean> {
  if (order.type !== "one_time") return false;
  const rows = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, order.id), isNotNull(products.incidents)))
    .limit(1);
  return rows.length > 0;
}
