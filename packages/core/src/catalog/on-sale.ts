import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/**
 * Refuses a price (or product) that staff archived: archived catalog entries are
 * not sold to new orders, subscriptions, addons or plan changes (409
 * `price_archived` / `product_archived`). Subscriptions already on them keep
 * renewing — the billing engine never calls this. Unknown ids pass: the
 * caller's own lookup answers "not found".
 */
export async function assertOnSale(db: Executor, merchantId: string, ids: { pricePointIds?: readonly string[]; productIds?: readonly string[] }): Promise<void> {
  const priceIds = [...new Set(ids.pricePointIds ?? [])];
  const productIds = new Set(ids.productIds ?? []);
  if (priceIds.length) {
    const rows = await db
      .select({ id: pricePoints.id, archivedAt: pricePoints.archivedAt, productId: pricePoints.productId })
      .from(pricePoints)
      .where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.id, priceIds)));
    const archived = rows.find((r) => r.archivedAt !== null);
    if (archived) throw new DomainError("not_allowed", "price_archived", `Price ${archived.id} is archived and no longer sold.`, { price: archived.id });
    for (const r of rows) if (r.productId) productIds.add(r.productId);
  }
  if (productIds.size) {
    const rows = await db
      .select({ id: products.id, archivedAt: products.archivedAt })
      .from(products)
      .where(and(eq(products.merchantId, merchantId), inArray(products.id, [...productIds])));
    const archived = rows.find((r) => r.archivedAt !== null);
    if (archived) throw new DomainError("not_allowed", "product_archived", `Product ${archived.id} is archived and no longer sold.`, { product: archived.id });
  }
}

/** The subset of `ids` still on sale (neither the price nor its product archived), in the given order. */
export async function onSaleOf(db: Executor, merchantId: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: pricePoints.id, priceArchived: pricePoints.archivedAt, productArchived: products.archivedAt })
    .from(pricePoints)
    .leftJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, merchantId)))
    .where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.id, [...ids])));
  const live = new Set(rows.filter((r) => r.priceArchived === null && r.productArchived === null).map((r) => r.id));
  return ids.filter((id) => live.has(id));
}
