import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addIntervals, billingDate, periodAt, type Interval } from "./periods.ts";

const utc = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe("addIntervals", () => {
  it("keeps a month-end anchor across short months, measured from the anchor", () => {
    const anchor = utc("2026-01-31T09:30:00.000Z");
    const dates = [0, 1, 2, 3, 4, 12, 13].map((n) => iso(addIntervals(anchor, "month", n)));
    expect(dates).toEqual([
      "2026-01-31T09:30:00.000Z",
      "2026-02-28T09:30:00.000Z",
      "2026-03-31T09:30:00.000Z",
      "2026-04-30T09:30:00.000Z",
      "2026-05-31T09:30:00.000Z",
      "2027-01-31T09:30:00.000Z",
      "2027-02-28T09:30:00.000Z",
    ]);
  });

  it("lands on Feb 29 in a leap year", () => {
    expect(iso(addIntervals(utc("2028-01-31T00:00:00Z"), "month", 1))).toBe("2028-02-29T00:00:00.000Z");
  });

  it("clamps a Feb 29 yearly anchor to Feb 28 and returns to Feb 29 in the next leap year", () => {
    const anchor = utc("2028-02-29T23:59:59.999Z");
    expect(iso(addIntervals(anchor, "year", 1))).toBe("2029-02-28T23:59:59.999Z");
    expect(iso(addIntervals(anchor, "year", 3))).toBe("2031-02-28T23:59:59.999Z");
    expect(iso(addIntervals(anchor, "year", 4))).toBe("2032-02-29T23:59:59.999Z");
  });

  it("adds whole days and weeks, also across month and year ends", () => {
    const anchor = utc("2026-12-30T12:00:00Z");
    expect(iso(addIntervals(anchor, "day", 3))).toBe("2027-01-02T12:00:00.000Z");
    expect(iso(addIntervals(anchor, "week", 1))).toBe("2027-01-06T12:00:00.000Z");
    expect(iso(addIntervals(anchor, "week", 10))).toBe("2027-03-10T12:00:00.000Z");
    expect(iso(addIntervals(anchor, "day", 0))).toBe(iso(anchor));
  });

  it("refuses fractional counts, unknown intervals and invalid dates", () => {
    const anchor = utc("2026-01-01T00:00:00Z");
    expect(() => addIntervals(anchor, "month", 1.5)).toThrow(expect.objectContaining({ code: "invalid_interval_count" }));
    expect(() => addIntervals(anchor, "fortnight" as Interval, 1)).toThrow(expect.objectContaining({ code: "invalid_interval" }));
    expect(() => addIntervals(new Date(Number.NaN), "day", 1)).toThrow(expect.objectContaining({ code: "invalid_date" }));
  });

  it("always keeps the time of day and clamps the day to the target month's length (property)", () => {
    fc.assert(
      fc.property(anchors(), fc.integer({ min: 0, max: 1200 }), (anchor, months) => {
        const result = addIntervals(anchor, "month", months);
        const targetMonth = anchor.getUTCMonth() + months;
        const daysInTarget = new Date(Date.UTC(anchor.getUTCFullYear(), targetMonth + 1, 0)).getUTCDate();
        expect(result.getUTCFullYear() * 12 + result.getUTCMonth()).toBe(anchor.getUTCFullYear() * 12 + targetMonth);
        expect(result.getUTCDate()).toBe(Math.min(anchor.getUTCDate(), daysInTarget));
        expect(result.getTime() % 86_400_000).toBe(anchor.getTime() % 86_400_000);
      }),
    );
  });
});

describe("billingDate", () => {
  it("is the anchor plus intervalCount x cycle intervals", () => {
    const anchor = utc("2026-01-31T00:00:00Z");
    expect(iso(billingDate(anchor, "month", 3, 0))).toBe("2026-01-31T00:00:00.000Z");
    expect(iso(billingDate(anchor, "month", 3, 1))).toBe("2026-04-30T00:00:00.000Z");
    expect(iso(billingDate(anchor, "month", 3, 2))).toBe("2026-07-31T00:00:00.000Z");
    expect(iso(billingDate(anchor, "week", 2, 3))).toBe("2026-03-14T00:00:00.000Z");
  });

  it("refuses an interval count below one and negative cycles", () => {
    const anchor = utc("2026-01-31T00:00:00Z");
    expect(() => billingDate(anchor, "month", 0, 1)).toThrow(expect.objectContaining({ code: "invalid_interval_count" }));
    expect(() => billingDate(anchor, "month", 1, -1)).toThrow(expect.objectContaining({ code: "invalid_cycle" }));
  });
});

