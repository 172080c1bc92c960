import { and, asc, eq, type SQL } from "drizzle-orm";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import type { CoreContext } from "../context.ts";
import { documents, orders, skippedPayments, subscriptions, type ORDER_STATES } from "../db/schema/index.ts";
import { toDocumentView, type DocumentView } from "../documents/document-view.ts";
import { DomainError } from "../errors.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { money, type Money } from "../money.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { buildOrderViews } from "./order-views.ts";
import type { OrderType } from "./rules.ts";
import type { HistoryRow, OrderView } from "./views.ts";

type OrderState = (typeof ORDER_STATES)[number];

/** An order as the merchant lists it: the customer's view plus whose it is and its stored lifecycle `state`. */
export interface MerchantOrderView extends OrderView {
  customer_id: string;
  /** The stored lifecycle fact (open, trialing, active, paused, cancelled, in_review, complete) the `state` filter matches; `status` is derived from it and the payments. */
  state: OrderState;
}

/** One order for the back office: lines, totals, billing history, every document, its subscription and skipped payments. */
export interface MerchantOrderDetailsView extends MerchantOrderView {
  subscription_id: string | null;
  history: HistoryRow[];
  documents: DocumentView[];
  skipped_payments: { due_at: string; amount: Money }[];
}

export interface ListMerchantOrdersInput extends PageQuery {
  customerId?: string | undefined;
  state?: OrderState | undefined;
  type?: OrderType | undefined;
  /** On `placed_at`. */
  placed?: TimeFilter | undefined;
}

/** The merchant's orders, newest placed first. */
export async function listMerchantOrders(ctx: CoreContext, merchantId: string, input: ListMerchantOrdersInput): Promise<Page<MerchantOrderView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId });
  const filters: SQL[] = [eq(orders.merchantId, merchantId), ...timeRange(orders.placedAt, input.placed ?? {})];
  if (input.customerId) filters.push(eq(orders.customerId, input.customerId));
  if (input.state) filters.push(eq(orders.state, input.state));
  if (input.type) filters.push(eq(orders.type, input.type));
  const columns = { at: orders.placedAt, id: orders.id };
  const rows = await ctx.db
    .select()
    .from(orders)
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (row) => row, (row) => row.placedAt);
  return { ...page, data: await merchantOrderViews(ctx, merchantId, page.data) };
}

/** One order of the merchant, any customer's; another merchant's is `order_not_found`. */
export async function getMerchantOrder(ctx: CoreContext, merchantId: string, orderId: string): Promise<MerchantOrderDetailsView> {
  const [row] = await ctx.db.select().from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
  if (!row) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  const scope = { merchantId, customerId: row.customerId };
  const [[view], history, docs, skipped, [subscription]] = await Promise.all([
    merchantOrderViews(ctx, merchantId, [row]),
    listBillingHistory(ctx, scope, { orderId: row.id }),
    ctx.db
      .select()
      .from(documents)
      .where(and(eq(documents.merchantId, merchantId), eq(documents.orderId, row.id)))
      .orderBy(asc(documents.issuedAt), asc(documents.id)),
    ctx.db
      .select()
      .from(skippedPayments)
      .where(and(eq(skippedPayments.merchantId, merchantId), eq(skippedPayments.orderId, row.id)))
      .orderBy(asc(skippedPayments.dueAt)),
    ctx.db.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.orderId, row.id))),
  ]);
  return {
    ...view!,
    subscription_id: subscription?.id ?? null,
    history,
    documents: docs.map(toDocumentView),
    skipped_payments: skipped.map((s) => ({ due_at: s.dueAt.toISOString(), amount: money(s.amount, s.currency) })),
  };
}

async function merchantOrderViews(ctx: CoreContext, merchantId: string, rows: (typeof orders.$inferSelect)[]): Promise<MerchantOrderView[]> {
  const views = await buildOrderViews(ctx.db, { merchantId }, rows);
  return views.map((view, i) => ({ ...view, customer_id: rows[i]!.customerId, state: rows[i]!.state }));
}
