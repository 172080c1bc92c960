import { addCard, createPricePoint, createProduct, createStaffUser, createSubscription, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

/**
 * The order screen's routes (M2, R3, R7, S4, S8): a staff refund that voids an
 * unsettled payment and refunds (in part) a settled one, the order's staff view
 * with each payment's actions and what is left to refund, and previews of the
 * staff subscription operations. Agents may do all of it (M1: only blacklist,
 * settings and keys are admin-only).
 */
describe("staff order actions: refund or void, the staff order view, subscription previews", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const agent = await createStaffUser(t.core, shop.merchantId, { email: "agent@shop.example", role: "agent" });
  const stranger = await createStaffUser(t.core, other.merchantId, { email: "agent@other.example", role: "agent" });
  const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
  const monthly = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 2900, currency: "EUR", interval: "month" });
  let n = 0;

  const call = async (method: string, path: string, body?: unknown, options: { key?: string; token?: string } = {}) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${options.token ?? agent.token}`, "Content-Type": "application/json", ...(options.key ? { "Idempotency-Key": options.key } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", body: (await res.json()) as Record<string, any> };
  };
  /** A customer with a card and a subscription whose first card charge is fresh: not settled for a day. */
  async function subscriber() {
    const c = await t.createCustomer(shop.merchantId, `sub${++n}@example.com`);
    await addCard(t.core, { merchantId: shop.merchantId, customerId: c.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const sub = await createSubscription(t.core, shop.merchantId, { customerId: c.id, pricePointId: monthly.id });
    return { customer: c, sub };
  }
  async function settledOrder() {
    const c = await t.createCustomer(shop.merchantId, `paid${++n}@example.com`);
    return t.createPaidOrder(shop.merchantId, c.id, { description: "Grinder", unitAmount: 1500 });
  }

  it("voids an unsettled card payment when an agent refunds it, and the order then says so", async () => {
    const { sub } = await subscriber();
    const before = await call("GET", `/orders/${sub.order_id}`);
    expect(before.status).toBe(200);
    const [payment] = before.body.payments;
    expect(payment).toMatchObject({ status: "approved", settled: false, refund_as: "void", remaining: { amount: 2900, currency: "EUR" } });
    expect(payment.actions).toEqual(["refund", "void"]);
    expect(before.body.actions).toEqual(["cancel", "refund"]);
    // Partial is not possible before settlement: core says why.
    const part = await call("POST", `/payments/${payment.id}/refund_or_void`, { amount: 100 }, { key: `p${++n}` });
    expect(part.status).toBe(409);
    expect(part.type).toContain("application/problem+json");
    expect(part.body.code).toBe("partial_refund_requires_settlement");

    const res = await call("POST", `/payments/${payment.id}/refund_or_void`, {}, { key: "give-back-1" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ payment_id: payment.id, action: "voided", refund_id: null, remaining: { amount: 0 } });
    // The same key is the same give-back.
    expect((await call("POST", `/payments/${payment.id}/refund_or_void`, {}, { key: "give-back-1" })).body).toEqual(res.body);
    const after = await call("GET", `/orders/${sub.order_id}`);
    expect(after.body.payments[0]).toMatchObject({ status: "voided", actions: [], refund_as: null });
    expect(after.body.history.find((r: any) => r.id === payment.id)).toMatchObject({ type: "payment", status: "voided" });
    expect(after.body.history.some((r: any) => r.type === "refund")).toBe(false);
    expect(after.body.emails.map((e: any) => e.template)).toEqual(expect.arrayContaining(["welcome", "void_confirmation"]));
    const voided = await t.core.db.select().from(schema.transactions).where(and(eq(schema.transactions.parentId, payment.id), eq(schema.transactions.kind, "refund")));
    expect(voided).toHaveLength(0);
  });

  it("refunds a settled payment in part and shows what is left to refund", async () => {
    const order = await settledOrder();
    const view = await call("GET", `/orders/${order.orderId}`);
    expect(view.body.payments[0]).toMatchObject({ settled: true, refund_as: "refund", actions: ["refund", "partial_refund"] });
    const res = await call("POST", `/payments/${order.payments[0]}/refund_or_void`, { amount: 500 }, { key: `r${++n}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ action: "refunded", status: "approved", remaining: { amount: 1000, currency: "EUR" } });
    const after = await call("GET", `/orders/${order.orderId}`);
    expect(after.body.payments[0]).toMatchObject({ refunded: { amount: 500 }, remaining: { amount: 1000 } });
    expect(after.body.emails.map((e: any) => e.template)).toContain("refund_confirmation");
    const over = await call("POST", `/payments/${order.payments[0]}/refund_or_void`, { amount: 1001 }, { key: `r${++n}` });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: "refund_exceeds_remaining" });
  });

  it("refuses bad input with problem+json, another shop's payment or subscription with 404, and a missing key with 400", async () => {
    const order = await settledOrder();
    for (const body of [{ amount: -5 }, { amount: 1.5 }, { amount: "10" }, { note: "x" }]) {
      const res = await call("POST", `/payments/${order.payments[0]}/refund_or_void`, body, { key: `b${++n}` });
      expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.type).toContain("application/problem+json");
    }
    expect((await call("POST", `/payments/${order.payments[0]}/refund_or_void`, {})).body.code).toBe("idempotency_key_required");
    const foreign = await call("POST", `/payments/${order.payments[0]}/refund_or_void`, {}, { key: `f${++n}`, token: stranger.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe("payment_not_found");
    const { sub } = await subscriber();
    expect((await call("POST", `/subscriptions/${sub.id}/preview`, { action: "pause" }, { token: stranger.token })).status).toBe(404);
    expect((await call("GET", `/orders/${sub.order_id}`, undefined, { token: stranger.token })).status).toBe(404);
    const bad = await call("POST", `/subscriptions/${sub.id}/preview`, { action: "explode" });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain("application/problem+json");
  });

  it("previews each staff subscription operation without changing anything, and lists only those possible now", async () => {
    const { sub } = await subscriber();
    const view = await call("GET", `/subscriptions/${sub.id}`);
    expect(view.body.actions).toEqual(["change_price", "change_billing_date", "skip_payment", "bill_now", "cancel", "pause"]);
    const pause = await call("POST", `/subscriptions/${sub.id}/preview`, { action: "pause" });
    expect(pause.status).toBe(200);
    expect(pause.body).toMatchObject({ action: "pause", charge_now: null, next_charge: null });
    const billNow = await call("POST", `/subscriptions/${sub.id}/preview`, { action: "bill_now" });
    expect(billNow.body.charge_now.currency).toBe("EUR");
    // Just started: nearly the whole period is unused, credited against the new one.
    expect(billNow.body.credit.amount).toBeGreaterThan(2800);
    expect(billNow.body.charge_now.amount).toBe(2900 - billNow.body.credit.amount);
    const date = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect((await call("POST", `/subscriptions/${sub.id}/preview`, { action: "change_billing_date", date })).body.next_charge).toEqual({ at: date, amount: { amount: 2900, currency: "EUR" } });
    const resume = await call("POST", `/subscriptions/${sub.id}/preview`, { action: "resume" });
    expect(resume.status).toBe(409);
    expect(resume.body.code).toBe("action_not_available");
    expect((await call("GET", `/subscriptions/${sub.id}`)).body).toEqual(view.body);
  });
});
