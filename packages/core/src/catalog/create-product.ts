import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { products } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { assertStorable } from "../storable.ts";

export interface CreateProductInput {
  name: string;
  description?: string | null | undefined;
  /** Days after a payment during which an automatic refund may be granted (R5); null = none. */
  refundPeriodDays?: number | null | undefined;
  /** Support incidents per unit (H4): makes the product an incident package. */
  incidents?: number | null | undefined;
}

/** Adds a product to a merchant's catalog. */
export async function createProduct(ctx: CoreContext, merchantId: string, input: CreateProductInput): Promise<{ id: string }> {
  assertStorable(input, "product");
  const days = input.refundPeriodDays ?? null;
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > 3650)) {
    throw new DomainError("invalid", "invalid_refund_period", "A refund period is a whole number of days between 0 and 3650.");
  }
  const incidents = input.incidents ?? null;
  if (incidents !== null && (!Number.isInteger(incidents) || incidents < 1 || incidents > 10_000)) {
    throw new DomainError("invalid", "invalid_incident_count", "An incident package holds 1 to 10000 incidents per unit.");
  }
  if (!input.name.trim()) throw new DomainError("invalid", "invalid_name", "A product needs a name.");
  const id = newId("prod");
  await ctx.db.transaction(async (tx) => {
    await tx.insert(products).values({ id, merchantId, name: input.name.trim(), description: input.description?.trim() || null, refundPeriodDays: days, incidents, createdAt: ctx.clock.now() });
    await recordAction(tx, ctx, { merchantId, action: "product.created", subjectId: id, details: { name: input.name.trim(), refund_period_days: days, incidents } });
  });
  return { id };
}
