import { addCard, createCoupon, createPricePoint, createProduct, createSubscription, setMerchantSettings } from "@billfront/core/server";

type MerchantSettings = Parameters<typeof setMerchantSettings>[2];
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("subscriptions on the API (S1–S9, A1, A2, A6, A10)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
  const large = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Large", amount: 3000, currency: "EUR", interval: "month", maxQuantity: 10 });
  const small = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Small", amount: 1000, currency: "EUR", interval: "month", switchTo: [large.id], maxQuantity: 5 });
  const trial = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Trial", amount: 1000, currency: "EUR", interval: "month", trialDays: 14 });
  const stay = await createCoupon(t.core, shop.merchantId, { code: "STAY", name: "Stay with us", percentOffBps: 5000, duration: "once", customerApplicable: false });
  let n = 0;

  async function subscriber(settings: MerchantSettings, price = small.id) {
    await setMerchantSettings(t.core, shop.merchantId, settings);
    const customer = await t.createCustomer(shop.merchantId, `s${++n}@example.com`);
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: price });
    const call = async (method: string, path: string, body?: unknown) => {
      const { token } = await t.mintSession(shop.merchantId, customer.id);
      const res = await t.app.request(`/v1/portal${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `k${Math.random()}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    return { sub, call, customerId: customer.id };
  }

  it("cancels at the end of the term and takes it back; shows only the actions the settings allow", async () => {
    const { sub, call } = await subscriber({ cancellation: "automatic" });
    const view = await call("GET", `/orders/${sub.order_id}/subscription`);
    expect(view.body).toMatchObject({ status: "active", actions: ["cancel"], cancellation_timings: ["now", "end_of_term"] });
    const cancelled = await call("POST", `/subscriptions/${sub.id}/cancel`, { when: "end_of_term", reason: "Too much coffee" });
    expect(cancelled.body).toMatchObject({ status: "cancel_scheduled", subscription: { cancel_at_period_end: true, actions: ["remove_scheduled_cancellation"] } });
    const order = await call("GET", `/orders/${sub.order_id}`);
    expect(order.body.next_payment).toBeNull();
    const kept = await call("DELETE", `/subscriptions/${sub.id}/scheduled_cancellation`);
    expect(kept.body).toMatchObject({ cancel_at_period_end: false });
  });

  it("offers the retention coupon before cancelling, and taking it cancels nothing", async () => {
    const { sub, call } = await subscriber({ cancellation: "automatic", retentionCouponId: stay.id });
    const view = await call("GET", `/subscriptions/${sub.id}`);
    expect(view.body.retention_offer).toMatchObject({ coupon_id: stay.id, description: "50% off your next invoice" });
    const kept = await call("POST", `/subscriptions/${sub.id}/cancel`, { when: "now", accept_retention_offer: true });
    expect(kept.body).toMatchObject({ status: "retained", subscription: { status: "active", coupons: [{ code: "STAY" }], retention_offer: null } });
  });

  it("previews a plan change exactly and charges what the preview said", async () => {
    const { sub, call } = await subscriber({ changePlan: "either", changeQuantity: true });
    t.clock.advance({ days: 10 });
    const preview = await call("POST", `/subscriptions/${sub.id}/change/preview`, { price: large.id });
    expect(preview.status).toBe(200);
    // 20 of the period's 30 days left (15 June to 15 July): credit 667, charge 2000.
    expect(preview.body).toMatchObject({ credit: 667, charge: 2000, net: 1333, due_now: 1333, next_period_amount: 3000 });
    const changed = await call("POST", `/subscriptions/${sub.id}/change`, { price: large.id, when: "now", proration_date: preview.body.proration_date });
    expect(changed.body).toMatchObject({ preview: { net: 1333 }, subscription: { plan: { id: large.id } } });
    const history = await call("GET", `/orders/${sub.order_id}`);
    expect(history.body.history.map((h: { amount: { amount: number } }) => h.amount.amount)).toContain(1333);
    const bad = await call("POST", `/subscriptions/${sub.id}/change`, { quantity: 99, when: "now" });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("invalid_quantity");
  });

  it("pauses on a date and deletes the schedule; extends and ends a trial", async () => {
    const { sub, call } = await subscriber({ pauseResume: true, trialExtensionDays: 7, maxTrialExtensions: 1, activateTrialNow: true });
    const pause = await call("POST", `/subscriptions/${sub.id}/pause`, { at: "2027-01-01T00:00:00Z", resume_at: "2027-02-01T00:00:00Z" });
    expect(pause.body).toMatchObject({ pause_at: "2027-01-01T00:00:00.000Z", resume_at: "2027-02-01T00:00:00.000Z" });
    expect((await call("PUT", `/subscriptions/${sub.id}/pause_schedule`, { pause_at: null, resume_at: null })).body).toMatchObject({ pause_at: null, resume_at: null });
    // Paused now: there is no term running, so a cancellation can only be immediate.
    await setMerchantSettings(t.core, shop.merchantId, { pauseResume: true, cancellation: "automatic" });
    expect((await call("POST", `/subscriptions/${sub.id}/pause`, {})).body).toMatchObject({ status: "paused", cancellation_timings: ["now"] });
    const later = await call("POST", `/subscriptions/${sub.id}/cancel`, { when: "end_of_term" });
    expect([later.status, later.body.code]).toEqual([403, "cancellation_timing_not_allowed"]);

    const trialing = await subscriber({ trialExtensionDays: 7, maxTrialExtensions: 1, activateTrialNow: true }, trial.id);
    const extended = await trialing.call("POST", `/subscriptions/${trialing.sub.id}/trial/extend`);
    expect(extended.body).toMatchObject({ status: "trialing", trial_extensions_left: 0 });
    const again = await trialing.call("POST", `/subscriptions/${trialing.sub.id}/trial/extend`);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe("extend_trial_not_allowed");
    expect((await trialing.call("POST", `/subscriptions/${trialing.sub.id}/trial/activate`)).body).toMatchObject({ status: "active" });
  });

  it("turns autocharge off (a past-due subscription becomes active) and on again", async () => {
    const { sub, call } = await subscriber({ autochargeToggle: true });
    expect((await call("PUT", `/subscriptions/${sub.id}/autocharge`, { on: false })).body).toMatchObject({ autocharge: false, actions: ["autocharge_on"] });
    expect((await call("PUT", `/subscriptions/${sub.id}/autocharge`, { on: true })).body).toMatchObject({ autocharge: true });
  });

  it("refuses every action its setting turns off, with a code, and changes nothing", async () => {
    const { sub, call } = await subscriber({});
    const attempts: [string, string, unknown, string][] = [
      ["POST", `/subscriptions/${sub.id}/cancel`, { when: "now" }, "cancel_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/pause`, {}, "pause_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/change/preview`, { price: large.id }, "change_plan_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/change`, { quantity: 2, when: "now" }, "change_quantity_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/addons`, { price: large.id }, "manage_addons_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/coupons`, { code: "STAY" }, "apply_coupon_not_allowed"],
      ["PUT", `/subscriptions/${sub.id}/autocharge`, { on: false }, "autocharge_off_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/trial/extend`, undefined, "extend_trial_not_allowed"],
      ["POST", `/subscriptions/${sub.id}/reactivate`, undefined, "reactivate_not_allowed"],
      ["POST", "/subscriptions", { price: small.id }, "new_subscriptions_disabled"],
    ];
    for (const [method, path, body, code] of attempts) {
      const res = await call(method, path, body);
      expect([res.status, res.body.code]).toEqual([403, code]);
    }
    expect((await call("GET", `/subscriptions/${sub.id}`)).body).toMatchObject({ status: "active", quantity: 1, actions: [], coupons: [] });
    await setMerchantSettings(t.core, shop.merchantId, { cancellation: "automatic", cancellationTiming: "end_of_term" });
    const now = await call("POST", `/subscriptions/${sub.id}/cancel`, { when: "now" });
    expect([now.status, now.body.code]).toEqual([403, "cancellation_timing_not_allowed"]);
  });

  it("cancels a subscription order through the subscription's rules: the shop's timing, the retention offer, and its errors (S1, A1, R5)", async () => {
    const { sub, call } = await subscriber({ cancellation: "automatic", cancellationTiming: "end_of_term", retentionCouponId: stay.id });
    const early = await call("POST", `/orders/${sub.order_id}/cancellation`, { when: "now" });
    expect([early.status, early.body.code]).toEqual([403, "cancellation_timing_not_allowed"]);
    const kept = await call("POST", `/orders/${sub.order_id}/cancellation`, { accept_retention_offer: true });
    expect(kept.body).toMatchObject({ status: "retained", order_id: sub.order_id });
    const scheduled = await call("POST", `/orders/${sub.order_id}/cancellation`, { reason: "Moving abroad" });
    expect([scheduled.status, scheduled.body.status]).toEqual([201, "cancel_scheduled"]);
    expect((await call("GET", `/subscriptions/${sub.id}`)).body).toMatchObject({ status: "active", cancel_at_period_end: true });
    const again = await call("POST", `/orders/${sub.order_id}/cancellation`, {});
    expect([again.status, again.body.code]).toEqual([403, "cancel_not_allowed"]);
  });

  it("stops autocharge when the customer removes the subscription's card (S7)", async () => {
    const { call, customerId } = await subscriber({ autochargeToggle: true });
    const own = await addCard(t.core, { merchantId: shop.merchantId, customerId }, { number: "5555555555554444", expMonth: 12, expYear: 2035, cvc: "123" });
    const assigned = await createSubscription(t.core, shop.merchantId, { customerId, pricePointId: small.id, paymentMethodId: own.id });
    const removed = await call("DELETE", `/subscriptions/${assigned.id}/payment_method`);
    expect(removed.body).toMatchObject({ autocharge: false, payment_method_id: null, status: "active", actions: ["autocharge_on"] });
  });

  it("refuses to activate a trial without a card, with payment_method_required, and leaves the trial running (S4)", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { activateTrialNow: true });
    const customer = await t.createCustomer(shop.merchantId, `nocard${++n}@example.com`);
    const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: trial.id });
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const res = await t.app.request(`/v1/portal/subscriptions/${sub.id}/trial/activate`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Idempotency-Key": `k${Math.random()}` } });
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([422, "payment_method_required"]);
    const view = await t.app.request(`/v1/portal/subscriptions/${sub.id}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(await view.json()).toMatchObject({ status: "trialing", actions: ["activate_trial"] });
  });

  it("runs a test clock through the merchant API (A10) and lets staff skip a payment and bill now (S8)", async () => {
    const merchant = (method: string, path: string, body?: unknown) =>
      Promise.resolve(t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": `m${Math.random()}` }, ...(body ? { body: JSON.stringify(body) } : {}) })).then(async (r: Response) => ({ status: r.status, body: (await r.json()) as Record<string, any> }));
    const clock = await merchant("POST", "/test_clocks", { name: "sim", frozen_at: "2027-01-10T00:00:00Z" });
    expect(clock.status).toBe(201);
    const customer = await t.createCustomer(shop.merchantId, "clock@example.com");
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    expect((await merchant("POST", `/test_clocks/${clock.body.id}/customers`, { customer: customer.id })).status).toBe(201);
    const created = await merchant("POST", "/subscriptions", { customer: customer.id, price: small.id });
    expect(created.body).toMatchObject({ status: "active", current_period_end: "2027-02-10T00:00:00.000Z" });
    expect((await merchant("POST", `/subscriptions/${created.body.id}/skip_next_payment`, { skip: true })).body).toMatchObject({ skip_next_payment: true });
    const advanced = await merchant("POST", `/test_clocks/${clock.body.id}/advance`, { to: "2027-03-11T00:00:00Z" });
    expect(advanced.body).toMatchObject({ frozen_at: "2027-03-11T00:00:00.000Z", subscriptions_billed: 1 });
    const after = await merchant("GET", `/subscriptions/${created.body.id}`);
    expect(after.body).toMatchObject({ cycle: 2, skip_next_payment: false, current_period_end: "2027-04-10T00:00:00.000Z" });
    const billed = await merchant("POST", `/subscriptions/${created.body.id}/bill_now`);
    expect(billed.body).toMatchObject({ cycle: 3, current_period_start: "2027-03-11T00:00:00.000Z", current_period_end: "2027-04-11T00:00:00.000Z" });
    const backwards = await merchant("POST", `/test_clocks/${clock.body.id}/advance`, { to: "2027-01-01T00:00:00Z" });
    expect([backwards.status, backwards.body.code]).toEqual([422, "test_clock_backwards"]);
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const order = (await (await t.app.request(`/v1/portal/orders/${created.body.order_id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { skipped_payments: unknown[]; history: unknown[] };
    expect(order.skipped_payments).toHaveLength(1);
  });
});
