import { and, eq, isNull } from "drizzle-orm";
import type { PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { cardExpired } from "../payments/card-rules.ts";

/** A live saved card of this customer, locked for the caller's transaction; anyone else's is not found. */
export async function lockPaymentMethod(tx: Executor, scope: PortalScope, paymentMethodId: string) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.merchantId, scope.merchantId),
        eq(paymentMethods.customerId, scope.customerId),
        eq(paymentMethods.id, paymentMethodId),
        isNull(paymentMethods.removedAt),
      ),
    )
    .for("update");
  if (!row) throw new DomainError("not_found", "payment_method_not_found", `No payment method ${paymentMethodId}.`);
  return row;
}

/**
 * The card to charge: the one the customer chose (locked), else their default;
 * `no_payment_method` if neither exists, `card_expired` if it has expired at `now`.
 */
export async function findChargeableMethod(tx: Executor, scope: PortalScope, paymentMethodId: string | undefined, now: Date) {
  const method = paymentMethodId ? await lockPaymentMethod(tx, scope, paymentMethodId) : await findDefault(tx, scope);
  if (cardExpired(method.expMonth, method.expYear, now)) throw new DomainError("invalid", "card_expired", "That card has expired; choose another.");
  return method;
}

async function findDefault(tx: Executor, scope: PortalScope) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.merchantId, scope.merchantId),
        eq(paymentMethods.customerId, scope.customerId),
        eq(paymentMethods.isDefault, true),
        isNull(paymentMethods.removedAt),
      ),
    );
  if (!row) throw new DomainError("invalid", "no_payment_method", "Add a card or choose one to pay with.");
  return row;
}
