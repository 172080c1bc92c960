import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changePreview, prorate } from "./proration.ts";

const periodStart = new Date("2026-04-01T00:00:00Z");
const periodEnd = new Date("2026-05-01T00:00:00Z"); // 30 days
const day = (n: number) => new Date(periodStart.getTime() + n * 86_400_000);

describe("prorate", () => {
  it("splits half a 30-day period of 3000 into 1500 used and 1500 unused", () => {
    expect(prorate({ amount: 3000, periodStart, periodEnd, at: day(15) })).toEqual({ used: 1500, unused: 1500 });
  });

  it("rounds the unused part half up and gives the rest to the used part", () => {
    // 1000 x 10/30 = 333.33 unused; 1001 x 15/30 = 500.5 -> 501 unused.
    expect(prorate({ amount: 1000, periodStart, periodEnd, at: day(20) })).toEqual({ used: 667, unused: 333 });
    expect(prorate({ amount: 1001, periodStart, periodEnd, at: day(15) })).toEqual({ used: 500, unused: 501 });
  });

  it("clamps an instant outside the period", () => {
    expect(prorate({ amount: 3000, periodStart, periodEnd, at: day(-3) })).toEqual({ used: 0, unused: 3000 });
    expect(prorate({ amount: 3000, periodStart, periodEnd, at: day(45) })).toEqual({ used: 3000, unused: 0 });
    expect(prorate({ amount: 3000, periodStart, periodEnd, at: periodEnd })).toEqual({ used: 3000, unused: 0 });
  });

  it("refuses empty or reversed periods and fractional amounts", () => {
    expect(() => prorate({ amount: 3000, periodStart, periodEnd: periodStart, at: periodStart })).toThrow(expect.objectContaining({ code: "invalid_period" }));
    expect(() => prorate({ amount: 3000, periodStart: periodEnd, periodEnd: periodStart, at: periodStart })).toThrow(expect.objectContaining({ code: "invalid_period" }));
    expect(() => prorate({ amount: 10.5, periodStart, periodEnd, at: day(1) })).toThrow(expect.objectContaining({ code: "invalid_amount" }));
    expect(() => prorate({ amount: 10, periodStart, periodEnd, at: new Date(Number.NaN) })).toThrow(expect.objectContaining({ code: "invalid_date" }));
  });

  it("stays exact for large amounts over long periods", () => {
    const yearEnd = new Date("2027-04-01T00:00:00Z");
    const split = prorate({ amount: Number.MAX_SAFE_INTEGER, periodStart, periodEnd: yearEnd, at: day(100) });
    expect(split.used + split.unused).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(split.unused)).toBe(true);
  });

  it("never loses or invents a minor unit, and both parts stay within [0, amount] (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000_000 }), periods(), fc.double({ min: -0.2, max: 1.2, noNaN: true }), (amount, [start, end], fraction) => {
        const at = new Date(start.getTime() + Math.round((end.getTime() - start.getTime()) * fraction));
        const { used, unused } = prorate({ amount, periodStart: start, periodEnd: end, at });
        expect(used + unused).toBe(amount);
        expect(Number.isSafeInteger(used) && Number.isSafeInteger(unused)).toBe(true);
        expect(used).toBeGreaterThanOrEqual(0);
        expect(unused).toBeGreaterThanOrEqual(0);
        expect(used).toBeLessThanOrEqual(amount);
        expect(unused).toBeLessThanOrEqual(amount);
      }),
    );
  });

  it("keeps a negative amount's parts between the amount and zero (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 0 }), periods(), fc.double({ min: 0, max: 1, noNaN: true }), (amount, [start, end], fraction) => {
        const at = new Date(start.getTime() + Math.round((end.getTime() - start.getTime()) * fraction));
        const { used, unused } = prorate({ amount, periodStart: start, periodEnd: end, at });
        expect(used + unused).toBe(amount);
        for (const part of [used, unused]) {
          expect(part).toBeGreaterThanOrEqual(amount);
          expect(part).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});

describe("changePreview", () => {
  it("credits the unused old price and charges the unused new price on an upgrade", () => {
    expect(changePreview({ currentAmount: 3000, newAmount: 6000, periodStart, periodEnd, at: day(10) })).toEqual({ credit: 2000, charge: 4000, net: 2000 });
  });

  it("nets negative on a downgrade, to become account credit", () => {
    expect(changePreview({ currentAmount: 6000, newAmount: 3000, periodStart, periodEnd, at: day(15) })).toEqual({ credit: 3000, charge: 1500, net: -1500 });
  });

  it("refuses negative prices", () => {
    expect(() => changePreview({ currentAmount: -1, newAmount: 3000, periodStart, periodEnd, at: day(15) })).toThrow(expect.objectContaining({ code: "invalid_amount" }));
  });

  it("nets charge - credit within the prices, non-negative on upgrade and non-positive on downgrade (property)", () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 10_000_000 }), periods(), fc.double({ min: -0.2, max: 1.2, noNaN: true }), (currentAmount, newAmount, [start, end], fraction) => {
        const at = new Date(start.getTime() + Math.round((end.getTime() - start.getTime()) * fraction));
        const { credit, charge, net } = changePreview({ currentAmount, newAmount, periodStart: start, periodEnd: end, at });
        expect(net).toBe(charge - credit);
        expect(credit).toBeGreaterThanOrEqual(0);
        expect(charge).toBeGreaterThanOrEqual(0);
        expect(credit).toBeLessThanOrEqual(currentAmount);
        expect(charge).toBeLessThanOrEqual(newAmount);
        if (newAmount >= currentAmount) expect(net).toBeGreaterThanOrEqual(0);
        if (newAmount <= currentAmount) expect(net).toBeLessThanOrEqual(0);
      }),
    );
  });
});

/** Periods from one millisecond to about two years long. */
function periods() {
  return fc
    .tuple(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }), fc.integer({ min: 1, max: 2 * 366 * 86_400_000 }))
    .map(([start, length]): [Date, Date] => [start, new Date(start.getTime() + length)]);
}
