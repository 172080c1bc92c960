import { recordAction } from "../audit/record-action.ts";
import { and, asc, eq, ne } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders, paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { liveCardsOf, lockPaymentMethod } from "./find-payment-method.ts";
import { chargingOrder, removalRefused } from "./removal.ts";

/**
 * Removes a saved card. Refused with `payment_method_required` when it is the
 * customer's only card and a live autocharged subscription or instalment plan
 * would be left with nothing to charge. Orders it was assigned to fall back to the default.
 */
export async function removePaymentMethod(ctx: CoreContext, scope: PortalScope, paymentMethodId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const method = await lockPaymentMethod(tx, scope, paymentMethodId);
    const others = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(and(liveCardsOf(scope), eq(paymentMethods.singleUse, false), ne(paymentMethods.id, method.id)))
      // Oldest first: the card that becomes the default is the one the list said it would be.
      .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.id))
      .for("no key update");
    const charging = await tx
      .select({ number: orders.number })
      .from(orders)
      .where(
        and(
          eq(orders.merchantId, scope.merchantId),
          eq(orders.customerId, scope.customerId),
          ...chargingOrder(),
          eq(orders.autocharge, true),
        ),
      );
    if (removalRefused(others.length, charging.length)) {
      throw new DomainError("conflict", "payment_method_required", "This card pays an active subscription; add another card before removing it.", {
        orders: charging.map((o) => o.number),
      });
    }
    await tx.update(paymentMethods).set({ removedAt: ctx.clock.now(), isDefault: false }).where(eq(paymentMethods.id, method.id));
    await tx
      .update(orders)
      .set({ paymentMethodId: null })
      .where(and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId), eq(orders.paymentMethodId, method.id)));
    if (method.isDefault && others[0]) await tx.update(paymentMethods).set({ isDefault: true }).where(eq(paymentMethods.id, others[0].id));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "payment_method.removed", subjectId: method.id, details: { brand: method.brand, last4: method.last4, new_default: method.isDefault ? (others[0]?.id ?? null) : undefined } });
  });
}
