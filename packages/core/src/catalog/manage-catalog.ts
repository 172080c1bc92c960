import { and, eq, isNull } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertStorable } from "../storable.ts";
import { toPriceView, toProductView, type PricePointView, type ProductView } from "./list-catalog.ts";

export interface UpdateProductInput {
  name?: string | undefined;
  description?: string | null | undefined;
  refundPeriodDays?: number | null | undefined;
}

async function lockProduct(tx: Transaction, merchantId: string, productId: string) {
  const [row] = await tx.select().from(products).where(and(eq(products.merchantId, merchantId), eq(products.id, productId))).for("no key update");
  if (!row) throw new DomainError("not_found", "product_not_found", `No product ${productId}.`);
  return row;
}

/** A catalog price (never an order's own schedule price), locked; another merchant's is not found. */
async function lockPrice(tx: Transaction, merchantId: string, priceId: string) {
  const [row] = await tx
    .select()
    .from(pricePoints)
    .where(and(eq(pricePoints.merchantId, merchantId), eq(pricePoints.id, priceId), isNull(pricePoints.orderId)))
    .for("no key update");
  if (!row) throw new DomainError("not_found", "price_not_found", `No price ${priceId}.`);
  return row;
}

async function pricesOf(tx: Transaction, merchantId: string, productId: string) {
  return tx.select().from(pricePoints).where(and(eq(pricePoints.merchantId, merchantId), eq(pricePoints.productId, productId))).orderBy(pricePoints.createdAt, pricePoints.id);
}

/** Renames a product or changes its description or refund period (R5: later refund decisions use the new period). */
export async function updateProduct(ctx: CoreContext, merchantId: string, productId: string, input: UpdateProductInput): Promise<ProductView> {
  assertStorable(input, "product");
  if (input.name !== undefined && !input.name.trim()) throw new DomainError("invalid", "invalid_name", "A product needs a name.");
  const days = input.refundPeriodDays;
  if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 0 || days > 3650)) {
    throw new DomainError("invalid", "invalid_refund_period", "A refund period is a whole number of days between 0 and 3650.");
  }
  return ctx.db.transaction(async (tx) => {
    const before = await lockProduct(tx, merchantId, productId);
    const set: Partial<typeof products.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.description !== undefined) set.description = input.description?.trim() || null;
    if (days !== undefined) set.refundPeriodDays = days;
    const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => before[k as keyof typeof before] !== v));
    if (Object.keys(changed).length === 0) throw new DomainError("invalid", "nothing_to_change", "Send at least one field that differs from the product as it is.");
    const [after] = await tx.update(products).set(changed).where(eq(products.id, before.id)).returning();
    await recordAction(tx, ctx, {
      merchantId,
      action: "product.updated",
      subjectId: before.id,
      details: { changed: Object.keys(changed), before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])), after: changed },
    });
    return toProductView(after!, (await pricesOf(tx, merchantId, before.id)).map(toPriceView));
  });
}

/**
 * Archives a product (the merchant API's DELETE): it and its prices are no
 * longer offered for new orders, subscriptions or plan changes, and leave the
 * catalog list unless `include_archived`. Nothing is deleted: orders and
 * subscriptions that name it keep working and renewing. Archiving twice is a
 * 409 `already_archived`.
 */
export async function archiveProduct(ctx: CoreContext, merchantId: string, productId: string): Promise<ProductView> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockProduct(tx, merchantId, productId);
    if (before.archivedAt) throw new DomainError("conflict", "already_archived", "This product is archived already.");
    const now = ctx.clock.now();
    const [after] = await tx.update(products).set({ archivedAt: now }).where(eq(products.id, before.id)).returning();
    await recordAction(tx, ctx, { merchantId, action: "product.archived", subjectId: before.id });
    return toProductView(after!, (await pricesOf(tx, merchantId, before.id)).map(toPriceView));
  });
}

export interface UpdatePriceInput {
  name?: string | undefined;
  trialDays?: number | undefined;
  switchTo?: string[] | undefined;
  minQuantity?: number | undefined;
  maxQuantity?: number | null | undefined;
}

