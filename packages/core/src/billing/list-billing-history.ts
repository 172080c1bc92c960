import { settingsForCustomer } from "../customers/customer-settings.ts";
import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { customerRequests, documents, orderItems, orders, products, skippedPayments, transactions } from "../db/schema/index.ts";
import { automaticRefundAllowed } from "../requests/rules.ts";
import type { HistoryRow } from "../orders/views.ts";
import { buildHistoryRows } from "./history-rows.ts";

/** The customer's billing history (O3), for all orders or one. */
export async function listBillingHistory(ctx: CoreContext, scope: PortalScope, input: { orderId?: string } = {}): Promise<HistoryRow[]> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  const byOrder = (column: typeof transactions.orderId | typeof documents.orderId): SQL[] => (input.orderId ? [eq(column, input.orderId)] : []);

  const customerOrders = await ctx.db
    .select({ id: orders.id, number: orders.number, state: orders.state })
    .from(orders)
    .where(and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId)));
  const orderIds = customerOrders.map((o) => o.id).filter((id) => !input.orderId || id === input.orderId);

  const [txns, docs, skipped, pendingRefunds] = await Promise.all([
    ctx.db
      .select()
      .from(transactions)
      .where(and(eq(transactions.merchantId, scope.merchantId), eq(transactions.customerId, scope.customerId), ...byOrder(transactions.orderId))),
    ctx.db
      .select()
      .from(documents)
      .where(and(eq(documents.merchantId, scope.merchantId), eq(documents.customerId, scope.customerId), ...byOrder(documents.orderId))),
    orderIds.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select()
          .from(skippedPayments)
          .where(
            and(
              eq(skippedPayments.merchantId, scope.merchantId),
              inArray(skippedPayments.orderId, orderIds),
            ),
          ),
    ctx.db
      .select({ paymentId: customerRequests.paymentId })
      .from(customerRequests)
      .where(
        and(
          eq(customerRequests.merchantId, scope.merchantId),
          eq(customerRequests.customerId, scope.customerId),
          eq(customerRequests.kind, "refund"),
          eq(customerRequests.status, "pending"),
        ),
      ),
  ]);

  // What a refund request would answer (R5), so the history offers only refunds the shop would grant or review.
  const refundable = await refundablePayments(ctx, scope, settings.refunds, txns);
  return buildHistoryRows(
    {
      transactions: txns,
      documents: docs,
      skipped,
      orderNumbers: new Map(customerOrders.map((o) => [o.id, o.number])),
      viewOnlyOrders: new Set(customerOrders.filter((o) => o.state === "paused" || o.state === "cancelled").map((o) => o.id)),
      pendingRefundRequests: new Set(pendingRefunds.map((r) => r.paymentId).filter((id): id is string => id !== null)),
      refundRequestable: refundable,
    },
    { showCreditNotes: settings.showCreditNotes, preventDuplicatePayments: settings.preventDuplicatePayments },
  );
}

/** Payments a refund request may be made for under the shop's setting: none when off, those inside their product's refund period when automatic. */
async function refundablePayments(ctx: CoreContext, scope: PortalScope, mode: "off" | "automatic" | "manual", txns: (typeof transactions.$inferSelect)[]): Promise<Set<string>> {
  const payments = txns.filter((t) => t.kind === "payment" && t.status === "approved" && t.orderId !== null);
  if (mode === "off" || payments.length === 0) return new Set();
  if (mode === "manual") return new Set(payments.map((t) => t.id));
  const orderIds = [...new Set(payments.map((t) => t.orderId!))];
  const lines = await ctx.db
    .select({ orderId: orderItems.orderId, days: products.refundPeriodDays })
    .from(orderItems)
    .innerJoin(products, and(eq(products.id, orderItems.productId), eq(products.merchantId, scope.merchantId)))
    .where(and(eq(orderItems.merchantId, scope.merchantId), inArray(orderItems.orderId, orderIds), eq(orderItems.kind, "item")))
    .orderBy(asc(orderItems.position));
  const days = new Map<string, number | null>();
  for (const line of lines) if (!days.has(line.orderId)) days.set(line.orderId, line.days);
  const now = await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId);
  return new Set(payments.filter((t) => automaticRefundAllowed(t.createdAt, days.get(t.orderId!) ?? null, now)).map((t) => t.id));
}
