/** The only source of "now" in core; injected so tests and test clocks can move time. */
export interface Clock {
  now(): Date;
}

/** Wall-clock time. */
export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that stands still until told to move; for tests and sandbox test clocks (A10). */
export class TestClock implements Clock {
  #now: number;

  constructor(start: Date | string = "2026-01-01T00:00:00.000Z") {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward; never backwards, as real time cannot. */
  advance(by: { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number }): Date {
    const ms =
      (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.seconds ?? 0) * 1000 + (by.ms ?? 0);
    if (ms < 0) throw new RangeError("A test clock only moves forward.");
    this.#now += ms;
    return this.now();
  }

  /** Jumps to a later instant. */
  set(to: Date | string): Date {
    const target = new Date(to).getTime();
    if (target < this.#now) throw new RangeError("A test clock only moves forward.");
    this.#now = target;
    return this.now();
  }
}
