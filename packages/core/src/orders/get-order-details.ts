import { and, asc, eq } from "drizzle-orm";
import { isLifetimeIncidentPack } from "../incidents/buy-incident-package.ts";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { orders, skippedPayments, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { money } from "../money.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { buildOrderViews } from "./order-views.ts";
import { documentActions, orderActions, VIEW_ONLY_STATUSES } from "./rules.ts";
import type { OrderDetailsView } from "./views.ts";

/** One of the customer's orders with totals, allowed actions and billing history; anyone else's is not found. */
export async function getOrderDetails(ctx: CoreContext, scope: PortalScope, orderId: string): Promise<OrderDetailsView> {
  const row = await findCustomerOrder(ctx, scope, orderId);
  const [[view], settings, history, skipped, lifetimeIncidentPack, [subscription]] = await Promise.all([
    buildOrderViews(ctx.db, scope, [row]),
    settingsForCustomer(ctx.db, scope.merchantId, scope.customerId),
    listBillingHistory(ctx, scope, { orderId: row.id }),
    ctx.db
      .select()
      .from(skippedPayments)
      .where(and(eq(skippedPayments.merchantId, scope.merchantId), eq(skippedPayments.orderId, row.id)))
      .orderBy(asc(skippedPayments.dueAt)),
    isLifetimeIncidentPack(ctx.db, scope.merchantId, row),
    ctx.db.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.orderId, row.id))),
  ]);
  // A subscription's own panel (S1, S2) cancels and reactivates it, by its own rules; the order keeps only the order-level actions.
  // Reactivation is the subscription's (S2): an order without one has nothing that could restart it, so it is not offered.
  const actions = orderActions({ ...view!, hasOpenInvoice: history.some((h) => h.payable), lifetimeIncidentPack }, settings).filter((a) => !(a === "reactivate" || (subscription && a === "cancel")));
  return {
    ...view!,
    checkout: row.checkout,
    actions,
    view_only: VIEW_ONLY_STATUSES.includes(view!.status) && actions.every((a) => a === "download"),
    document_actions: documentActions(settings),
    // An instalment plan runs on a schedule row too, but it is no subscription the customer manages (S1–S7).
    subscription_id: row.type === "instalment" ? null : (subscription?.id ?? null),
    history,
    skipped_payments: skipped.map((s) => ({ due_at: s.dueAt.toISOString(), amount: money(s.amount, s.currency) })),
  };
}

/** The order row if it belongs to this customer of this merchant, else `order_not_found`. */
export async function findCustomerOrder(ctx: CoreContext, scope: PortalScope, orderId: string) {
  const [row] = await ctx.db.select().from(orders).where(customerOrder(scope, orderId));
  if (!row) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  return row;
}

/** The same order, locked for the caller's transaction: for operations that change it. */
export async function lockCustomerOrder(tx: Executor, scope: PortalScope, orderId: string) {
  const [row] = await tx.select().from(orders).where(customerOrder(scope, orderId)).for("no key update");
  if (!row) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  return row;
}

function customerOrder(scope: PortalScope, orderId: string) {
  return and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId), eq(orders.id, orderId));
}
