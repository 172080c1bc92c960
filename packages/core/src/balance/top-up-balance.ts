import type { CoreContext, PortalScope } from "../context.ts";
import { DomainError } from "../errors.ts";
import { money } from "../money.ts";
import { runMoneyMovement } from "../payments/attempts/run-attempt.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import type { TopUpResult } from "./book-top-up.ts";
import { lockCustomer } from "./ledger.ts";

export type { TopUpResult };

/** Smallest and largest top-up, in minor units of the currency. */
const TOP_UP_LIMITS = { min: 1, max: 1_000_000_00 };

/**
 * A customer adds funds to their account with a saved card (A7, R6): the card
 * is charged (a recorded gateway attempt, booked by bookTopUp), the balance
 * grows and a receipt is issued; a decline changes no balance.
 */
export async function topUpBalance(
  ctx: CoreContext,
  scope: PortalScope,
  input: { amount: number; currency: string; paymentMethodId?: string | undefined; idempotencyKey: string },
): Promise<TopUpResult> {
  const amount = money(input.amount, input.currency);
  if (amount.amount < TOP_UP_LIMITS.min || amount.amount > TOP_UP_LIMITS.max) {
    throw new DomainError("invalid", "invalid_amount", "Choose an amount to add between the shop's limits.");
  }
  return runMoneyMovement<TopUpResult>(ctx, scope, { purpose: "top_up", idempotencyKey: input.idempotencyKey }, async (tx) => {
    await lockCustomer(tx, scope.merchantId, scope.customerId);
    const now = ctx.clock.now();
    const method = await findChargeableMethod(tx, scope, input.paymentMethodId, now);
    return {
      attempt: { kind: "authorize", amount: amount.amount, currency: amount.currency, paymentMethodId: method.id, target: {}, source: "portal", actor: `customer:${scope.customerId}`, at: now },
    };
  });
}
