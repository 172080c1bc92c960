import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrder } from "./create-order.ts";
import { listOrders } from "./list-orders.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { createCustomer } from "../customers/create-customer.ts";

describe("listOrders (O1)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  let a: Awaited<ReturnType<typeof createMerchantWithCustomer>>;
  let b: Awaited<ReturnType<typeof createMerchantWithCustomer>>;
  let neighbour: string;

  beforeAll(async () => {
    a = await createMerchantWithCustomer(ctx);
    b = await createMerchantWithCustomer(ctx);
    neighbour = (await createCustomer(ctx, a.merchantId, { email: "other@example.com" })).id;
    await placeBilledOrder(
      ctx,
      a.merchantId,
      {
        customerId: a.customerId,
        type: "recurring",
        currency: "EUR",
        items: [{ description: "Beans", quantity: 2, unitAmount: 1200 }],
        placedAt: new Date("2026-06-01T00:00:00Z"),
      },
      ["declined"],
    );
    const once = await placeBilledOrder(ctx, a.merchantId, {
      customerId: a.customerId,
      type: "one_time",
      currency: "JPY",
      items: [{ description: "Matcha", quantity: 1, unitAmount: 3200 }],
      placedAt: new Date("2026-06-10T00:00:00Z"),
    });
    await refundPayment(ctx, a.merchantId, { paymentId: once.payments[0]!, amount: 200 });
    await createOrder(ctx, a.merchantId, {
      customerId: neighbour,
      type: "one_time",
      currency: "EUR",
      items: [{ description: "Not yours", quantity: 1, unitAmount: 100 }],
    });
    await createOrder(ctx, b.merchantId, {
      customerId: b.customerId,
      type: "one_time",
      currency: "EUR",
      items: [{ description: "Other shop", quantity: 1, unitAmount: 100 }],
    });
  });

  it("returns only this customer's orders of this merchant, newest first, with derived status", async () => {
    const page = await listOrders(ctx, { merchantId: a.merchantId, customerId: a.customerId });
    expect(page.data.map((o) => o.items[0]!.description)).toEqual(["Matcha", "Beans"]);
    const [matcha, beans] = page.data;
    expect(matcha).toMatchObject({ type: "one_time", status: "partially_refunded", total: { amount: 3200, currency: "JPY" } });
    expect(matcha!.refunded).toEqual({ amount: 200, currency: "JPY" });
    // The refund's credit note is the same 200 yen, not more money back (was: refunded 200 and credited 200).
    expect(matcha!.credited).toEqual({ amount: 0, currency: "JPY" });
    expect(beans).toMatchObject({ type: "recurring", status: "past_due", total: { amount: 2400, currency: "EUR" } });
    expect(beans!.items[0]).toMatchObject({ quantity: 2, unit_price: { amount: 1200 }, amount: { amount: 2400 } });
    expect(page.next_cursor).toBeNull();
  });

  it("never mixes customers or merchants: a customer id under the wrong merchant sees nothing", async () => {
    expect((await listOrders(ctx, { merchantId: b.merchantId, customerId: a.customerId })).data).toEqual([]);
    const theirs = await listOrders(ctx, { merchantId: a.merchantId, customerId: neighbour });
    expect(theirs.data.map((o) => o.items[0]!.description)).toEqual(["Not yours"]);
  });

  it("pages with an opaque cursor and refuses one it did not issue", async () => {
    const scope = { merchantId: a.merchantId, customerId: a.customerId };
    const first = await listOrders(ctx, scope, { limit: 1 });
    expect(first.data).toHaveLength(1);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await listOrders(ctx, scope, { limit: 1, cursor: first.next_cursor! });
    expect(second.data[0]!.items[0]!.description).toBe("Beans");
    expect(second.next_cursor).toBeNull();
    await expect(listOrders(ctx, scope, { cursor: "not-a-cursor" })).rejects.toMatchObject({ code: "invalid_cursor", type: "invalid" });
  });
});
