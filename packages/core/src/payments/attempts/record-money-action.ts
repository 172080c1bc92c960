import { recordAction } from "../../audit/record-action.ts";
import type { CoreContext, PortalScope } from "../../context.ts";
import type { Transaction } from "../../db/open.ts";
import type { GatewayAttempt } from "./run-attempt.ts";

/** The action a money movement's outcome records (M6), by purpose; the purposes not here record in their own operation. */
const ACTIONS: Partial<Record<GatewayAttempt["purpose"], { ok: string; failed: string }>> = {
  invoice_payment: { ok: "invoice.paid", failed: "invoice.payment_declined" },
  top_up: { ok: "balance.topped_up", failed: "balance.top_up_declined" },
  refund: { ok: "payment.refunded", failed: "payment.refund_failed" },
  void: { ok: "payment.voided", failed: "payment.void_failed" },
};

/** Whether the money movement's own booking records the action (else the operation does, inside its prepare). */
export function recordsOwnOutcome(purpose: GatewayAttempt["purpose"]): boolean {
  return purpose in ACTIONS;
}

/**
 * Records a money movement once, in the transaction that books its outcome: the
 * gateway's answer (`approved`, `declined`...) or, settled without the gateway
 * (account credit), `approved`.
 */
export async function recordMoneyAction(
  tx: Transaction,
  ctx: Pick<CoreContext, "clock">,
  scope: PortalScope,
  attempt: Pick<GatewayAttempt, "kind" | "purpose" | "amount" | "currency" | "paymentId" | "target">,
  status: string,
  result: Record<string, unknown>,
): Promise<void> {
  const names = ACTIONS[attempt.purpose];
  if (!names) return;
  const ok = status === "approved" || status === "pending" || status === "voided";
  // A pre-authorisation checkout pays its invoice with a hold: nothing is paid yet, and its
  // booking (bookHold) records `payment.authorized` itself. Only a declined hold is an invoice charge's outcome.
  if (attempt.kind === "preauthorize" && ok) return;
  const target = attempt.target as { invoice_ids?: string[]; refund_id?: string; payment_ids?: string[] };
  const subjectId = attempt.paymentId ?? target.invoice_ids?.[0] ?? (result["invoice_id"] as string | undefined) ?? (result["payment_id"] as string | undefined) ?? null;
  await recordAction(tx, ctx, {
    merchantId: scope.merchantId,
    customerId: scope.customerId,
    action: ok ? names.ok : names.failed,
    subjectId,
    details: {
      status,
      amount: attempt.amount,
      currency: attempt.currency,
      ...(target.invoice_ids ? { invoice_ids: target.invoice_ids } : {}),
      ...(target.refund_id ? { refund_id: target.refund_id } : {}),
      ...(typeof result["payment_id"] === "string" ? { payment_id: result["payment_id"] } : {}),
      ...(typeof result["balance_applied"] === "number" ? { balance_applied: result["balance_applied"] } : {}),
      ...(typeof result["decline_code"] === "string" ? { decline_code: result["decline_code"] } : {}),
      summary: `${(attempt.amount / 100).toFixed(2)} ${attempt.currency}`,
    },
  });
}
