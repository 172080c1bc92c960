import { and, asc, eq, isNotNull } from "drizzle-orm";
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
}

export interface ProductView {
  id: string;
  name: string;
  refund_period_days: number | null;
  /** Incidents per unit when the product is an incident package (H4). */
  incidents: number | null;
  prices: PricePointView[];
}

/** The merchant's catalog: products with their prices, oldest first. */
export async function listCatalog(ctx: CoreContext, merchantId: string): Promise<ProductView[]> {
  return catalogOf(ctx.db, merchantId, false);
}

/** What a customer can buy to get support incidents (H4): lifetime packs and per-period plans. */
export async function listIncidentPackages(ctx: CoreContext, merchantId: string): Promise<ProductView[]> {
  return catalogOf(ctx.db, merchantId, true);
}

async function catalogOf(db: Executor, merchantId: string, incidentPackagesOnly: boolean): Promise<ProductView[]> {
  const rows = await db
    .select({ product: products, price: pricePoints })
    .from(products)
    .leftJoin(pricePoints, and(eq(pricePoints.productId, products.id), eq(pricePoints.merchantId, merchantId)))
    .where(and(eq(products.merchantId, merchantId), ...(incidentPackagesOnly ? [isNotNull(products.incidents)] : [])))
    .orderBy(asc(products.createdAt), asc(products.id), asc(pricePoints.createdAt), asc(pricePoints.id));
  const byId = new Map<string, ProductView>();
  for (const { product, price } of rows) {
    let view = byId.get(product.id);
    if (!view) {
      view = { id: product.id, name: product.name, refund_period_days: product.refundPeriodDays, incidents: product.incidents, prices: [] };
      byId.set(product.id, view);
    }
    if (price) view.prices.push(toPriceView(price));
  }
  return [...byId.values()].filter((p) => !incidentPackagesOnly || p.prices.length > 0);
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
  };
}
