import { recordAction } from "../audit/record-action.ts";
import { eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { lockCustomerOrder } from "../orders/get-order-details.ts";
import { lockPaymentMethod } from "./find-payment-method.ts";

/** Assigns a saved card to one of the customer's subscriptions (R1). */
export async function assignPaymentMethod(ctx: CoreContext, scope: PortalScope, input: { orderId: string; paymentMethodId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const order = await lockCustomerOrder(tx, scope, input.orderId);
    if (order.type === "one_time") throw new DomainError("not_allowed", "order_not_recurring", "Only subscriptions and instalment plans charge a saved card.");
    if (order.state === "cancelled" || order.state === "complete") {
      throw new DomainError("not_allowed", "order_finished", "This order no longer charges a card.");
    }
    await lockPaymentMethod(tx, scope, input.paymentMethodId);
    await tx.update(orders).set({ paymentMethodId: input.paymentMethodId }).where(eq(orders.id, order.id));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "order.payment_method_assigned", subjectId: order.id, details: { before: order.paymentMethodId ?? null, after: input.paymentMethodId } });
  });
}
