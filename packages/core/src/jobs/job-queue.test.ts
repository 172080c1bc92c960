import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { JOBS, startJobQueue } from "./job-queue.ts";

describe("jobs on pg-boss", async () => {
  const ctx = await createTestContext();
  const queue = await startJobQueue(ctx.handle, ctx, { schedule: false });
  afterAll(async () => {
    await queue.stop();
    await ctx.handle.close();
  });

  it("delivers queued email through the outbox-dispatch job on the same database", async () => {
    const shop = await createMerchantWithCustomer(ctx);
    await queue.trigger(JOBS.outboxDispatch.name);
    await expect
      .poll(async () => (await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, shop.customerId)))[0]?.status, { timeout: 20_000, interval: 250 })
      .toBe("sent");
  }, 30_000);
});
