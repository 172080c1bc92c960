import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertOnSale } from "../catalog/on-sale.ts";

/**
 * Every product and price point an order's lines name must be the merchant's own.
 * Another merchant's id is answered exactly like an unknown one (not found), and
 * both before anything is written: refund periods and incident grants later read
 * these products, and must never read another tenant's.
 */
export async function assertOrderCatalog(
  db: Executor,
  merchantId: string,
  items: readonly { productId?: string | undefined; pricePointId?: string | undefined }[],
): Promise<void> {
  const productIds = [...new Set(items.flatMap((i) => (i.productId ? [i.productId] : [])))];
  const priceIds = [...new Set(items.flatMap((i) => (i.pricePointId ? [i.pricePointId] : [])))];
  if (productIds.length > 0) {
    const found = await db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.merchantId, merchantId), inArray(products.id, productIds)));
    const missing = productIds.find((id) => !found.some((row) => row.id === id));
    if (missing) throw new DomainError("not_found", "product_not_found", `No product ${missing}.`, { product: missing });
  }
  // Archived catalog entries are not sold to new orders (409); checked after "not found".
  const onSale = async () => assertOnSale(db, merchantId, { pricePointIds: priceIds, productIds });
  if (priceIds.length > 0) {
    const found = await db
      .select({ id: pricePoints.id, productId: pricePoints.productId })
      .from(pricePoints)
      .where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.id, priceIds)));
    const missing = priceIds.find((id) => !found.some((row) => row.id === id));
    if (missing) throw new DomainError("not_found", "price_not_found", `No price ${missing}.`, { price: missing });
    for (const item of items) {
      const price = found.find((row) => row.id === item.pricePointId);
      if (price && item.productId && price.productId !== item.productId) {
        throw new DomainError("invalid", "price_product_mismatch", `Price ${price.id} is not a price of product ${item.productId}.`, { price: price.id, product: item.productId });
      }
    }
  }
  await onSale();
}
