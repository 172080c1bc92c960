import { and, desc, eq, lt, or } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders } from "../db/schema/index.ts";
import { decodeOrderCursor, encodeOrderCursor } from "./cursor.ts";
import { buildOrderViews } from "./order-views.ts";
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
  if (page.length === 0) return { data: [], has_more: false, next_cursor: null };
  const data = await buildOrderViews(ctx.db, scope, page);

  const lastRow = page.at(-1)!;
  return {
    data,
    has_more: rows.length > limit,
    next_cursor: rows.length > limit ? encodeOrderCursor({ placedAt: lastRow.placedAt, id: lastRow.id }) : null,
  };
}
