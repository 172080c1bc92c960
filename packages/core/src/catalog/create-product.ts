import type { CoreContext } from "../context.ts";
import { products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";

/** Adds a product to a merchant's catalog; `refundPeriodDays` bounds automatic refunds (R5), null = none. */
export async function createProduct(ctx: CoreContext, merchantId: string, input: { name: string; refundPeriodDays?: number | null }): Promise<{ id: string }> {
  const days = input.refundPeriodDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > 3650)) {
    throw new DomainError("invalid", "invalid_refund_period", "A refund period is a whole number of days between 0 and 3650.");
  }
  const id = newId("prod");
  await ctx.db.insert(products).values({ id, merchantId, name: input.name, refundPeriodDays: days, createdAt: ctx.clock.now() });
  return { id };
}
