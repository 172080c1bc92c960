import { and, eq } from "drizzle-orm";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { afterAll, describe, expect, it } from "vitest";
import { documents, outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { JOBS, startJobQueue } from "./job-queue.ts";

describe("jobs on pg-boss", async () => {
  const ctx = await createTestContext();
  const delivered: string[] = [];
  const queue = await startJobQueue(ctx.handle, ctx, { schedule: false, delivery: { mailer: { send: async (email) => void delivered.push(email.to) } } });
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
    expect(delivered).toContain("customer@example.com");
  }, 30_000);

  it("renews due subscriptions through the billing-run job (S9)", async () => {
    const shop = await createMerchantWithCustomer(ctx);
    const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
    await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const product = await createProduct(ctx, shop.merchantId, { name: "Weekly beans" });
    const weekly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Weekly", amount: 900, currency: "EUR", interval: "week" });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: shop.customerId, pricePointId: weekly.id });
    ctx.clock.advance({ days: 8 });
    await queue.trigger(JOBS.billingRun.name);
    await expect
      .poll(async () => (await ctx.db.select().from(documents).where(and(eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice")))).length, { timeout: 20_000, interval: 250 })
      .toBe(2);
  }, 30_000);
});
