const DAY = 86_400_000;

/** The last instant an automatic refund may be granted for a payment made at `paidAt` (R5). */
export function refundPeriodEnd(paidAt: Date, refundPeriodDays: number): Date {
  return new Date(paidAt.getTime() + refundPeriodDays * DAY);
}

/**
 * Whether an automatic refund is still allowed: only for a product with a refund
 * period, and only until that period has run out since the payment.
 */
export function automaticRefundAllowed(paidAt: Date, refundPeriodDays: number | null, now: Date): boolean {
  return refundPeriodDays !== null && now.getTime() <= refundPeriodEnd(paidAt, refundPeriodDays).getTime();
}
