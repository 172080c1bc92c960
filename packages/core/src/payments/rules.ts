/** A payment is settled once the gateway's settlement time has passed (or it was recorded settled). */
export function isSettled(payment: { settledAt: Date | null; settlesAt: Date | null }, now: Date): boolean {
  if (payment.settledAt) return true;
  return payment.settlesAt !== null && payment.settlesAt.getTime() <= now.getTime();
}

/** What is left to refund of a payment. */
export function refundableAmount(payment: { amount: number; refundedAmount: number }): number {
  return payment.amount - payment.refundedAmount;
}

/**
 * Whether giving this payment back is a void rather than a refund (R3): a card
 * charge of its own (a charge that paid several invoices is voided only as a
 * whole), not settled yet and not refunded in part.
 */
export function refundWouldVoid(payment: { gatewayReference: string | null; settledAt: Date | null; settlesAt: Date | null; refundedAmount: number }, now: Date, sharedCharge: boolean): boolean {
  return payment.gatewayReference !== null && !sharedCharge && !isSettled(payment, now) && payment.refundedAmount === 0;
}
