import { addCard, createCoupon, createDepartment, createPricePoint, createProduct, createStaffUser, createSubscription } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

// Issue 10, item 6: one merchant's key never reaches another merchant's rows.
describe("tenancy on the merchant API", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
  };

  async function subscriber(merchantId: string, email: string) {
    const product = await createProduct(t.core, merchantId, { name: "Coffee club" });
    const price = await createPricePoint(t.core, merchantId, { productId: product.id, name: "Monthly", amount: 1500, currency: "EUR", interval: "month" });
    const customer = await t.createCustomer(merchantId, email);
    await addCard(t.core, { merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    return createSubscription(t.core, merchantId, { customerId: customer.id, pricePointId: price.id });
  }

  it("a billing run started with one merchant's key renews only that merchant's subscriptions, and an agent may not start one", async () => {
    const mine = await subscriber(shop.merchantId, "mine@example.com");
    const theirs = await subscriber(other.merchantId, "theirs@example.com");
    t.clock.advance({ days: 31 });
    const { token: agent } = await createStaffUser(t.core, shop.merchantId, { email: "agent@shop.example", role: "agent" });

    const refused = await call(agent, "POST", "/billing_runs");
    expect([refused.status, refused.body.code, refused.type]).toEqual([403, "admin_only", "application/problem+json"]);
    const cycleOf = async (key: string, id: string) => (await call(key, "GET", `/subscriptions/${id}`)).body.cycle as number;
    const [mineBefore, theirsBefore] = [await cycleOf(shop.secretKey, mine.id), await cycleOf(other.secretKey, theirs.id)];

    const run = await call(shop.secretKey, "POST", "/billing_runs");
    expect(run).toMatchObject({ status: 200, body: { subscriptions: 1 } });
    expect(await cycleOf(shop.secretKey, mine.id)).toBe(mineBefore + 1);
    expect(await cycleOf(other.secretKey, theirs.id)).toBe(theirsBefore);
  });

  it("an order naming another merchant's product, or an unknown one, is refused with 404 product_not_found and nothing is written", async () => {
    const customer = await t.createCustomer(shop.merchantId, "buyer@example.com");
    const foreign = await createProduct(t.core, other.merchantId, { name: "Their grinder", refundPeriodDays: 365 });
    const own = await createProduct(t.core, shop.merchantId, { name: "Our grinder", refundPeriodDays: 14 });
    const order = (product: string) => ({ customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unit_amount: 9900, product }] });

    for (const product of [foreign.id, "prod_doesnotexist"]) {
      const res = await call(shop.secretKey, "POST", "/orders", order(product));
      expect([res.status, res.body.code, res.type]).toEqual([404, "product_not_found", "application/problem+json"]);
    }
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const listed = (await (await t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${token}` } })).json()) as { data: unknown[] };
    expect(listed.data).toHaveLength(0);
    expect((await call(shop.secretKey, "POST", "/orders", order(own.id))).status).toBe(201);
  });

  it("settings naming another merchant's department or coupon, or an unknown one, are refused with 422 and a code, and the settings stay as they were", async () => {
    const theirDepartment = await createDepartment(t.core, other.merchantId, { name: "Their billing" });
    const ourDepartment = await createDepartment(t.core, shop.merchantId, { name: "Our billing" });
    const theirCoupon = await createCoupon(t.core, other.merchantId, { code: "THEIRS", name: "Theirs", percentOffBps: 1000, duration: "once" });
    const before = (await call(shop.secretKey, "GET", "/settings")).body;
    for (const [body, code] of [
      [{ refundDepartmentId: theirDepartment.id }, "department_not_found"],
      [{ cancellationDepartmentId: "dep_unknown" }, "department_not_found"],
      [{ retentionCouponId: theirCoupon.id }, "coupon_not_found"],
      [{ retentionCouponId: "cpn_unknown" }, "coupon_not_found"],
    ] as const) {
      const res = await call(shop.secretKey, "PUT", "/settings", body);
      expect([res.status, res.body.code, res.type]).toEqual([422, code, "application/problem+json"]);
    }
    expect((await call(shop.secretKey, "GET", "/settings")).body).toEqual(before);
    const ok = await call(shop.secretKey, "PUT", "/settings", { refundDepartmentId: ourDepartment.id, refunds: "manual" });
    expect(ok).toMatchObject({ status: 200, body: { refundDepartmentId: ourDepartment.id } });
  });

  it("an order in XYZ or ZZZ, or for 10^13 minor units, is refused with 422 instead of being stored", async () => {
    const customer = await t.createCustomer(shop.merchantId, "currency@example.com");
    const order = (currency: string, unitAmount: number) => ({ customer: customer.id, type: "one_time", currency, items: [{ description: "Beans", quantity: 1, unit_amount: unitAmount }] });
    for (const currency of ["XYZ", "ZZZ", "eur"]) {
      const res = await call(shop.secretKey, "POST", "/orders", order(currency, 1000));
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([422, "validation_failed", "json.currency"]);
    }
    const huge = await call(shop.secretKey, "POST", "/orders", order("EUR", 10 ** 13));
    expect([huge.status, huge.body.errors?.[0]?.field]).toEqual([422, "json.items.0.unit_amount"]);
    // Each line within bounds, but a total past 10^12: core refuses it too.
    const total = await call(shop.secretKey, "POST", "/orders", { ...order("EUR", 10 ** 12), items: [{ description: "Beans", quantity: 2, unit_amount: 10 ** 12 }] });
    expect([total.status, total.body.code]).toEqual([422, "amount_too_large"]);
    const yen = await call(shop.secretKey, "POST", "/orders", order("JPY", 1200));
    expect(yen.status).toBe(201);
  });
});
