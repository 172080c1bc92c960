import { afterAll, describe, expect, it } from "vitest";
import { createOrder } from "./create-order.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";

describe("createOrder", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);

  it("numbers orders per merchant without gaps, also when placed concurrently", async () => {
    const placed = await Promise.all(
      Array.from({ length: 10 }, () =>
        createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "x", quantity: 1, unitAmount: 100 }] }),
      ),
    );
    expect(placed.map((o) => Number(o.number)).sort()).toEqual(Array.from({ length: 10 }, (_, i) => 1001 + i));
  });

  it("refuses another merchant's customer as not found", async () => {
    await expect(
      createOrder(ctx, shop.merchantId, { customerId: other.customerId, type: "one_time", currency: "EUR", items: [{ description: "x", quantity: 1, unitAmount: 1 }] }),
    ).rejects.toMatchObject({ code: "customer_not_found", type: "not_found" });
  });

  it("refuses a fractional quantity and an instalment order without a count", async () => {
    await expect(
      createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "x", quantity: 0.5, unitAmount: 1 }] }),
    ).rejects.toMatchObject({ code: "invalid_quantity" });
    await expect(
      createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "instalment", currency: "EUR", items: [{ description: "x", quantity: 1, unitAmount: 1 }] }),
    ).rejects.toMatchObject({ code: "instalment_count_required" });
  });
});
