import { addCard, createPricePoint, createProduct, createSubscription, setMerchantSettings } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("orders the shop placed through POST /v1/orders, as the customer and staff reach them (S1, S3, S7, S8)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  // A shop that lets customers do everything with their catalog subscriptions.
  await setMerchantSettings(t.core, shop.merchantId, { cancellation: "automatic", cancellationTiming: "either", pauseResume: true, autochargeToggle: true, changePlan: "either" });
  const customer = await t.createCustomer(shop.merchantId, "instalments@example.com");
  await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });

  const merchant = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": `m${Math.random()}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
  };
  const portal = async (method: string, path: string, body?: unknown) => {
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const res = await t.app.request(`/v1/portal${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `p${Math.random()}` },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
  };

  it("refuses to cancel, pause or stop autocharging an instalment plan, and staff cannot move a subscription onto its private price", async () => {
    const placed = await merchant("POST", "/v1/orders", { customer: customer.id, type: "instalment", currency: "EUR", instalment_count: 4, items: [{ description: "Espresso machine", quantity: 1, unit_amount: 40000 }] });
    expect(placed.status).toBe(201);
    const orderId = placed.body.order.id as string;

    const view = await portal("GET", `/orders/${orderId}/subscription`);
    expect(view.body).toMatchObject({ actions: [], cancellation_timings: [] });
    const subId = view.body.id as string;

    const cancellation = await portal("POST", `/orders/${orderId}/cancellation`, {});
    expect(cancellation).toMatchObject({ status: 409, type: "application/problem+json", body: { code: "instalment_plan_not_cancellable" } });
    expect((await portal("POST", `/subscriptions/${subId}/cancel`, { when: "now" })).body).toMatchObject({ code: "instalment_plan_not_cancellable" });
    expect((await portal("POST", `/subscriptions/${subId}/pause`, {})).body).toMatchObject({ code: "instalment_plan_not_pausable" });
    expect((await portal("PUT", `/subscriptions/${subId}/autocharge`, { on: false })).body).toMatchObject({ code: "instalment_plan_not_changeable" });
    expect((await portal("GET", `/orders/${orderId}`)).body).toMatchObject({ status: "in_progress", next_payment: { amount: { amount: 10000 } } });

    const schedulePrice = (await merchant("GET", `/v1/subscriptions/${subId}`)).body.price_id as string;
    const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
    const monthly = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 2000, currency: "EUR", interval: "month" });
    const club = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: monthly.id });
    const moved = await merchant("PUT", `/v1/subscriptions/${club.id}/price`, { price: schedulePrice });
    expect(moved).toMatchObject({ status: 404, type: "application/problem+json", body: { code: "price_not_found" } });
    expect((await merchant("GET", `/v1/subscriptions/${club.id}`)).body).toMatchObject({ price_id: monthly.id });
    expect((await merchant("PUT", `/v1/subscriptions/${subId}/price`, { price: monthly.id })).body).toMatchObject({ code: "order_plan_not_changeable" });
  });
});
