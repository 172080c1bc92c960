import { afterAll, describe, expect, it } from "vitest";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { advanceTestClock, createTestClock } from "./test-clocks.ts";

describe("test clocks (A10)", async () => {
  const ctx = await createTestContext("2026-12-01T10:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);

  // Found from outside: a clock at 9999-12-31 was accepted, then starting a subscription on it answered 500.
  it("refuses a test clock set to a date billing cannot compute from (year 9999), with 422 test_clock_out_of_range", async () => {
    await expect(createTestClock(ctx, shop.merchantId, { name: "far", frozenAt: new Date("9999-12-31T23:59:59Z") })).rejects.toMatchObject({ code: "test_clock_out_of_range" });
    await expect(createTestClock(ctx, shop.merchantId, { name: "old", frozenAt: new Date("1900-01-01T00:00:00Z") })).rejects.toMatchObject({ code: "test_clock_out_of_range" });
    const clock = await createTestClock(ctx, shop.merchantId, { name: "late", frozenAt: new Date("2098-01-01T00:00:00Z") });
    await expect(advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2101-06-01T00:00:00Z") })).rejects.toMatchObject({ code: "test_clock_out_of_range" });
  });
});
