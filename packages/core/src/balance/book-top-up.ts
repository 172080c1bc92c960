import type { Transaction } from "../db/open.ts";
import { transactions } from "../db/schema/index.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { newId } from "../ids.ts";
import { grantForIncomingPayment } from "../incidents/earned-grants.ts";
import type { GatewayOutcome } from "../payments/attempts/finish-attempt.ts";
import type { GatewayAttempt } from "../payments/attempts/run-attempt.ts";
import { addBalanceEntry } from "./ledger.ts";

export interface TopUpResult {
  [key: string]: unknown;
  payment_id: string;
  status: "approved" | "pending" | "declined";
  decline_code: string | null;
  receipt_id: string | null;
}

/**
 * Books a card top-up (A7): the payment row always; approved, the balance grows,
 * earned incidents are granted (H5) and a receipt issued. A decline or a charge
 * still pending at the bank changes no balance.
 */
export async function bookTopUp(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome): Promise<TopUpResult> {
  const status = outcome.status === "approved" || outcome.status === "pending" ? outcome.status : "declined";
  const declineCode = outcome.status === "declined" ? outcome.declineCode : status === "declined" ? "card_declined" : null;
  const id = newId("txn");
  const scope = { merchantId: attempt.merchantId, customerId: attempt.customerId };
  const at = attempt.createdAt;
  await tx.insert(transactions).values({
    id,
    ...scope,
    kind: "payment",
    status,
    amount: attempt.amount,
    currency: attempt.currency,
    funding: "card",
    paymentMethodId: attempt.paymentMethodId,
    gatewayReference: outcome.reference,
    declineCode,
    settlesAt: outcome.status === "approved" && outcome.settlesAt ? new Date(outcome.settlesAt) : null,
    source: attempt.source,
    actor: attempt.actor,
    createdAt: at,
  });
  if (status !== "approved") return { payment_id: id, status, decline_code: declineCode, receipt_id: null };
  const amount = { amount: attempt.amount, currency: attempt.currency };
  await addBalanceEntry(tx, { ...scope, kind: "top_up", amount, reference: id, at });
  await grantForIncomingPayment(tx, { id, ...scope, amount: amount.amount, currency: amount.currency, topUp: true }, at);
  const receipt = await issueDocument(tx, {
    ...scope,
    kind: "receipt",
    transactionId: id,
    currency: amount.currency,
    lines: [{ kind: "item", description: "Funds added to your account", quantity: 1, unitAmount: amount.amount, amount: amount.amount }],
    issuedAt: at,
    paidAt: at,
  });
  return { payment_id: id, status: "approved", decline_code: null, receipt_id: receipt.id };
}
