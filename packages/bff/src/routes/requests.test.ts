import { addCard, chargeInvoice, createOrder, createProduct, issueInvoice, setMerchantSettings } from "@billfront/core/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("refund and cancellation requests on the API (R5, M3)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  let shop: { merchantId: string; secretKey: string };
  let scope: { merchantId: string; customerId: string };
  let productId: string;

  beforeAll(async () => {
    shop = await t.createMerchant();
    scope = { merchantId: shop.merchantId, customerId: (await t.createCustomer(shop.merchantId)).id };
    await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    productId = (await createProduct(t.core, shop.merchantId, { name: "Grinder", refundPeriodDays: 30 })).id;
  });

  const setRefunds = (refunds: "automatic" | "manual") => setMerchantSettings(t.core, shop.merchantId, { refunds });
  async function paid() {
    const order = await createOrder(t.core, shop.merchantId, { customerId: scope.customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 9000, productId }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    return (await chargeInvoice(t.core, scope, { invoiceId: invoice.id, idempotencyKey: invoice.id })).payment_id;
  }
  async function ask(paymentId: string, key: string) {
    const { token } = await t.mintSession(shop.merchantId, scope.customerId);
    return t.app.request(`/v1/portal/payments/${paymentId}/refund_request`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify({ reason: "Too loud" }),
    });
  }

  it("grants an automatic refund inside the refund period and denies it after, with a code", async () => {
    await setRefunds("automatic");
    const early = await paid();
    t.clock.advance({ days: 2 });
    const granted = await ask(early, "r1");
    expect(granted.status).toBe(201);
    expect(await granted.json()).toMatchObject({ status: "refunded" });

    const late = await paid();
    t.clock.advance({ days: 31 });
    const denied = await ask(late, "r2");
    expect(denied.status).toBe(409);
    expect(await denied.json()).toMatchObject({ code: "refund_period_expired", details: { refund_period_days: 30 } });
  });

  it("queues a manual request for staff, who approve it through the merchant API", async () => {
    await setRefunds("manual");
    const paymentId = await paid();
    t.clock.advance({ days: 2 });
    expect(await (await ask(paymentId, "r3")).json()).toMatchObject({ status: "requested" });
    const merchant = (path: string, init: RequestInit = {}) =>
      t.app.request(path, { ...init, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": path } });
    const queue = (await (await merchant("/v1/requests?status=pending")).json()) as { data: { id: string; payment_id: string }[] };
    expect(queue.data.map((r) => r.payment_id)).toEqual([paymentId]);
    const approved = await merchant(`/v1/requests/${queue.data[0]!.id}/approve`, { method: "POST", body: "{}" });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: "approved" });
    const bad = await merchant(`/v1/requests/${queue.data[0]!.id}/maybe`, { method: "POST", body: "{}" });
    expect(bad.status).toBe(404);
  });
});

describe("manual requests arrive as tickets staff decide from (M3)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  it("shows the request on the staff ticket with approve and reject, and rejecting tells the customer why", async () => {
    const shop = await t.createMerchant();
    const scope = { merchantId: shop.merchantId, customerId: (await t.createCustomer(shop.merchantId)).id };
    await setMerchantSettings(t.core, shop.merchantId, { refunds: "manual" });
    await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    const order = await createOrder(t.core, shop.merchantId, { customerId: scope.customerId, type: "one_time", currency: "EUR", items: [{ description: "Kettle", quantity: 1, unitAmount: 5000 }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const paymentId = (await chargeInvoice(t.core, scope, { invoiceId: invoice.id, idempotencyKey: invoice.id })).payment_id;
    const { token } = await t.mintSession(shop.merchantId, scope.customerId);
    const asked = (await (
      await t.app.request(`/v1/portal/payments/${paymentId}/refund_request`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": "m3" },
        body: JSON.stringify({ reason: "Leaks" }),
      })
    ).json()) as { ticket_id: string };
    const staff = (path: string, init: RequestInit = {}) =>
      t.app.request(`/v1${path}`, { ...init, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() } });

    const list = (await (await staff("/tickets?status=waiting_on_staff")).json()) as { data: { id: string }[] };
    expect(list.data.map((x) => x.id)).toContain(asked.ticket_id);
    const ticket = await (await staff(`/tickets/${asked.ticket_id}`)).json();
    expect(ticket).toMatchObject({ request: { kind: "refund", status: "pending", payment_id: paymentId, actions: ["approve", "reject"] } });

    const noReason = await staff(`/tickets/${asked.ticket_id}/request/reject`, { method: "POST", body: "{}" });
    expect(noReason.status).toBe(422);
    expect(await noReason.json()).toMatchObject({ code: "rejection_reason_required" });
    const rejected = await (await staff(`/tickets/${asked.ticket_id}/request/reject`, { method: "POST", body: JSON.stringify({ note: "Used for three months" }) })).json();
    expect(rejected).toMatchObject({ request: { status: "rejected", actions: [] } });
    const seen = (await (await t.app.request(`/v1/portal/tickets/${asked.ticket_id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { messages: { body: string }[] };
    expect(seen.messages.some((m) => m.body.includes("Used for three months"))).toBe(true);
    const again = await staff(`/tickets/${asked.ticket_id}/request/approve`, { method: "POST", body: "{}" });
    expect(again.status).toBe(409);
  });
});
