import { recordAction } from "../audit/record-action.ts";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money } from "../money.ts";
import type { Interval } from "../subscriptions/periods.ts";
import { assertStorable } from "../storable.ts";

export interface CreatePricePointInput {
  productId: string;
  name: string;
  amount: number;
  currency: string;
  /** Absent = a one-time price. */
  interval?: Interval | null | undefined;
  intervalCount?: number | undefined;
  trialDays?: number | undefined;
  addon?: boolean | undefined;
  /** Price points a subscriber of this one may switch to (S5). */
  switchTo?: string[] | undefined;
  minQuantity?: number | undefined;
  maxQuantity?: number | null | undefined;
}

/**
 * Adds a price to a product (catalog, S5): one-time or every N days, weeks,
 * months or years, with an optional trial. Incident packages (H4) are sold
 * once (lifetime) or by whole months, never daily and never on trial.
 */
export async function createPricePoint(ctx: CoreContext, merchantId: string, input: CreatePricePointInput): Promise<{ id: string }> {
  assertStorable(input, "price");
  const amount = money(input.amount, input.currency);
  if (amount.amount < 0) throw new DomainError("invalid", "invalid_amount", "A price cannot be negative.");
  const interval = input.interval ?? null;
  const intervalCount = input.intervalCount ?? 1;
  const trialDays = input.trialDays ?? 0;
  const minQuantity = input.minQuantity ?? 1;
  const maxQuantity = input.maxQuantity ?? null;
  if (!Number.isInteger(intervalCount) || intervalCount < 1 || intervalCount > 365) throw new DomainError("invalid", "invalid_interval_count", "An interval count is 1 to 365.");
  if (!Number.isInteger(trialDays) || trialDays < 0 || trialDays > 730) throw new DomainError("invalid", "invalid_trial_days", "A trial is 0 to 730 days.");
  if (trialDays > 0 && !interval) throw new DomainError("invalid", "trial_requires_recurring", "Only a recurring price can start with a trial.");
  if (!Number.isInteger(minQuantity) || minQuantity < 1 || (maxQuantity !== null && (!Number.isInteger(maxQuantity) || maxQuantity < minQuantity))) {
    throw new DomainError("invalid", "invalid_quantity_range", "Quantities run from a minimum of at least 1 to a maximum no lower than it.");
  }
  const [product] = await ctx.db.select().from(products).where(and(eq(products.merchantId, merchantId), eq(products.id, input.productId)));
  if (!product) throw new DomainError("not_found", "product_not_found", `No product ${input.productId}.`);
  if (product.incidents !== null && ((interval !== null && interval !== "month" && interval !== "year") || trialDays > 0)) {
    throw new DomainError("invalid", "incident_plan_period", "Incident packages are sold once or by whole months or years, without a trial.");
  }
  const switchTo = [...new Set(input.switchTo ?? [])];
  if (switchTo.length) {
    if (!interval) throw new DomainError("invalid", "switch_requires_recurring", "Only a recurring price has plans to switch to.");
    const targets = await ctx.db
      .select({ id: pricePoints.id, currency: pricePoints.currency, interval: pricePoints.interval })
      .from(pricePoints)
      // An order's own schedule price is not in the catalog: never a plan to switch to.
      .where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.id, switchTo), isNull(pricePoints.orderId)));
    if (targets.length !== switchTo.length || targets.some((t) => t.currency !== amount.currency || !t.interval)) {
      throw new DomainError("invalid", "invalid_switch_target", "Plans to switch to must be this shop's recurring prices in the same currency.");
    }
  }
  const id = newId("price");
  await ctx.db.transaction(async (tx) => {
    await tx.insert(pricePoints).values({
      id,
      merchantId,
      productId: product.id,
      name: input.name,
      amount: amount.amount,
      currency: amount.currency,
      interval,
      intervalCount,
      trialDays,
      addon: input.addon ?? false,
      switchTo,
      minQuantity,
      maxQuantity,
      createdAt: ctx.clock.now(),
    });
    await recordAction(tx, ctx, { merchantId, action: "price.created", subjectId: id, details: { product: input.productId, amount: amount.amount, currency: amount.currency, interval } });
  });
  return { id };
}
