import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { paymentMethods } from "../db/schema/index.ts";
import { lockPaymentMethod } from "./find-payment-method.ts";

/** Makes one saved card the customer's default (used by subscriptions without a card of their own). */
export async function setDefaultPaymentMethod(ctx: CoreContext, scope: PortalScope, paymentMethodId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await lockPaymentMethod(tx, scope, paymentMethodId);
    await tx
      .update(paymentMethods)
      .set({ isDefault: false })
      .where(and(eq(paymentMethods.merchantId, scope.merchantId), eq(paymentMethods.customerId, scope.customerId)));
    await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, paymentMethodId));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "payment_method.made_default", subjectId: paymentMethodId });
  });
}
