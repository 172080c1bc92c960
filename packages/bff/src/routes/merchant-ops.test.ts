import { addCard, createCoupon, createPricePoint, createProduct, createSubscription, schema, setMerchantSettings } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

/** Staff operations on the merchant API: catalog, coupons, subscriptions and orders. */
describe("merchant API staff operations", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  let n = 0;

  const call = async (method: string, path: string, body?: unknown, options: { key?: string; as?: { secretKey: string } } = {}) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${(options.as ?? shop).secretKey}`, "Content-Type": "application/json", ...(options.key ? { "Idempotency-Key": options.key } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", replayed: res.headers.get("idempotent-replayed"), body: (await res.json()) as Record<string, any> };
  };
  const audit = async (action: string, subjectId: string) =>
    (await t.core.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.subjectId, subjectId)))).length;
  async function customerWithCard() {
    const customer = await t.createCustomer(shop.merchantId, `ops${++n}@example.com`);
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    return customer;
  }

  describe("catalog", async () => {
    const product = await createProduct(t.core, shop.merchantId, { name: "Beans", refundPeriodDays: 14 });
    const monthly = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 1000, currency: "EUR", interval: "month" });

    it("edits a product's name, description and refund period, recorded once in the audit log", async () => {
      const res = await call("PATCH", `/products/${product.id}`, { name: "Whole beans", description: "Roasted weekly", refund_period_days: 30 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: product.id, name: "Whole beans", description: "Roasted weekly", refund_period_days: 30, archived_at: null, prices: [{ id: monthly.id }] });
      expect(await audit("product.updated", product.id)).toBe(1);
    });

    it("refuses bad input with problem+json and changes nothing", async () => {
      for (const body of [{ refund_period_days: -1 }, { name: "" }, { color: "red" }, {}]) {
        const res = await call("PATCH", `/products/${product.id}`, body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.type).toContain("application/problem+json");
        expect(res.body.code).toBeTruthy();
      }
      const bad = await call("PATCH", `/prices/${monthly.id}`, { max_quantity: 0 });
      expect(bad.status).toBe(422);
      const [row] = await t.core.db.select().from(schema.products).where(eq(schema.products.id, product.id));
      expect(row).toMatchObject({ name: "Whole beans", refundPeriodDays: 30 });
    });

    it("answers another merchant's product or price as not found, and changes nothing", async () => {
      expect((await call("PATCH", `/products/${product.id}`, { name: "Mine" }, { as: other })).status).toBe(404);
      expect((await call("DELETE", `/products/${product.id}`, undefined, { as: other })).status).toBe(404);
      expect((await call("PATCH", `/prices/${monthly.id}`, { name: "Mine" }, { as: other })).status).toBe(404);
      expect((await call("DELETE", `/prices/${monthly.id}`, undefined, { as: other })).status).toBe(404);
      const [row] = await t.core.db.select().from(schema.products).where(eq(schema.products.id, product.id));
      expect(row!.archivedAt).toBeNull();
    });

    it("archives a price: no longer sold, but a subscription already on it keeps renewing", async () => {
      const customer = await customerWithCard();
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: monthly.id });
      const renamed = await call("PATCH", `/prices/${monthly.id}`, { name: "Every month" });
      expect(renamed.body).toMatchObject({ name: "Every month", price: { amount: 1000, currency: "EUR" } });
      const archived = await call("DELETE", `/prices/${monthly.id}`);
      expect(archived.status).toBe(200);
      expect(archived.body.archived_at).toBe(t.clock.now().toISOString());
      expect((await call("DELETE", `/prices/${monthly.id}`)).body.code).toBe("already_archived");
      const refused = await call("POST", "/subscriptions", { customer: customer.id, price: monthly.id }, { key: `k${++n}` });
      expect(refused).toMatchObject({ status: 409, body: { code: "price_archived" } });
      const listed = await call("GET", "/products");
      expect(listed.body.data.find((p: any) => p.id === product.id).prices).toEqual([]);
      t.clock.advance({ days: 31 });
      await call("POST", "/billing_runs", {});
      const renewed = await call("GET", `/subscriptions/${sub.id}`);
      expect(renewed.body).toMatchObject({ status: "active", cycle: 1 });
    });

    it("archives a product: hidden from the catalog unless include_archived, and no longer sold on a new order", async () => {
      const tea = await createProduct(t.core, shop.merchantId, { name: "Tea" });
      const res = await call("DELETE", `/products/${tea.id}`);
      expect(res.body.archived_at).not.toBeNull();
      expect(await audit("product.archived", tea.id)).toBe(1);
      expect((await call("GET", "/products")).body.data.map((p: any) => p.id)).not.toContain(tea.id);
      expect((await call("GET", "/products?include_archived=true")).body.data.map((p: any) => p.id)).toContain(tea.id);
      expect((await call("GET", "/products?include_archived=maybe")).status).toBe(400);
      const customer = await customerWithCard();
      const order = await call("POST", "/orders", { customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Tea", quantity: 1, unit_amount: 500, product: tea.id }] }, { key: `k${++n}` });
      expect(order).toMatchObject({ status: 409, body: { code: "product_archived" } });
    });
  });

  describe("coupons", async () => {
    const product = await createProduct(t.core, shop.merchantId, { name: "Club" });
    const plan = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 2000, currency: "EUR", interval: "month" });
    const coupons: { id: string }[] = [];
    for (const code of ["ONE", "TWO", "THREE"]) {
      coupons.push(await createCoupon(t.core, shop.merchantId, { code, name: code, percentOffBps: 1000, duration: "forever" }));
      t.clock.advance({ seconds: 1 });
    }

    it("lists coupons newest first, a page at a time", async () => {
      const first = await call("GET", "/coupons?limit=2");
      expect(first.status).toBe(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.has_more).toBe(true);
      const second = await call("GET", `/coupons?limit=2&cursor=${first.body.next_cursor}`);
      expect(second.body).toMatchObject({ has_more: false, next_cursor: null });
      expect([...first.body.data, ...second.body.data].map((c: any) => c.code)).toEqual(["THREE", "TWO", "ONE"]);
      expect((await call("GET", "/coupons?limit=0")).status).toBe(400);
      expect((await call("GET", "/coupons", undefined, { as: other })).body.data).toEqual([]);
    });

    it("deleting a coupon stops new redemptions; where it is applied it keeps discounting", async () => {
      const customer = await customerWithCard();
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: plan.id, couponCode: "ONE" });
      expect((await call("DELETE", `/coupons/${coupons[0]!.id}`, undefined, { as: other })).status).toBe(404);
      const res = await call("DELETE", `/coupons/${coupons[0]!.id}`);
      expect(res).toMatchObject({ status: 200, body: { code: "ONE", deleted_at: t.clock.now().toISOString() } });
      expect(await audit("coupon.deleted", coupons[0]!.id)).toBe(1);
      expect((await call("GET", "/coupons")).body.data.map((c: any) => c.code)).not.toContain("ONE");
      expect((await call("GET", "/coupons?include_deleted=true")).body.data.map((c: any) => c.code)).toContain("ONE");
      const another = await customerWithCard();
      const refused = await call("POST", "/subscriptions", { customer: another.id, price: plan.id, coupon: "ONE" }, { key: `k${++n}` });
      expect(refused).toMatchObject({ status: 404, body: { code: "coupon_not_found" } });
      const applied = await t.core.db.select().from(schema.subscriptionCoupons).where(eq(schema.subscriptionCoupons.subscriptionId, sub.id));
      expect(applied).toHaveLength(1);
      expect(applied[0]!.removedAt).toBeNull();
      t.clock.advance({ days: 31 });
      await call("POST", "/billing_runs", {});
      const [renewal] = await t.core.db.select().from(schema.documents).where(and(eq(schema.documents.subscriptionId, sub.id), eq(schema.documents.billingCycle, 1)));
      expect(renewal!.totalAmount).toBe(1800);
    });
  });

  describe("subscriptions, staff side", async () => {
    const product = await createProduct(t.core, shop.merchantId, { name: "Box" });
    const plan = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 3000, currency: "EUR", interval: "month" });
    // The portal offers none of this: staff are not bound by the portal settings.
    await setMerchantSettings(t.core, shop.merchantId, { cancellation: "off", pauseResume: "off" });

    it("cancels now and credits the unused paid time to the customer's balance", async () => {
      const customer = await customerWithCard();
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: plan.id });
      const start = t.clock.now();
      t.clock.advance({ days: 10 });
      const bad = await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "later" }, { key: `c${++n}` });
      expect(bad.status).toBe(422);
      expect(bad.type).toContain("application/problem+json");
      expect((await call("GET", `/subscriptions/${sub.id}`)).body.status).toBe("active");
      expect((await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "now" }, { key: `c${++n}`, as: other })).status).toBe(404);
      const key = `c${++n}`;
      const res = await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "now", reason: "Moved away" }, { key });
      expect(res.status).toBe(200);
      expect(res.body.subscription).toMatchObject({ status: "cancelled" });
      const [row] = await t.core.db.select().from(schema.subscriptions).where(eq(schema.subscriptions.id, sub.id));
      const period = row!.currentPeriodEnd!.getTime() - start.getTime();
      const unused = Math.round((3000 * (row!.currentPeriodEnd!.getTime() - t.clock.now().getTime())) / period);
      expect(Math.abs(res.body.credited.amount - unused)).toBeLessThanOrEqual(1);
      const balance = await call("GET", `/customers/${customer.id}/balance`);
      expect(balance.body.data).toEqual([{ amount: res.body.credited.amount, currency: "EUR" }]);
      // The same key replays the answer; a second credit is never given.
      const again = await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "now", reason: "Moved away" }, { key });
      expect(again.replayed).toBe("true");
      expect((await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "now" }, { key: `c${++n}` })).body.code).toBe("already_cancelled");
      expect((await call("GET", `/customers/${customer.id}/balance`)).body.data).toEqual(balance.body.data);
      expect(await audit("subscription.cancelled", sub.id)).toBe(1);
    });

    it("cancels at the end of the term", async () => {
      const customer = await customerWithCard();
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: plan.id });
      const res = await call("POST", `/subscriptions/${sub.id}/cancel`, { at: "end_of_term" }, { key: `c${++n}` });
      expect(res.body).toMatchObject({ subscription: { status: "active", cancel_at_period_end: true }, credited: { amount: 0 } });
    });

    it("pauses and resumes whatever the portal settings say", async () => {
      const customer = await customerWithCard();
      const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: plan.id });
      expect((await call("POST", `/subscriptions/${sub.id}/pause`, { at: "yesterday" })).status).toBe(422);
      expect((await call("POST", `/subscriptions/${sub.id}/pause`, {}, { as: other })).status).toBe(404);
      const paused = await call("POST", `/subscriptions/${sub.id}/pause`, {});
      expect(paused).toMatchObject({ status: 200, body: { status: "paused" } });
      expect((await call("POST", `/subscriptions/${sub.id}/pause`, {})).body.code).toBe("not_pausable");
      expect((await call("POST", `/subscriptions/${sub.id}/resume`, {}, { key: `r${++n}`, as: other })).status).toBe(404);
      const resumed = await call("POST", `/subscriptions/${sub.id}/resume`, {}, { key: `r${++n}` });
      expect(resumed).toMatchObject({ status: 200, body: { status: "active" } });
      expect(await audit("subscription.paused", sub.id)).toBe(1);
      expect(await audit("subscription.resumed", sub.id)).toBe(1);
    });
  });

  describe("orders", () => {
    const place = async (body: Record<string, unknown>) => {
      const customer = await customerWithCard();
      const res = await call("POST", "/orders", { customer: customer.id, currency: "EUR", items: [{ description: "Plan", quantity: 1, unit_amount: 9000 }], ...body }, { key: `o${++n}` });
      expect(res.status).toBe(201);
      return res.body;
    };

    it("cancels an order: its subscription ends and its open invoice is voided", async () => {
      const placed = await place({ type: "recurring" });
      expect((await call("POST", `/orders/${placed.order.id}/cancel`, { reason: 7 })).status).toBe(422);
      expect((await call("POST", `/orders/${placed.order.id}/cancel`, {}, { as: other })).status).toBe(404);
      const res = await call("POST", `/orders/${placed.order.id}/cancel`, { reason: "Customer called" });
      expect(res).toMatchObject({ status: 200, body: { state: "cancelled", voided_invoices: [placed.invoice.id] } });
      const [sub] = await t.core.db.select().from(schema.subscriptions).where(eq(schema.subscriptions.orderId, placed.order.id));
      expect(sub!.status).toBe("cancelled");
      const [invoice] = await t.core.db.select().from(schema.documents).where(eq(schema.documents.id, placed.invoice.id));
      expect(invoice!.status).toBe("void");
      expect((await call("POST", `/orders/${placed.order.id}/cancel`, {})).body.code).toBe("order_not_cancellable");
      expect(await audit("order.cancelled", placed.order.id)).toBe(1);
    });

    it("puts an instalment order in review, then marks it complete", async () => {
      const placed = await place({ type: "instalment", instalment_count: 3 });
      expect((await call("POST", `/orders/${placed.order.id}/review`, {}, { as: other })).status).toBe(404);
      const review = await call("POST", `/orders/${placed.order.id}/review`, { note: "Checking the delivery" });
      expect(review).toMatchObject({ status: 200, body: { state: "in_review" } });
      const [sub] = await t.core.db.select().from(schema.subscriptions).where(eq(schema.subscriptions.orderId, placed.order.id));
      expect(sub!.status).toBe("paused");
      expect((await call("POST", `/orders/${placed.order.id}/complete`, { note: 5 })).status).toBe(422);
      const done = await call("POST", `/orders/${placed.order.id}/complete`, {});
      expect(done).toMatchObject({ status: 200, body: { state: "complete", voided_invoices: [placed.invoice.id] } });
      expect((await call("POST", `/orders/${placed.order.id}/review`, {})).body.code).toBe("order_not_in_progress");
      expect(await audit("order.review_started", placed.order.id)).toBe(1);
      expect(await audit("order.completed", placed.order.id)).toBe(1);
    });

    it("reviews only instalment orders", async () => {
      const placed = await place({ type: "one_time" });
      expect((await call("POST", `/orders/${placed.order.id}/review`, {})).body.code).toBe("not_an_instalment_order");
    });
  });
});
