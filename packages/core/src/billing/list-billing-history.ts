import { loadSettings } from "../merchants/get-merchant.ts";
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customerRequests, documents, orders, skippedPayments, transactions } from "../db/schema/index.ts";
import type { HistoryRow } from "../orders/views.ts";
import { buildHistoryRows } from "./history-rows.ts";

/** The customer's billing history (O3), for all orders or one. */
export async function listBillingHistory(ctx: CoreContext, scope: PortalScope, input: { orderId?: string } = {}): Promise<HistoryRow[]> {
  const settings = await loadSettings(ctx.db, scope.merchantId);
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

  return buildHistoryRows(
    {
      transactions: txns,
      documents: docs,
      skipped,
      orderNumbers: new Map(customerOrders.map((o) => [o.id, o.number])),
      viewOnlyOrders: new Set(customerOrders.filter((o) => o.state === "paused" || o.state === "cancelled").map((o) => o.id)),
      pendingRefundRequests: new Set(pendingRefunds.map((r) => r.paymentId).filter((id): id is string => id !== null)),
    },
    { showCreditNotes: settings.showCreditNotes, preventDuplicatePayments: settings.preventDuplicatePayments },
  );
}
