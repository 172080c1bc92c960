import { DomainError } from "../errors.ts";

/** An amount split at an instant: `used + unused === amount` exactly. */
export interface ProrationSplit {
  used: number;
  unused: number;
}

/** The money side of a mid-period plan or quantity change. */
export interface ChangePreview {
  /** Unused part of the current amount, to be credited (>= 0). */
  credit: number;
  /** Unused part of the new amount: what the rest of the period costs on the new price (>= 0). */
  charge: number;
  /** `charge - credit`: positive means the customer pays now, negative means account credit. */
  net: number;
}

/**
 * Splits `amount` paid for [periodStart, periodEnd) at `at` by elapsed milliseconds.
 * `unused` is rounded half up to a whole minor unit and `used = amount - unused`,
 * so no cent is lost or invented; both lie between 0 and `amount`. `at` is clamped into the period.
 */
export function prorate(input: { amount: number; periodStart: Date; periodEnd: Date; at: Date }): ProrationSplit {
  const { amount, periodStart, periodEnd, at } = input;
  assertAmount(amount, "amount");
  const periodMs = periodLength(periodStart, periodEnd);
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new DomainError("invalid", "invalid_date", "at must be a valid date.");
  }
  const elapsedMs = Math.min(Math.max(at.getTime() - periodStart.getTime(), 0), periodMs);
  // BigInt because amount x milliseconds overflows 2^53 for ordinary yearly plans.
  const unused = divideRoundHalfUp(BigInt(amount) * BigInt(periodMs - elapsedMs), BigInt(periodMs));
  return { used: amount - unused, unused };
}

/**
 * Credit for the unused current price, charge for the unused new price, and the
 * net. Both amounts are prorated with the same rounding, so an upgrade
 * (newAmount >= currentAmount) never nets negative and a downgrade never nets positive.
 */
export function changePreview(input: {
  currentAmount: number;
  newAmount: number;
  periodStart: Date;
  periodEnd: Date;
  at: Date;
}): ChangePreview {
  const { currentAmount, newAmount, periodStart, periodEnd, at } = input;
  assertNonNegative(currentAmount, "currentAmount");
  assertNonNegative(newAmount, "newAmount");
  const credit = prorate({ amount: currentAmount, periodStart, periodEnd, at }).unused;
  const charge = prorate({ amount: newAmount, periodStart, periodEnd, at }).unused;
  return { credit, charge, net: charge - credit };
}

function periodLength(start: Date, end: Date): number {
  const ms = end.getTime() - start.getTime();
  // NaN fails this check too, which catches invalid dates.
  if (!(ms > 0)) {
    throw new DomainError("invalid", "invalid_period", "A period must end after it starts.");
  }
  return ms;
}

// floor((2n + d) / 2d) = round half up of n/d; BigInt division truncates toward
// zero, so step down for negative quotients to get a true floor.
function divideRoundHalfUp(numerator: bigint, denominator: bigint): number {
  const n = 2n * numerator + denominator;
  const d = 2n * denominator;
  const quotient = n / d;
  return Number(n % d !== 0n && n < 0n ? quotient - 1n : quotient);
}

function assertAmount(amount: number, name: string): void {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError("invalid", "invalid_amount", `${name} must be an integer number of minor units, got ${amount}.`);
  }
}

function assertNonNegative(amount: number, name: string): void {
  assertAmount(amount, name);
  if (amount < 0) {
    throw new DomainError("invalid", "invalid_amount", `${name} must not be negative, got ${amount}.`);
  }
}
