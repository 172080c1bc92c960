import type { CoreContext, PortalScope } from "../context.ts";
import { documents, transactions } from "../db/schema/index.ts";
import { takeDocumentNumber } from "../documents/numbering.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { grantForIncomingPayment } from "../incidents/earned-grants.ts";
import { money } from "../money.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { addBalanceEntry, lockCustomer } from "./ledger.ts";

/** Smallest and largest top-up, in minor units of the currency. */
const TOP_UP_LIMITS = { min: 1, max: 1_000_000_00 };

export interface TopUpResult {
  payment_id: string;
  status: "approved" | "declined";
  decline_code: string | null;
  receipt_id: string | null;
}

/**
 * A customer adds funds to their account with a saved card (A7, R6): the card
 * is charged, the balance grows and a receipt is issued; a decline changes no balance.
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
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, scope.merchantId, scope.customerId);
    const now = ctx.clock.now();
    const method = await findChargeableMethod(tx, scope, input.paymentMethodId, now);
    const result = await ctx.gateway.authorize({ token: method.gatewayToken, amount, at: now, idempotencyKey: input.idempotencyKey });
    const id = newId("txn");
    await tx.insert(transactions).values({
      id,
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      kind: "payment",
      status: result.status,
      amount: amount.amount,
      currency: amount.currency,
      funding: "card",
      paymentMethodId: method.id,
      gatewayReference: result.reference,
      declineCode: result.status === "declined" ? result.declineCode : null,
      settlesAt: result.status === "approved" ? result.settlesAt : null,
      source: "portal",
      actor: `customer:${scope.customerId}`,
      createdAt: now,
    });
    if (result.status === "declined") return { payment_id: id, status: "declined", decline_code: result.declineCode, receipt_id: null };
    await addBalanceEntry(tx, { merchantId: scope.merchantId, customerId: scope.customerId, kind: "top_up", amount, reference: id, at: now });
    await grantForIncomingPayment(tx, { id, ...scope, amount: amount.amount, currency: amount.currency, topUp: true }, now);
    const receiptId = newId("doc");
    await tx.insert(documents).values({
      id: receiptId,
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      kind: "receipt",
      number: await takeDocumentNumber(tx, scope.merchantId, "receipt"),
      status: "issued",
      transactionId: id,
      currency: amount.currency,
      subtotalAmount: amount.amount,
      taxAmount: 0,
      totalAmount: amount.amount,
      lines: [{ kind: "item", description: "Funds added to your account", quantity: 1, unitAmount: amount.amount, amount: amount.amount }],
      issuedAt: now,
      paidAt: now,
    });
    return { payment_id: id, status: "approved", decline_code: null, receipt_id: receiptId };
  });
}
