import { and, asc, eq, type SQL } from "drizzle-orm";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import type { CoreContext } from "../context.ts";
import { documents, orders, skippedPayments, subscriptions, type ORDER_STATES } from "../db/schema/index.ts";
import { toDocumentView, type DocumentView } from "../documents/document-view.ts";
import { DomainError } from "../errors.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { money, type Money } from "../money.ts";
import { encodeCursor, pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { buildOrderViews } from "./order-views.ts";
import { staffOrderExtras, type StaffOrderExtras } from "./staff-order-view.ts";
import type { OrderStatus, OrderType } from "./rules.ts";
import type { HistoryRow, OrderView } from "./views.ts";

type OrderState = (typeof ORDER_STATES)[number];

/** An order as the merchant lists it: the customer's view plus whose it is and its stored lifecycle `state`. */
export interface MerchantOrderView extends OrderView {
  customer_id: string;
  /** The stored lifecycle fact (open, trialing, active, paused, cancelled, in_review, complete) the `state` filter matches; `status` is derived from it and the payments. */
  state: OrderState;
}

/** One order for the back office: lines, totals, billing history, every document, its subscription and skipped payments. */
export interface MerchantOrderDetailsView extends MerchantOrderView, StaffOrderExtras {
  subscription_id: string | null;
  history: HistoryRow[];
  documents: DocumentView[];
  skipped_payments: { due_at: string; amount: Money }[];
}

export interface ListMerchantOrdersInput extends PageQuery {
  customerId?: string | undefined;
  state?: OrderState | undefined;
  /** The derived status the customer sees (paid, past_due, ...); matched after the views are built. */
  status?: OrderStatus | undefined;
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
  const fetch = (cursor: string | undefined, limit: number) =>
    ctx.db
      .select()
      .from(orders)
      .where(and(...filters, pageWhere(columns, cursor)))
      .orderBy(...pageOrder(columns))
      .limit(limit);
  if (input.status) return listByStatus(ctx, merchantId, input.status, input, fetch);
  const rows = await fetch(input.cursor, input.limit + 1);
  const page = toPage(rows, input.limit, (row) => row, (row) => row.placedAt);
  return { ...page, data: await merchantOrderViews(ctx, merchantId, page.data) };
}

/** Rows read per batch, and at most per request, when filtering by derived status. */
const STATUS_SCAN_BATCH = 200;
const STATUS_SCAN_MAX = 2000;

/**
 * The derived status is no column: orders are read in keyset batches and their
 * views built until a page is full. A request reads at most 2000 orders; when that
 * runs out first the page may be short, with `has_more` and a cursor after the
 * last order read, so walking on still sees every match exactly once.
 */
async function listByStatus(
  ctx: CoreContext,
  merchantId: string,
  status: OrderStatus,
  input: PageQuery,
  fetch: (cursor: string | undefined, limit: number) => Promise<(typeof orders.$inferSelect)[]>,
): Promise<Page<MerchantOrderView>> {
  const matched: MerchantOrderView[] = [];
  let cursor = input.cursor;
  let scanned = 0;
  let last: typeof orders.$inferSelect | undefined;
  while (scanned < STATUS_SCAN_MAX) {
    const rows = await fetch(cursor, STATUS_SCAN_BATCH);
    const views = await merchantOrderViews(ctx, merchantId, rows);
    for (const [i, view] of views.entries()) {
      if (view.status !== status) {
        last = rows[i];
        scanned++;
        continue;
      }
      if (matched.length === input.limit) {
        // One more match than the page holds: the page ends at its last row.
        const end = matched.at(-1)!;
        return { data: matched, has_more: true, next_cursor: encodeCursor({ at: new Date(end.placed_at), id: end.id }) };
      }
      matched.push(view);
      last = rows[i];
      scanned++;
    }
    if (rows.length < STATUS_SCAN_BATCH) return { data: matched, has_more: false, next_cursor: null };
    cursor = encodeCursor({ at: last!.placedAt, id: last!.id });
  }
  return { data: matched, has_more: true, next_cursor: cursor ?? null };
}

/** One order of the merchant, any customer's; another merchant's is `order_not_found`. */
export async function getMerchantOrder(ctx: CoreContext, merchantId: string, orderId: string): Promise<MerchantOrderDetailsView> {
  const [row] = await ctx.db.select().from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
  if (!row) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  const scope = { merchantId, customerId: row.customerId };
  const [[view], history, docs, skipped, [subscription], extras] = await Promise.all([
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
    staffOrderExtras(ctx, merchantId, row),
  ]);
  return {
    ...view!,
    subscription_id: subscription?.id ?? null,
    history,
    documents: docs.map(toDocumentView),
    skipped_payments: skipped.map((s) => ({ due_at: s.dueAt.toISOString(), amount: money(s.amount, s.currency) })),
    ...extras,
  };
}

async function merchantOrderViews(ctx: CoreContext, merchantId: string, rows: (typeof orders.$inferSelect)[]): Promise<MerchantOrderView[]> {
  const views = await buildOrderViews(ctx.db, { merchantId }, rows);
  return views.map((view, i) => ({ ...view, customer_id: rows[i]!.customerId, state: rows[i]!.state }));
}
