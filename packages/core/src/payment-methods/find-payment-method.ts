import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { cardExpired } from "../payments/card-rules.ts";

/** This customer's cards that are not removed: the scope every saved-card query starts from. */
export function liveCardsOf(scope: PortalScope): SQL {
  return and(eq(paymentMethods.merchantId, scope.merchantId), eq(paymentMethods.customerId, scope.customerId), isNull(paymentMethods.removedAt))!;
}

/** A live saved card of this customer, locked for the caller's transaction; anyone else's is not found. */
export async function lockPaymentMethod(tx: Executor, scope: PortalScope, paymentMethodId: string) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(liveCardsOf(scope), eq(paymentMethods.id, paymentMethodId)),
    )
    .for("no key update");
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
      and(liveCardsOf(scope), eq(paymentMethods.isDefault, true)),
    );
  if (!row) throw new DomainError("invalid", "no_payment_method", "Add a card or choose one to pay with.");
  return row;
}
