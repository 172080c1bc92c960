import { and, eq, isNotNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { orderItems, pricePoints, products } from "../db/schema/index.ts";
import { issueInvoiceIn } from "../documents/issue-invoice.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { placeOrder } from "../orders/create-order.ts";
import { runMoneyMovement, type Prepared } from "../payments/attempts/run-attempt.ts";
import { prepareInvoiceCharge, type ChargeInvoiceResult } from "../payments/charge-invoice.ts";
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
 * a charge (account credit first, then the card), by the money pattern. Paying the invoice is what
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
    .innerJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, scope.merchantId)))
    .where(and(eq(pricePoints.merchantId, scope.merchantId), eq(pricePoints.id, input.pricePointId), isNotNull(products.incidents)));
  if (!row) throw new DomainError("not_found", "incident_package_not_found", `No incident package ${input.pricePointId}.`);
  const { price, product } = row;
  if (price.archivedAt || product.archivedAt) throw new DomainError("not_allowed", "price_archived", `Price ${price.id} is archived and no longer sold.`, { price: price.id });
  const quantity = input.quantity ?? price.minQuantity;
  if (!Number.isInteger(quantity) || quantity < price.minQuantity || (price.maxQuantity !== null && quantity > price.maxQuantity)) {
    throw new DomainError("invalid", "invalid_quantity", `Choose between ${price.minQuantity} and ${price.maxQuantity ?? "any number of"} packages.`);
  }
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  // The order, its invoice and the charge's attempt commit together: a retry with the same key
  // finds that attempt and answers with the same purchase, and a refusal leaves no stray order.
  const payment = await runMoneyMovement<ChargeInvoiceResult & { order_id: string; order_number: string; invoice_id: string }>(
    ctx,
    scope,
    { purpose: "invoice_payment", idempotencyKey: input.idempotencyKey },
    async (tx) => {
      const now = ctx.clock.now();
      const periodEnd = price.interval ? addIntervals(now, price.interval, price.intervalCount) : null;
      const order = await placeOrder(
        tx,
        scope.merchantId,
        {
          customerId: scope.customerId,
          type: price.interval ? "recurring" : "one_time",
          currency: price.currency,
          items: [{ description: `${product.name} — ${price.name}`, quantity, unitAmount: price.amount, productId: product.id, pricePointId: price.id }],
          nextBillingAt: periodEnd,
        },
        now,
      );
      const invoice = await issueInvoiceIn(tx, scope.merchantId, { orderId: order.id, at: now, dueAt: now, ...(periodEnd ? { period: { start: now, end: periodEnd } } : {}) });
      return prepareInvoiceCharge(tx, ctx, scope, {
        invoiceIds: [invoice.id],
        paymentMethodId: input.paymentMethodId,
        preventDuplicatePayments: settings.preventDuplicatePayments,
        echo: { order_id: order.id, order_number: order.number, invoice_id: invoice.id },
      }) as Promise<Prepared<ChargeInvoiceResult & { order_id: string; order_number: string; invoice_id: string }>>;
    },
  );
  const { order_id, order_number, invoice_id, ...charge } = payment;
  return { order_id, order_number, invoice_id, payment: charge as ChargeInvoiceResult, incidents: await getIncidentSummary(ctx, scope) };
}

/** Whether an order is a lifetime incident pack (H4), which a customer can buy but not cancel or have refunded. */
export async function isLifetimeIncidentPack(db: Executor, merchantId: string, order: { id: string; type: string }): Promise<boolean> {
  if (order.type !== "one_time") return false;
  const rows = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .innerJoin(products, and(eq(products.id, orderItems.productId), eq(products.merchantId, merchantId)))
    .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, order.id), isNotNull(products.incidents)))
    .limit(1);
  return rows.length > 0;
}