describe("periodAt", () => {
  const anchor = utc("2026-01-31T10:00:00Z");

  it("puts a boundary instant in the period it starts", () => {
    const atBoundary = periodAt(anchor, "month", 1, utc("2026-02-28T10:00:00Z"));
    expect(atBoundary.cycle).toBe(1);
    expect(iso(atBoundary.start)).toBe("2026-02-28T10:00:00.000Z");
    expect(iso(atBoundary.end)).toBe("2026-03-31T10:00:00.000Z");

    const justBefore = periodAt(anchor, "month", 1, utc("2026-02-28T09:59:59.999Z"));
    expect(justBefore.cycle).toBe(0);
    expect(iso(justBefore.start)).toBe(iso(anchor));
    expect(iso(justBefore.end)).toBe("2026-02-28T10:00:00.000Z");

    expect(periodAt(anchor, "month", 1, anchor).cycle).toBe(0);
  });

  it("finds the period when the month's clamped day comes before the anchor day", () => {
    // Mar 30 is after the Feb 28 billing date but before the Mar 31 one.
    const period = periodAt(anchor, "month", 1, utc("2026-03-30T12:00:00Z"));
    expect(period.cycle).toBe(1);
    expect(iso(period.start)).toBe("2026-02-28T10:00:00.000Z");
    expect(iso(period.end)).toBe("2026-03-31T10:00:00.000Z");
  });

  it("handles yearly periods from a leap-day anchor", () => {
    const leap = utc("2028-02-29T00:00:00Z");
    const period = periodAt(leap, "year", 1, utc("2029-02-28T00:00:00Z"));
    expect(period.cycle).toBe(1);
    expect(iso(period.end)).toBe("2030-02-28T00:00:00.000Z");
    expect(periodAt(leap, "year", 1, utc("2029-02-27T23:59:59Z")).cycle).toBe(0);
    expect(iso(periodAt(leap, "year", 2, utc("2032-03-01T00:00:00Z")).start)).toBe("2032-02-29T00:00:00.000Z");
  });

  it("answers deep into the future without walking every cycle", () => {
    const daily = utc("2026-01-01T06:00:00Z");
    const period = periodAt(daily, "day", 1, utc("2076-01-01T05:59:59.999Z"));
    expect(period.cycle).toBe(18_262 - 1);
    expect(iso(period.start)).toBe("2075-12-31T06:00:00.000Z");
    expect(iso(period.end)).toBe("2076-01-01T06:00:00.000Z");

    const monthly = periodAt(anchor, "month", 1, utc("2526-02-28T10:00:00Z"));
    expect(monthly.cycle).toBe(500 * 12 + 1);
    expect(iso(monthly.start)).toBe("2526-02-28T10:00:00.000Z");
  });

  it("refuses an instant before the anchor", () => {
    expect(() => periodAt(anchor, "month", 1, utc("2026-01-31T09:59:59Z"))).toThrow(expect.objectContaining({ code: "before_anchor" }));
  });

  it("contains `at`, and starts and ends on consecutive billing dates (property)", () => {
    fc.assert(
      fc.property(anchors(), intervals(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 50 * 366 * 86_400_000 }), (anchor, interval, count, offset) => {
        const at = new Date(anchor.getTime() + offset);
        const period = periodAt(anchor, interval, count, at);
        expect(period.start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(at.getTime()).toBeLessThan(period.end.getTime());
        expect(period.start).toEqual(billingDate(anchor, interval, count, period.cycle));
        expect(period.end).toEqual(billingDate(anchor, interval, count, period.cycle + 1));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with walking the cycles one by one (property)", () => {
    fc.assert(
      fc.property(anchors(), intervals(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 * 366 * 86_400_000 }), (anchor, interval, count, offset) => {
        const at = new Date(anchor.getTime() + offset);
        let cycle = 0;
        while (billingDate(anchor, interval, count, cycle + 1).getTime() <= at.getTime()) cycle += 1;
        expect(periodAt(anchor, interval, count, at).cycle).toBe(cycle);
      }),
    );
  });
});

function anchors() {
  return fc.date({ min: utc("1990-01-01T00:00:00Z"), max: utc("2100-12-31T23:59:59.999Z"), noInvalidDate: true });
}

function intervals() {
  return fc.constantFrom<Interval>("day", "week", "month", "year");
}
