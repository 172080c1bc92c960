import { and, asc, eq, inArray } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { documents, orderItems, orders, subscriptions, transactions } from "../db/schema/index.ts";
import { instalmentAmounts } from "../documents/rules.ts";
import { money } from "../money.ts";
import { deriveOrderStatus, type LastPaymentOutcome, type OrderStatus } from "./rules.ts";
import type { OrderView } from "./views.ts";

type OrderRow = typeof orders.$inferSelect;

const SCHEDULED: readonly OrderStatus[] = ["active", "trial", "past_due", "in_progress"];

/**
 * Turns order rows into API views: lines, derived status and totals (O1, O5).
 * Portal calls pass their customer; merchant lists (rows of many customers) only the merchant.
 */
export async function buildOrderViews(db: Executor, scope: Pick<PortalScope, "merchantId"> & { customerId?: string | undefined }, rows: OrderRow[]): Promise<OrderView[]> {
  const ofCustomer = (column: PgColumn) => (scope.customerId ? [eq(column, scope.customerId)] : []);
  const ids = rows.map((o) => o.id);
  if (ids.length === 0) return [];
  const [items, txns, creditNotes, subs] = await Promise.all([
    db
      .select()
      .from(orderItems)
      .where(and(eq(orderItems.merchantId, scope.merchantId), inArray(orderItems.orderId, ids)))
      .orderBy(asc(orderItems.position)),
    db
      .select()
      .from(transactions)
      .where(and(eq(transactions.merchantId, scope.merchantId), ...ofCustomer(transactions.customerId), inArray(transactions.orderId, ids)))
      .orderBy(asc(transactions.createdAt), asc(transactions.id)),
    db
      .select({ orderId: documents.orderId, total: documents.totalAmount, transactionId: documents.transactionId })
      .from(documents)
      .where(
        and(
          eq(documents.merchantId, scope.merchantId),
          ...ofCustomer(documents.customerId),
          eq(documents.kind, "credit_note"),
          inArray(documents.orderId, ids),
        ),
      ),
    db
      .select({ orderId: subscriptions.orderId, status: subscriptions.status })
      .from(subscriptions)
      .where(and(eq(subscriptions.merchantId, scope.merchantId), ...ofCustomer(subscriptions.customerId), inArray(subscriptions.orderId, ids))),
  ]);

  return rows.map((order): OrderView => {
    const own = txns.filter((t) => t.orderId === order.id);
    const payments = own.filter((t) => t.kind === "payment");
    const approved = payments.filter((t) => t.status === "approved");
    const paidAmount = approved.reduce((s, t) => s + t.amount, 0);
    const refundedAmount = own.filter((t) => t.kind === "refund" && t.status === "approved").reduce((s, t) => s + t.amount, 0);
    // A refund's credit note documents money already counted as refunded: only credit with no refund behind it is "credited" (O5).
    const creditedAmount = creditNotes.filter((c) => c.orderId === order.id && c.transactionId === null).reduce((s, c) => s + c.total, 0);
    const last = payments.filter((t) => t.status === "approved" || t.status === "declined" || t.status === "pending" || t.status === "voided").at(-1);
    const status = deriveOrderStatus({
      type: order.type,
      state: order.state,
      lastPayment: last?.status as LastPaymentOutcome,
      totalAmount: order.totalAmount,
      paidAmount,
      refundedAmount,
      subscriptionStatus: subs.find((sub) => sub.orderId === order.id)?.status,
    });
    const lines = items.filter((i) => i.orderId === order.id);
    const m = (amount: number) => money(amount, order.currency);

    let nextPayment: OrderView["next_payment"] = null;
    let balance: OrderView["balance"] = null;
    let instalments: OrderView["instalments"] = null;
    if (order.type === "instalment" && order.instalmentCount) {
      instalments = { count: order.instalmentCount, paid: approved.length };
      balance = m(Math.max(order.totalAmount - paidAmount, 0));
      const next = instalmentAmounts(order.totalAmount, order.currency, order.instalmentCount)[approved.length];
      if (SCHEDULED.includes(status) && order.nextBillingAt && next !== undefined) {
        nextPayment = { due_at: order.nextBillingAt.toISOString(), amount: m(next) };
      }
    } else if (order.type === "recurring" && SCHEDULED.includes(status) && order.nextBillingAt) {
      nextPayment = { due_at: order.nextBillingAt.toISOString(), amount: m(order.nextBillingAmount ?? order.totalAmount) };
    }

    return {
      id: order.id,
      number: order.number,
      type: order.type,
      status,
      total: m(order.totalAmount),
      paid: m(paidAmount),
      refunded: m(refundedAmount),
      credited: m(creditedAmount),
      items: lines
        .filter((i) => i.kind === "item")
        .map((i) => ({ id: i.id, description: i.description, quantity: i.quantity, unit_price: m(i.unitAmount), amount: m(i.amount) })),
      taxes: lines.filter((i) => i.kind === "tax").map((i) => ({ description: i.description, rate_bps: i.taxRateBps, amount: m(i.amount) })),
      placed_at: order.placedAt.toISOString(),
      next_payment: nextPayment,
      balance,
      instalments,
    };
  });
}
