import { afterAll, describe, expect, it } from "vitest";
import { addCard } from "../payment-methods/add-card.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createSubscription } from "./create-subscription.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock, listTestClocks } from "./test-clocks.ts";

describe("test clocks say what the billing run did (A10)", async () => {
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);

  it("lists the shop's clocks with their customers, and an advance returns the renewal and its charge", async () => {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "Renewals", frozenAt: new Date("2026-06-15T12:00:00.000Z") });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: shop.customerId });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: shop.customerId }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const product = await createProduct(ctx, shop.merchantId, { name: "Coffee club" });
    const price = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Monthly", amount: 1500, currency: "EUR", interval: "month" });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: shop.customerId, pricePointId: price.id });

    const page = await listTestClocks(ctx, shop.merchantId, { limit: 20 });
    expect(page.data.map((c) => [c.id, c.customers])).toEqual([[clock.id, 1]]);

    const advanced = await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2026-07-16T12:00:00.000Z") });
    expect(advanced.frozen_at).toBe("2026-07-16T12:00:00.000Z");
    expect(advanced.outcomes.map((o) => o.action)).toEqual(["subscription.renewed", "invoice.paid"]);
    expect(advanced.outcomes[1]).toMatchObject({ subscription_id: sub.id, customer_id: shop.customerId, amount: 1500, currency: "EUR" });
  });

  it("refuses to list clocks of a live merchant with test_clocks_sandbox_only", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Live Roasters", mode: "live" });
    await expect(listTestClocks(ctx, merchantId, { limit: 20 })).rejects.toMatchObject({ code: "test_clocks_sandbox_only" });
  });
});
