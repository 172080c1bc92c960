import { and, asc, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import type { Money } from "../money.ts";

export interface PricePointView {
  id: string;
  name: string;
  price: Money;
  /** Null for a one-time price. */
  interval: "day" | "week" | "month" | "year" | null;
  interval_count: number;
  trial_days: number;
  addon: boolean;
  switch_to: string[];
  min_quantity: number;
  max_quantity: number | null;
  /** When staff archived it (no longer sold); null while on sale. */
  archived_at: string | null;
}

export interface ProductView {
  id: string;
  name: string;
  refund_period_days: number | null;
  /** Incidents per unit when the product is an incident package (H4). */
  incidents: number | null;
  description: string | null;
  /** When staff archived it (no longer sold); null while on sale. */
  archived_at: string | null;
  prices: PricePointView[];
}

/**
 * The merchant's catalog in cursor pages of products, newest first, each with its
 * prices (oldest first); archived products and prices only with `includeArchived`.
 */
export async function listCatalog(ctx: CoreContext, merchantId: string, input: PageQuery & { includeArchived?: boolean | undefined }): Promise<Page<ProductView>> {
  const includeArchived = input.includeArchived ?? false;
  const columns = { at: products.createdAt, id: products.id };
  const rows = await ctx.db
    .select()
    .from(products)
    .where(and(eq(products.merchantId, merchantId), ...(includeArchived ? [] : [isNull(products.archivedAt)]), pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (product) => toProductView(product, []));
  if (page.data.length === 0) return page;
  const prices = await ctx.db
    .select()
    .from(pricePoints)
    .where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.productId, page.data.map((p) => p.id)), ...(includeArchived ? [] : [isNull(pricePoints.archivedAt)])))
    .orderBy(asc(pricePoints.createdAt), asc(pricePoints.id));
  const byId = new Map(page.data.map((p) => [p.id, p]));
  for (const price of prices) if (price.productId) byId.get(price.productId)?.prices.push(toPriceView(price));
  return page;
}

/** What a customer can buy to get support incidents (H4): lifetime packs and per-period plans. */
export async function listIncidentPackages(ctx: CoreContext, merchantId: string): Promise<ProductView[]> {
  return catalogOf(ctx.db, merchantId, true, false);
}

async function catalogOf(db: Executor, merchantId: string, incidentPackagesOnly: boolean, includeArchived: boolean): Promise<ProductView[]> {
  const rows = await db
    .select({ product: products, price: pricePoints })
    .from(products)
    .leftJoin(pricePoints, and(eq(pricePoints.productId, products.id), eq(pricePoints.merchantId, merchantId), ...(includeArchived ? [] : [isNull(pricePoints.archivedAt)])))
    .where(and(eq(products.merchantId, merchantId), ...(incidentPackagesOnly ? [isNotNull(products.incidents)] : []), ...(includeArchived ? [] : [isNull(products.archivedAt)])))
    .orderBy(asc(products.createdAt), asc(products.id), asc(pricePoints.createdAt), asc(pricePoints.id));
  const byId = new Map<string, ProductView>();
  for (const { product, price } of rows) {
    let view = byId.get(product.id);
    if (!view) {
      view = toProductView(product, []);
      byId.set(product.id, view);
    }
    if (price) view.prices.push(toPriceView(price));
  }
  return [...byId.values()].filter((p) => !incidentPackagesOnly || p.prices.length > 0);
}

/** A product as the API shows it, with the prices given. */
export function toProductView(product: typeof products.$inferSelect, prices: PricePointView[]): ProductView {
  return {
    id: product.id,
    name: product.name,
    refund_period_days: product.refundPeriodDays,
    incidents: product.incidents,
    description: product.description,
    archived_at: product.archivedAt?.toISOString() ?? null,
    prices,
  };
}

/** A price point as the API shows it. */
export function toPriceView(price: typeof pricePoints.$inferSelect): PricePointView {
  return {
    id: price.id,
    name: price.name,
    price: { amount: price.amount, currency: price.currency },
    interval: price.interval,
    interval_count: price.intervalCount,
    trial_days: price.trialDays,
    addon: price.addon,
    switch_to: price.switchTo,
    min_quantity: price.minQuantity,
    max_quantity: price.maxQuantity,
    archived_at: price.archivedAt?.toISOString() ?? null,
  };
}
