import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orderItems, orders, transactions } from "../db/schema/index.ts";
import { money } from "../money.ts";
import { decodeOrderCursor, encodeOrderCursor } from "./cursor.ts";
import { deriveOrderStatus, type LastPaymentOutcome } from "./rules.ts";
import type { OrderView, Page } from "./views.ts";

export interface ListOrdersInput {
  limit?: number;
  cursor?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** One customer's orders, newest first, with their derived status (O1). */
export async function listOrders(ctx: CoreContext, scope: PortalScope, input: ListOrdersInput = {}): Promise<Page<OrderView>> {
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const after = input.cursor ? decodeOrderCursor(input.cursor) : undefined;
  const ownedBy = and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId));
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(
      after
        ? and(ownedBy, or(lt(orders.placedAt, after.placedAt), and(eq(orders.placedAt, after.placedAt), lt(orders.id, after.id))))
        : ownedBy,
    )
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(limit + 1);

  const page = rows.slice(0, limit);
  const ids = page.map((o) => o.id);
  if (ids.length === 0) return { data: [], next_cursor: null };

  const [items, txns] = await Promise.all([
    ctx.db
      .select()
      .from(orderItems)
      .where(and(eq(orderItems.merchantId, scope.merchantId), inArray(orderItems.orderId, ids)))
      .orderBy(asc(orderItems.position)),
    ctx.db
      .select()
      .from(transactions)
      .where(
        and(
          eq(transactions.merchantId, scope.merchantId),
          eq(transactions.customerId, scope.customerId),
          inArray(transactions.orderId, ids),
        ),
      )
      .orderBy(asc(transactions.createdAt), asc(transactions.id)),
  ]);

  const data = page.map((order): OrderView => {
    const own = txns.filter((t) => t.orderId === order.id);
    const payments = own.filter((t) => t.kind === "payment");
    const approvedPayments = payments.filter((t) => t.status === "approved");
    const paidAmount = approvedPayments.reduce((s, t) => s + t.amount, 0);
    const refundedAmount = own.filter((t) => t.kind === "refund" && t.status === "approved").reduce((s, t) => s + t.amount, 0);
    const last = payments.filter((t) => t.status !== "voided" && t.status !== "failed").at(-1);
    const lastPayment = last?.status as LastPaymentOutcome;
    return {
      id: order.id,
      number: order.number,
      type: order.type,
      status: deriveOrderStatus({
        type: order.type,
        state: order.state,
        lastPayment,
        totalAmount: order.totalAmount,
        paidAmount,
        refundedAmount,
      }),
      total: money(order.totalAmount, order.currency),
      paid: money(paidAmount, order.currency),
      refunded: money(refundedAmount, order.currency),
      items: items
        .filter((i) => i.orderId === order.id)
        .map((i) => ({
          id: i.id,
          description: i.description,
          quantity: i.quantity,
          unit_price: money(i.unitAmount, i.currency),
          amount: money(i.amount, i.currency),
        })),
      placed_at: order.placedAt.toISOString(),
      next_billing_at: order.nextBillingAt?.toISOString() ?? null,
      instalments: order.instalmentCount ? { count: order.instalmentCount, paid: approvedPayments.length } : null,
    };
  });

  const lastRow = page.at(-1)!;
  return {
    data,
    next_cursor: rows.length > limit ? encodeOrderCursor({ placedAt: lastRow.placedAt, id: lastRow.id }) : null,
  };
}
