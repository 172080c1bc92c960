import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertCoupon, couponAppliesToCycle, discountFor, type Coupon } from "./discounts.ts";

const tenPercent: Coupon = { kind: "percent", percentOff: 1000, duration: "forever" };
const fiveOff: Coupon = { kind: "amount", amountOff: 500, duration: "once" };

describe("couponAppliesToCycle", () => {
  it("applies a once coupon to the first discounted cycle only", () => {
    expect(couponAppliesToCycle(fiveOff, 0)).toBe(true);
    expect(couponAppliesToCycle(fiveOff, 1)).toBe(false);
  });

  it("applies a repeating coupon for durationCycles cycles", () => {
    const threeCycles: Coupon = { ...tenPercent, duration: "repeating", durationCycles: 3 };
    expect([0, 1, 2, 3, 4].map((n) => couponAppliesToCycle(threeCycles, n))).toEqual([true, true, true, false, false]);
  });

  it("applies a forever coupon always", () => {
    expect(couponAppliesToCycle(tenPercent, 0)).toBe(true);
    expect(couponAppliesToCycle(tenPercent, 10_000)).toBe(true);
  });

  it("refuses a negative or fractional count of discounted cycles", () => {
    expect(() => couponAppliesToCycle(tenPercent, -1)).toThrow(expect.objectContaining({ code: "invalid_cycle" }));
    expect(() => couponAppliesToCycle(tenPercent, 0.5)).toThrow(expect.objectContaining({ code: "invalid_cycle" }));
  });
});

describe("discountFor", () => {
  it("takes a percentage in basis points, rounding half up", () => {
    expect(discountFor(10_000, tenPercent)).toBe(1000);
    expect(discountFor(1005, tenPercent)).toBe(101); // 100.5 -> 101
    expect(discountFor(1004, tenPercent)).toBe(100); // 100.4 -> 100
    expect(discountFor(999, { ...tenPercent, percentOff: 1250 })).toBe(125); // 124.875 -> 125
    expect(discountFor(999, { ...tenPercent, percentOff: 10_000 })).toBe(999);
    expect(discountFor(0, tenPercent)).toBe(0);
  });

  it("caps an amount-off coupon at the subtotal", () => {
    expect(discountFor(2000, fiveOff)).toBe(500);
    expect(discountFor(300, fiveOff)).toBe(300);
  });

  it("refuses a negative or fractional subtotal", () => {
    expect(() => discountFor(-1, tenPercent)).toThrow(expect.objectContaining({ code: "invalid_amount" }));
    expect(() => discountFor(10.5, tenPercent)).toThrow(expect.objectContaining({ code: "invalid_amount" }));
  });

  it.each<[string, Coupon]>([
    ["percent of 0", { kind: "percent", percentOff: 0, duration: "once" }],
    ["percent over 100%", { kind: "percent", percentOff: 10_001, duration: "once" }],
    ["fractional basis points", { kind: "percent", percentOff: 12.5, duration: "once" }],
    ["percent without percentOff", { kind: "percent", duration: "once" }],
    ["percent with amountOff too", { kind: "percent", percentOff: 1000, amountOff: 100, duration: "once" }],
    ["amount of 0", { kind: "amount", amountOff: 0, duration: "once" }],
    ["fractional amount", { kind: "amount", amountOff: 9.99, duration: "once" }],
    ["amount with percentOff too", { kind: "amount", amountOff: 100, percentOff: 1000, duration: "once" }],
    ["repeating without cycles", { kind: "amount", amountOff: 100, duration: "repeating" }],
    ["repeating for 0 cycles", { kind: "amount", amountOff: 100, duration: "repeating", durationCycles: 0 }],
    ["once with cycles", { kind: "amount", amountOff: 100, duration: "once", durationCycles: 3 }],
    ["unknown kind", { kind: "free" as "amount", amountOff: 100, duration: "once" }],
    ["unknown duration", { kind: "amount", amountOff: 100, duration: "weekly" as "once" }],
  ])("refuses a coupon with %s", (_name, coupon) => {
    expect(() => assertCoupon(coupon)).toThrow(expect.objectContaining({ type: "invalid", code: "invalid_coupon" }));
    expect(() => discountFor(1000, coupon)).toThrow(expect.objectContaining({ code: "invalid_coupon" }));
    expect(() => couponAppliesToCycle(coupon, 0)).toThrow(expect.objectContaining({ code: "invalid_coupon" }));
  });

  it("is a whole number between 0 and the subtotal, exact for large subtotals (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), coupons(), (subtotal, coupon) => {
        const discount = discountFor(subtotal, coupon);
        expect(Number.isSafeInteger(discount)).toBe(true);
        expect(discount).toBeGreaterThanOrEqual(0);
        expect(discount).toBeLessThanOrEqual(subtotal);
        if (coupon.kind === "percent") {
          const exact = (BigInt(subtotal) * BigInt(coupon.percentOff!) + 5000n) / 10_000n;
          expect(BigInt(discount)).toBe(exact);
        }
      }),
    );
  });
});

/** Valid coupons of every kind and duration. */
function coupons(): fc.Arbitrary<Coupon> {
  const duration = fc.oneof(
    fc.constant({ duration: "once" as const }),
    fc.constant({ duration: "forever" as const }),
    fc.integer({ min: 1, max: 24 }).map((durationCycles) => ({ duration: "repeating" as const, durationCycles })),
  );
  const value = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((percentOff) => ({ kind: "percent" as const, percentOff })),
    fc.integer({ min: 1, max: 1_000_000 }).map((amountOff) => ({ kind: "amount" as const, amountOff })),
  );
  return fc.tuple(value, duration).map(([v, d]): Coupon => ({ ...v, ...d }));
}
