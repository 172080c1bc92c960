/** A payment is settled once the gateway's settlement time has passed (or it was recorded settled). */
export function isSettled(payment: { settledAt: Date | null; settlesAt: Date | null }, now: Date): boolean {
  if (payment.settledAt) return true;
  return payment.settlesAt !== null && payment.settlesAt.getTime() <= now.getTime();
}

/** What is left to refund of a payment. */
export function refundableAmount(payment: { amount: number; refundedAmount: number }): number {
  return payment.amount - payment.refundedAmount;
}
