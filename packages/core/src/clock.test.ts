import { describe, expect, it } from "vitest";
import { TestClock } from "./clock.ts";

describe("TestClock", () => {
  it("stands still until advanced, then moves by exactly the amount asked", () => {
    const clock = new TestClock("2026-01-31T00:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-01-31T00:00:00.000Z");
    clock.advance({ days: 1, hours: 2 });
    expect(clock.now().toISOString()).toBe("2026-02-01T02:00:00.000Z");
    expect(() => clock.set("2026-01-01T00:00:00Z")).toThrow(RangeError);
  });
});
