import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { pricePoints, subscriptionAddons } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { assertQuantity } from "./create-subscription.ts";
import { planOf, type Subscription } from "./period-invoice.ts";
import { assertOnSale } from "../catalog/on-sale.ts";

/** Adds an addon price to a subscription (S6): an addon of the subscription's own product, in its currency. */
export async function attachAddon(tx: Transaction, sub: Subscription, input: { pricePointId: string; quantity: number; at: Date }): Promise<string> {
  const [price] = await tx.select().from(pricePoints).where(and(eq(pricePoints.merchantId, sub.merchantId), eq(pricePoints.id, input.pricePointId)));
  if (!price || !price.addon) throw new DomainError("not_found", "addon_not_found", `No addon ${input.pricePointId}.`);
  await assertOnSale(tx, sub.merchantId, { pricePointIds: [price.id] });
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  if (price.productId !== plan.price.productId) throw new DomainError("invalid", "addon_not_for_this_product", `This addon belongs to another product than ${plan.productName}.`);
  if (price.currency !== sub.currency) throw new DomainError("invalid", "currency_mismatch", "An addon must be priced in the subscription's currency.");
  assertQuantity(input.quantity, price);
  const id = newId("item");
  await tx.insert(subscriptionAddons).values({ id, merchantId: sub.merchantId, subscriptionId: sub.id, pricePointId: price.id, quantity: input.quantity, createdAt: input.at });
  return id;
}
