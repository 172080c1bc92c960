import { addCard, createPricePoint, createProduct, setMerchantSettings } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("portal plans, starting a subscription (A6) and shop reviews on the API", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const rival = await t.createMerchant();
  const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
  const monthly = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 1500, currency: "EUR", interval: "month" });
  const theirs = await createPricePoint(t.core, rival.merchantId, { productId: (await createProduct(t.core, rival.merchantId, { name: "Tea" })).id, name: "Monthly", amount: 900, currency: "EUR", interval: "month" });
  let n = 0;

  async function customer(card = "4242424242424242") {
    const c = await t.createCustomer(shop.merchantId, `pr${++n}@example.com`);
    const pm = await addCard(t.core, { merchantId: shop.merchantId, customerId: c.id }, { number: card, expMonth: 12, expYear: 2035, cvc: "123" });
    const { token } = await t.mintSession(shop.merchantId, c.id);
    const call = async (method: string, path: string, body?: unknown, key: string | null = `k${Math.random()}`) => {
      const res = await t.app.request(`/v1/portal${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(key ? { "Idempotency-Key": key } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
    };
    return { id: c.id, card: pm.id, call };
  }
  const merchant = async (path: string, key = shop.secretKey) => {
    const res = await t.app.request(`/v1${path}`, { headers: { Authorization: `Bearer ${key}` } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it("refuses plans, previews and starts while the setting is off, with 403 new_subscriptions_disabled", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { newSubscriptions: false });
    const c = await customer();
    for (const [method, path, body] of [["GET", "/plans"], ["POST", "/subscriptions/preview", { price: monthly.id }], ["POST", "/subscriptions", { price: monthly.id }]] as const) {
      const res = await c.call(method, path, body);
      expect([res.status, res.type, res.body.code]).toEqual([403, "application/problem+json", "new_subscriptions_disabled"]);
    }
    expect((await c.call("GET", "/config")).body.actions).not.toContain("start_subscription");
  });

  it("lists plans, previews and starts one; the order appears among the customer's orders", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { newSubscriptions: true });
    const c = await customer();
    expect((await c.call("GET", "/config")).body.actions).toContain("start_subscription");
    const plans = await c.call("GET", "/plans");
    expect(plans.body).toMatchObject({ data: [{ id: monthly.id, product: "Coffee club", price: { amount: 1500, currency: "EUR" }, interval: "month", trial_days: 0 }], has_more: false });
    const preview = await c.call("POST", "/subscriptions/preview", { price: monthly.id });
    expect(preview.body).toMatchObject({ due_now: 1500, next_charge_amount: 1500, trial: null });
    const noKey = await c.call("POST", "/subscriptions", { price: monthly.id, payment_method: c.card }, null);
    expect([noKey.status, noKey.body.code]).toEqual([400, "idempotency_key_required"]);
    const started = await c.call("POST", "/subscriptions", { price: monthly.id, payment_method: c.card }, "start-a");
    expect([started.status, started.body.status, started.body.payment_method_id]).toEqual([201, "active", c.card]);
    const replay = await c.call("POST", "/subscriptions", { price: monthly.id, payment_method: c.card }, "start-a");
    expect(replay.body.id).toBe(started.body.id);
    const orders = await c.call("GET", "/orders");
    expect(orders.body.data.map((o: { id: string }) => o.id)).toEqual([started.body.order_id]);
  });

  it("answers a declined first charge with 402 and the card's reason; nothing is left running", async () => {
    const c = await customer("4000000000000341");
    const res = await c.call("POST", "/subscriptions", { price: monthly.id }, "start-declined");
    expect([res.status, res.type, res.body.code, res.body.details?.decline_code]).toEqual([402, "application/problem+json", "subscription_payment_declined", "card_declined"]);
    const orders = await c.call("GET", "/orders");
    expect(orders.body.data.map((o: { status: string }) => o.status)).not.toContain("active");
  });

  it("turns bad input into 4xx problem+json and another shop's price into 404", async () => {
    const c = await customer();
    const bad = await c.call("POST", "/subscriptions/preview", { price: monthly.id, quantity: 0 });
    expect([bad.status, bad.type]).toEqual([422, "application/problem+json"]);
    const extra = await c.call("POST", "/subscriptions/preview", { price: monthly.id, coupon_code: "X" });
    expect(extra.status).toBe(422);
    const foreign = await c.call("POST", "/subscriptions/preview", { price: theirs.id });
    expect([foreign.status, foreign.body.code]).toEqual([404, "price_not_found"]);
    const foreignStart = await c.call("POST", "/subscriptions", { price: theirs.id });
    expect([foreignStart.status, foreignStart.body.code]).toEqual([404, "price_not_found"]);
    expect((await c.call("GET", "/plans?cursor=nonsense")).status).toBe(422);
  });

  it("takes a review, shows it to its author and the shop's API only, and refuses while off", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { shopReviews: false });
    const author = await customer();
    const off = await author.call("PUT", "/review", { rating: 5 });
    expect([off.status, off.body.code]).toEqual([403, "reviews_disabled"]);
    expect((await author.call("GET", "/config")).body.actions).not.toContain("review_shop");
    await setMerchantSettings(t.core, shop.merchantId, { shopReviews: true });
    expect((await author.call("GET", "/config")).body.actions).toContain("review_shop");
    const bad = await author.call("PUT", "/review", { rating: 0 });
    expect([bad.status, bad.type]).toEqual([422, "application/problem+json"]);
    expect((await author.call("PUT", "/review", { rating: 4, comment: "Great beans" })).body).toMatchObject({ rating: 4, comment: "Great beans" });
    expect((await author.call("GET", "/review")).body.review).toMatchObject({ rating: 4 });
    const stranger = await customer();
    expect((await stranger.call("GET", "/review")).body).toEqual({ review: null });
    const listed = await merchant("/reviews");
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([expect.objectContaining({ rating: 4, comment: "Great beans", customer: expect.objectContaining({ id: author.id }) })]);
    expect((await merchant("/reviews", rival.secretKey)).body.data).toEqual([]);
    expect((await merchant("/reviews?rating=9")).status).toBe(400);
  });
});
