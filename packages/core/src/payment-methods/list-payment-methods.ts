import { and, asc, eq } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders, paymentMethods } from "../db/schema/index.ts";
import { cardExpired } from "../payments/card-rules.ts";
import { liveCardsOf } from "./find-payment-method.ts";
import type { PaymentMethodView } from "./views.ts";

/** The customer's saved cards, default first. */
export async function listPaymentMethods(ctx: CoreContext, scope: PortalScope): Promise<PaymentMethodView[]> {
  const [rows, assigned] = await Promise.all([
    ctx.db
      .select()
      .from(paymentMethods)
      .where(and(liveCardsOf(scope), eq(paymentMethods.singleUse, false)))
      .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.id)),
    ctx.db
      .select({ number: orders.number, paymentMethodId: orders.paymentMethodId })
      .from(orders)
      .where(and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId))),
  ]);
  const now = await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId);
  return rows
    .map((row) => ({
      id: row.id,
      brand: row.brand,
      last4: row.last4,
      exp_month: row.expMonth,
      exp_year: row.expYear,
      is_default: row.isDefault,
      expired: cardExpired(row.expMonth, row.expYear, now),
      assigned_to: assigned.filter((o) => o.paymentMethodId === row.id).map((o) => o.number),
    }))
    .sort((a, b) => Number(b.is_default) - Number(a.is_default));
}
