import { DomainError } from "../errors.ts";

/**
 * A coupon as the billing rules see it. `percentOff` is in basis points
 * (1..10000, 1250 = 12.5%) and is set only for "percent"; `amountOff` (minor
 * units, >= 1) only for "amount"; `durationCycles` (>= 1) only for "repeating".
 */
export interface Coupon {
  kind: "percent" | "amount";
  percentOff?: number;
  amountOff?: number;
  duration: "once" | "repeating" | "forever";
  durationCycles?: number;
}

/** Throws `invalid_coupon` unless the coupon's kind, value and duration fields agree. */
export function assertCoupon(coupon: Coupon): void {
  const fail = (message: string): never => {
    throw new DomainError("invalid", "invalid_coupon", message);
  };
  if (coupon.kind === "percent") {
    if (!isWhole(coupon.percentOff) || coupon.percentOff < 1 || coupon.percentOff > 10_000) {
      fail(`A percent coupon needs percentOff between 1 and 10000 basis points, got ${coupon.percentOff}.`);
    }
    if (coupon.amountOff != null) fail("A percent coupon must not set amountOff.");
  } else if (coupon.kind === "amount") {
    if (!isWhole(coupon.amountOff) || coupon.amountOff < 1) {
      fail(`An amount coupon needs a whole, positive amountOff in minor units, got ${coupon.amountOff}.`);
    }
    if (coupon.percentOff != null) fail("An amount coupon must not set percentOff.");
  } else {
    fail(`Unknown coupon kind "${String(coupon.kind)}".`);
  }
  if (coupon.duration === "repeating") {
    if (!isWhole(coupon.durationCycles) || coupon.durationCycles < 1) {
      fail(`A repeating coupon needs durationCycles of at least 1, got ${coupon.durationCycles}.`);
    }
  } else if (coupon.duration === "once" || coupon.duration === "forever") {
    // Rejected rather than ignored: a cycle count on a non-repeating coupon is
    // almost always a mistyped duration, and ignoring it would over-discount.
    if (coupon.durationCycles != null) fail(`A "${coupon.duration}" coupon must not set durationCycles.`);
  } else {
    fail(`Unknown coupon duration "${String(coupon.duration)}".`);
  }
}

/** Whether the coupon still discounts a cycle, given how many cycles it has already discounted. */
export function couponAppliesToCycle(coupon: Coupon, cyclesAlreadyDiscounted: number): boolean {
  assertCoupon(coupon);
  if (!isWhole(cyclesAlreadyDiscounted) || cyclesAlreadyDiscounted < 0) {
    throw new DomainError("invalid", "invalid_cycle", `Cycles already discounted must be a non-negative whole number, got ${cyclesAlreadyDiscounted}.`);
  }
  if (coupon.duration === "once") return cyclesAlreadyDiscounted === 0;
  if (coupon.duration === "repeating") return cyclesAlreadyDiscounted < (coupon.durationCycles ?? 0);
  return true;
}

/**
 * The discount a coupon gives on `subtotal` (>= 0): a whole number of minor
 * units in [0, subtotal]. Percent rounds half up: floor((subtotal * bps + 5000) / 10000).
 */
export function discountFor(subtotal: number, coupon: Coupon): number {
  assertCoupon(coupon);
  if (!isWhole(subtotal) || subtotal < 0) {
    throw new DomainError("invalid", "invalid_amount", `A discount base must be a non-negative integer number of minor units, got ${subtotal}.`);
  }
  if (coupon.kind === "amount") return Math.min(coupon.amountOff ?? 0, subtotal);
  // BigInt because subtotal x basis points can pass 2^53; both are non-negative so / is floor.
  return Number((BigInt(subtotal) * BigInt(coupon.percentOff ?? 0) + 5000n) / 10_000n);
}

function isWhole(value: number | undefined): value is number {
  return Number.isSafeInteger(value);
}
