import { DomainError } from "../errors.ts";

/** The calendar unit a subscription bills by. */
export type Interval = "day" | "week" | "month" | "year";

/** One billing period: cycle 0 starts at the anchor; `end` is exclusive and is the next cycle's `start`. */
export interface BillingPeriod {
  cycle: number;
  start: Date;
  end: Date;
}

const INTERVALS: readonly string[] = ["day", "week", "month", "year"];
const DAY_MS = 86_400_000;

/**
 * The instant `count` intervals after `anchor`, keeping the time of day.
 * Always measured from the anchor, never chained from the previous date, so a
 * month-end anchor survives short months: Jan 31 -> Feb 28 (29) -> Mar 31 -> Apr 30.
 */
export function addIntervals(anchor: Date, interval: Interval, count: number): Date {
  assertDate(anchor, "anchor");
  assertInterval(interval);
  if (!Number.isSafeInteger(count)) {
    throw new DomainError("invalid", "invalid_interval_count", `Interval count must be a whole number, got ${count}.`);
  }
  // UTC has no daylight saving, so a day is always exactly 24 hours.
  const result =
    interval === "day" ? new Date(anchor.getTime() + count * DAY_MS)
    : interval === "week" ? new Date(anchor.getTime() + count * 7 * DAY_MS)
    : interval === "month" ? addMonths(anchor, count)
    : addMonths(anchor, count * 12);
  if (Number.isNaN(result.getTime())) {
    throw new DomainError("invalid", "invalid_period", `${count} ${interval}(s) after ${anchor.toISOString()} is out of range.`);
  }
  return result;
}

/** The start of billing cycle `cycle` (0 = the anchor itself) for a plan billed every `intervalCount` `interval`s. */
export function billingDate(anchor: Date, interval: Interval, intervalCount: number, cycle: number): Date {
  assertIntervalCount(intervalCount);
  if (!Number.isSafeInteger(cycle) || cycle < 0) {
    throw new DomainError("invalid", "invalid_cycle", `Cycle must be a non-negative whole number, got ${cycle}.`);
  }
  return addIntervals(anchor, interval, intervalCount * cycle);
}

/**
 * The billing period containing `at` (which must not be before the anchor).
 * A boundary instant belongs to the period it starts, since `end` is exclusive.
 */
export function periodAt(anchor: Date, interval: Interval, intervalCount: number, at: Date): BillingPeriod {
  assertDate(anchor, "anchor");
  assertDate(at, "at");
  assertInterval(interval);
  assertIntervalCount(intervalCount);
  if (at.getTime() < anchor.getTime()) {
    throw new DomainError("invalid", "before_anchor", `${at.toISOString()} is before the billing anchor ${anchor.toISOString()}.`, {
      anchor: anchor.toISOString(),
      at: at.toISOString(),
    });
  }
  const dateOf = (cycle: number) => billingDate(anchor, interval, intervalCount, cycle);
  // The estimate is within one of the answer (float division, or an earlier
  // day/time in the same month), so these loops run at most a step or two
  // instead of walking thousands of cycles from the anchor.
  let cycle = estimateCycle(anchor, interval, intervalCount, at);
  while (cycle > 0 && dateOf(cycle).getTime() > at.getTime()) cycle -= 1;
  let end = dateOf(cycle + 1);
  while (end.getTime() <= at.getTime()) {
    cycle += 1;
    end = dateOf(cycle + 1);
  }
  return { cycle, start: dateOf(cycle), end };
}

function estimateCycle(anchor: Date, interval: Interval, intervalCount: number, at: Date): number {
  const elapsedMs = at.getTime() - anchor.getTime();
  const months =
    (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  const estimate =
    interval === "day" ? elapsedMs / (DAY_MS * intervalCount)
    : interval === "week" ? elapsedMs / (7 * DAY_MS * intervalCount)
    : interval === "month" ? months / intervalCount
    : Math.floor(months / 12) / intervalCount;
  return Math.max(0, Math.floor(estimate));
}

// Clamps the day to the target month's length; setUTCFullYear keeps the time of
// day and avoids Date.UTC's mapping of years 0-99 to 1900-1999.
function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const result = new Date(date.getTime());
  result.setUTCFullYear(year, month + 1, 0); // day 0 of the next month = last day of the target month
  const lastDay = result.getUTCDate();
  result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return result;
}

function assertDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new DomainError("invalid", "invalid_date", `${name} must be a valid date.`);
  }
}

function assertInterval(interval: string): void {
  if (!INTERVALS.includes(interval)) {
    throw new DomainError("invalid", "invalid_interval", `Interval must be day, week, month or year, got "${interval}".`);
  }
}

function assertIntervalCount(intervalCount: number): void {
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new DomainError("invalid", "invalid_interval_count", `Interval count must be a whole number of at least 1, got ${intervalCount}.`);
  }
}