/**
 * Changes what a price says and allows, never what it charges: the amount,
 * currency and interval are fixed once sold (subscriptions bill them), so a new
 * price is made for a new amount and the old one archived.
 */
export async function updatePricePoint(ctx: CoreContext, merchantId: string, priceId: string, input: UpdatePriceInput): Promise<PricePointView> {
  assertStorable(input, "price");
  if (input.name !== undefined && !input.name.trim()) throw new DomainError("invalid", "invalid_name", "A price needs a name.");
  return ctx.db.transaction(async (tx) => {
    const before = await lockPrice(tx, merchantId, priceId);
    const set: Partial<typeof pricePoints.$inferInsert> = {};
    if (input.name !== undefined) set.name = input.name.trim();
    if (input.trialDays !== undefined) {
      if (!Number.isInteger(input.trialDays) || input.trialDays < 0 || input.trialDays > 730) throw new DomainError("invalid", "invalid_trial_days", "A trial is 0 to 730 days.");
      if (input.trialDays > 0 && !before.interval) throw new DomainError("invalid", "trial_requires_recurring", "Only a recurring price can start with a trial.");
      set.trialDays = input.trialDays;
    }
    const min = input.minQuantity ?? before.minQuantity;
    const max = input.maxQuantity === undefined ? before.maxQuantity : input.maxQuantity;
    if (!Number.isInteger(min) || min < 1 || (max !== null && (!Number.isInteger(max) || max < min))) {
      throw new DomainError("invalid", "invalid_quantity_range", "Quantities run from a minimum of at least 1 to a maximum no lower than it.");
    }
    if (input.minQuantity !== undefined) set.minQuantity = min;
    if (input.maxQuantity !== undefined) set.maxQuantity = max;
    if (input.switchTo !== undefined) {
      const switchTo = [...new Set(input.switchTo)];
      if (switchTo.length && !before.interval) throw new DomainError("invalid", "switch_requires_recurring", "Only a recurring price has plans to switch to.");
      if (switchTo.includes(before.id)) throw new DomainError("invalid", "invalid_switch_target", "A plan cannot switch to itself.");
      for (const id of switchTo) {
        const [t] = await tx.select({ currency: pricePoints.currency, interval: pricePoints.interval }).from(pricePoints).where(and(eq(pricePoints.merchantId, merchantId), eq(pricePoints.id, id), isNull(pricePoints.orderId)));
        if (!t || t.currency !== before.currency || !t.interval) throw new DomainError("invalid", "invalid_switch_target", "Plans to switch to must be this shop's recurring prices in the same currency.");
      }
      set.switchTo = switchTo;
    }
    const changed = Object.fromEntries(Object.entries(set).filter(([k, v]) => JSON.stringify(before[k as keyof typeof before]) !== JSON.stringify(v)));
    if (Object.keys(changed).length === 0) throw new DomainError("invalid", "nothing_to_change", "Send at least one field that differs from the price as it is.");
    const [after] = await tx.update(pricePoints).set(changed).where(eq(pricePoints.id, before.id)).returning();
    await recordAction(tx, ctx, {
      merchantId,
      action: "price.updated",
      subjectId: before.id,
      details: { changed: Object.keys(changed), before: Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof typeof before]])), after: changed },
    });
    return toPriceView(after!);
  });
}

/** Archives a price: no longer sold or offered as a plan change; subscriptions on it keep renewing at it. */
export async function archivePricePoint(ctx: CoreContext, merchantId: string, priceId: string): Promise<PricePointView> {
  return ctx.db.transaction(async (tx) => {
    const before = await lockPrice(tx, merchantId, priceId);
    if (before.archivedAt) throw new DomainError("conflict", "already_archived", "This price is archived already.");
    const [after] = await tx.update(pricePoints).set({ archivedAt: ctx.clock.now() }).where(eq(pricePoints.id, before.id)).returning();
    await recordAction(tx, ctx, { merchantId, action: "price.archived", subjectId: before.id, details: { product_id: before.productId } });
    return toPriceView(after!);
  });
}
