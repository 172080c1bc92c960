import { and, asc, eq } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders, paymentMethods } from "../db/schema/index.ts";
import { cardExpired } from "../payments/card-rules.ts";
import { liveCardsOf } from "./find-payment-method.ts";
import { isCharging, removalRefused } from "./removal.ts";
import type { PaymentMethodRemoval, PaymentMethodView } from "./views.ts";

/** The customer's saved cards, default first. */
export async function listPaymentMethods(ctx: CoreContext, scope: PortalScope): Promise<PaymentMethodView[]> {
  const [rows, assigned] = await Promise.all([
    ctx.db
      .select()
      .from(paymentMethods)
      .where(and(liveCardsOf(scope), eq(paymentMethods.singleUse, false)))
      .orderBy(asc(paymentMethods.createdAt), asc(paymentMethods.id)),
    ctx.db
      .select({ number: orders.number, paymentMethodId: orders.paymentMethodId, type: orders.type, state: orders.state, autocharge: orders.autocharge })
      .from(orders)
      .where(and(eq(orders.merchantId, scope.merchantId), eq(orders.customerId, scope.customerId))),
  ]);
  const now = await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId);
  const charging = assigned.filter(isCharging);
  // As removePaymentMethod does it: assigned orders fall back to the default; a removed default passes to the oldest other card.
  const removal = (row: (typeof rows)[number]): PaymentMethodRemoval => {
    const others = rows.filter((r) => r.id !== row.id);
    const next = row.isDefault ? others[0] : others.find((r) => r.isDefault);
    const pays = charging.filter((o) => o.paymentMethodId === row.id || (row.isDefault && o.paymentMethodId === null));
    return {
      orders: pays.map((o) => o.number),
      moves_to: next ? { brand: next.brand, last4: next.last4 } : null,
      refused: removalRefused(others.length, charging.length),
    };
  };
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
      removal: removal(row),
    }))
    .sort((a, b) => Number(b.is_default) - Number(a.is_default));
}
