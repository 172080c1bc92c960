import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { orders, skippedPayments } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money } from "../money.ts";

/** Notes a scheduled payment that was skipped, for the customer's history (O5); the schedule itself moves in S8. */
export async function recordSkippedPayment(
  ctx: CoreContext,
  merchantId: string,
  input: { orderId: string; dueAt: Date; amount: number; reason?: string },
): Promise<{ id: string }> {
  const [order] = await ctx.db
    .select({ id: orders.id, currency: orders.currency })
    .from(orders)
    .where(and(eq(orders.merchantId, merchantId), eq(orders.id, input.orderId)));
  if (!order) throw new DomainError("not_found", "order_not_found", `No order ${input.orderId}.`);
  const id = newId("skip");
  await ctx.db.insert(skippedPayments).values({
    id,
    merchantId,
    orderId: order.id,
    dueAt: input.dueAt,
    amount: money(input.amount, order.currency).amount,
    currency: order.currency,
    reason: input.reason ?? null,
    createdAt: ctx.clock.now(),
  });
  return { id };
}
