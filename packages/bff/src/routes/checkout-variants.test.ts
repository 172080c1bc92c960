import { addCard, getOrderDetails, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { checkoutCopy } from "../pages/checkout-copy.ts";
import { checkoutHtml, describeOrder } from "../pages/checkout-html.ts";
import { createTestApp } from "../testing.ts";

/** Checkout variants of POST /v1/orders: card only, and pre-authorisation with capture and release. */
describe("checkout variants: card only, pre-authorise, capture and release", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  let n = 0;

  const merchant = async (method: string, path: string, body?: unknown, options: { key?: string; as?: { secretKey: string } } = {}) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${(options.as ?? shop).secretKey}`, "Content-Type": "application/json", ...(options.key ? { "Idempotency-Key": options.key } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("content-type") ?? "", replayed: res.headers.get("idempotent-replayed"), body: (await res.json()) as Record<string, any> };
  };

  /** A customer with a card, an order placed with `checkout`, and (pre_authorize) the checkout's payment made. */
  async function checkout(mode: "card_only" | "pre_authorize", amount = 5000) {
    const customer = await t.createCustomer(shop.merchantId, `v${++n}@example.com`);
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const placed = await merchant("POST", "/orders", { customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Bike", quantity: 1, unit_amount: amount }], checkout: mode }, { key: `o${++n}` });
    expect(placed.status).toBe(201);
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    if (mode === "card_only") return { customer, placed, scope, authorization: null };
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const paid = await t.app.request(`/v1/portal/invoices/${placed.body.invoice.id}/pay`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `p${++n}` },
      body: "{}",
    });
    const body = (await paid.json()) as Record<string, any>;
    expect(paid.status).toBe(201);
    return { customer, placed, scope, authorization: body };
  }
  const paymentsOf = (orderId: string) => t.core.db.select().from(schema.transactions).where(and(eq(schema.transactions.orderId, orderId), eq(schema.transactions.kind, "payment")));
  const invoiceOf = async (id: string) => (await t.core.db.select().from(schema.documents).where(eq(schema.documents.id, id)))[0]!;

  it("card_only: no invoice is issued and nothing is charged; the checkout page says Save card", async () => {
    const { placed, scope } = await checkout("card_only");
    expect(placed.body.invoice).toBeNull();
    expect(await paymentsOf(placed.body.order.id)).toEqual([]);
    const order = await getOrderDetails(t.core, scope, placed.body.order.id);
    expect(order.checkout).toBe("card_only");
    const html = checkoutHtml({ nonce: "n", order, merchantId: shop.merchantId, session: "s", summary: "x", copy: checkoutCopy("de-DE,de;q=0.9") });
    expect(html).toContain('<html lang="de" data-theme="auto">');
    expect(html).toContain("Karte speichern");
    expect(html).toContain('"context", "save"');
    expect(describeOrder(order, checkoutCopy("de")).replace(/\s/g, " ")).toBe("50,00 €, einmalig bezahlt");
    expect(checkoutHtml({ nonce: "n", order, merchantId: shop.merchantId, session: "s", summary: "x" })).toContain(">Save card<");
  });

  it("refuses a card-only or pre-authorisation checkout for a recurring order, and an unknown mode, changing nothing", async () => {
    const customer = await t.createCustomer(shop.merchantId, `v${++n}@example.com`);
    const before = (await t.core.db.select().from(schema.orders)).length;
    for (const [type, checkoutMode, status] of [["recurring", "pre_authorize", 422], ["instalment", "card_only", 422], ["one_time", "hold", 422]] as const) {
      const res = await merchant("POST", "/orders", { customer: customer.id, type, currency: "EUR", items: [{ description: "Bike", quantity: 1, unit_amount: 100 }], checkout: checkoutMode, instalment_count: 3 }, { key: `o${++n}` });
      expect(res.status).toBe(status);
      expect(res.type).toContain("application/problem+json");
    }
    expect((await t.core.db.select().from(schema.orders)).length).toBe(before);
  });

  it("pre_authorize: the checkout holds the amount, nothing is taken, and the page says Authorise", async () => {
    const { placed, scope, authorization, customer } = await checkout("pre_authorize");
    expect(authorization).toMatchObject({ status: "authorized", charged: 0, authorization: { status: "authorized", amount: { amount: 5000, currency: "EUR" }, captured: { amount: 0 } } });
    expect(authorization!.payment_id).toMatch(/^auth_/);
    expect(authorization!.authorization.expires_at).toBe(new Date(t.clock.now().getTime() + 7 * 86_400_000).toISOString());
    expect(await paymentsOf(placed.body.order.id)).toEqual([]);
    expect((await invoiceOf(placed.body.invoice.id)).status).toBe("open");
    // The hold is recorded once, as an authorisation: the invoice was not paid.
    const audit = await t.core.db.select().from(schema.auditLog).where(eq(schema.auditLog.customerId, customer.id));
    expect(audit.filter((r) => r.action.startsWith("payment.") || r.action.startsWith("invoice.")).map((r) => [r.action, r.subjectId])).toEqual([["payment.authorized", authorization!.payment_id]]);
    const listed = await merchant("GET", `/orders/${placed.body.order.id}/authorizations`);
    expect(listed.body.data.map((a: any) => a.id)).toEqual([authorization!.payment_id]);
    const order = await getOrderDetails(t.core, scope, placed.body.order.id);
    const html = checkoutHtml({ nonce: "n", order, merchantId: shop.merchantId, session: "s", summary: "x" });
    expect(html).toContain(">Authorise payment<");
    expect(html).toContain("Authorise {amount} on {card}");
    expect(checkoutHtml({ nonce: "n", order, merchantId: shop.merchantId, session: "s", summary: "x", copy: checkoutCopy("de") })).toContain("Zahlung autorisieren");
  });

  it("captures in full: one card payment of the whole amount pays the invoice", async () => {
    const { placed, authorization } = await checkout("pre_authorize");
    const res = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, {}, { key: `c${++n}` });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "captured", captured: { amount: 5000, currency: "EUR" }, released: { amount: 0, currency: "EUR" } });
    const payments = await paymentsOf(placed.body.order.id);
    expect(payments.map((p) => [p.status, p.amount, p.funding])).toEqual([["approved", 5000, "card"]]);
    expect(res.body.payment_id).toBe(payments[0]!.id);
    expect((await invoiceOf(placed.body.invoice.id)).status).toBe("paid");
    const audit = await t.core.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, "payment.captured"), eq(schema.auditLog.subjectId, authorization!.payment_id)));
    expect(audit).toHaveLength(1);
  });

  it("captures part: exactly that is taken and the rest released", async () => {
    const { placed, authorization } = await checkout("pre_authorize", 5000);
    const res = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, { amount: 3250 }, { key: `c${++n}` });
    expect(res.body).toMatchObject({ status: "captured", amount: { amount: 5000 }, captured: { amount: 3250 }, released: { amount: 1750 } });
    const payments = await paymentsOf(placed.body.order.id);
    expect(payments.map((p) => p.amount)).toEqual([3250]);
    expect((await merchant("POST", `/payments/${authorization!.payment_id}/capture`, { amount: 1750 }, { key: `c${++n}` })).body.code).toBe("authorization_captured");
  });

  it("refuses a capture above the authorised amount, or a malformed one, and changes nothing", async () => {
    const { placed, authorization } = await checkout("pre_authorize", 5000);
    for (const body of [{ amount: 5001 }, { amount: -1 }, { amount: 12.5 }, { amount: "all" }, { extra: true }]) {
      const res = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, body, { key: `c${++n}` });
      expect(res.status).toBe(422);
      expect(res.type).toContain("application/problem+json");
    }
    expect((await merchant("POST", `/payments/${authorization!.payment_id}/capture`, {})).status).toBe(400); // no Idempotency-Key
    expect(await paymentsOf(placed.body.order.id)).toEqual([]);
    const [row] = await t.core.db.select().from(schema.paymentAuthorizations).where(eq(schema.paymentAuthorizations.id, authorization!.payment_id));
    expect(row).toMatchObject({ status: "authorized", capturedAmount: 0 });
  });

  it("answers another merchant's authorisation as not found", async () => {
    const { authorization } = await checkout("pre_authorize");
    expect((await merchant("POST", `/payments/${authorization!.payment_id}/capture`, {}, { key: `c${++n}`, as: other })).status).toBe(404);
    expect((await merchant("POST", `/payments/${authorization!.payment_id}/release`, {}, { key: `c${++n}`, as: other })).status).toBe(404);
    const [row] = await t.core.db.select().from(schema.paymentAuthorizations).where(eq(schema.paymentAuthorizations.id, authorization!.payment_id));
    expect(row!.status).toBe("authorized");
  });

  it("releases: nothing is taken, and a capture afterwards is 409", async () => {
    const { placed, authorization } = await checkout("pre_authorize");
    const res = await merchant("POST", `/payments/${authorization!.payment_id}/release`, {}, { key: `r${++n}` });
    expect(res).toMatchObject({ status: 200, body: { status: "released", captured: { amount: 0 }, released: { amount: 5000 } } });
    const capture = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, {}, { key: `c${++n}` });
    expect(capture).toMatchObject({ status: 409, body: { code: "authorization_released" } });
    expect(await paymentsOf(placed.body.order.id)).toEqual([]);
  });

  it("an order holding an authorisation is cancelled only once it is released", async () => {
    const { placed, authorization } = await checkout("pre_authorize");
    const refused = await merchant("POST", `/orders/${placed.body.order.id}/cancel`, {});
    expect(refused).toMatchObject({ status: 409, body: { code: "authorization_open" } });
    expect((await invoiceOf(placed.body.invoice.id)).status).toBe("open");
    await merchant("POST", `/payments/${authorization!.payment_id}/release`, {}, { key: `r${++n}` });
    const cancelled = await merchant("POST", `/orders/${placed.body.order.id}/cancel`, {});
    expect(cancelled).toMatchObject({ status: 200, body: { state: "cancelled", voided_invoices: [placed.body.invoice.id] } });
  });

  it("the same key twice is one capture", async () => {
    const { placed, authorization } = await checkout("pre_authorize");
    const key = `c${++n}`;
    const first = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, { amount: 4000 }, { key });
    const again = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, { amount: 4000 }, { key });
    expect(again.replayed).toBe("true");
    expect(again.body).toEqual(first.body);
    expect((await paymentsOf(placed.body.order.id)).map((p) => p.amount)).toEqual([4000]);
    // Core keeps the key too: the same operation asked again without the HTTP layer is still one capture.
    const attempts = await t.core.db.select().from(schema.gatewayAttempts).where(and(eq(schema.gatewayAttempts.purpose, "capture"), eq(schema.gatewayAttempts.idempotencyKey, key)));
    expect(attempts).toHaveLength(1);
  });

  it("two captures at once with different keys: one wins, the other is 409", async () => {
    const { placed, authorization } = await checkout("pre_authorize");
    const results = await Promise.all([1, 2].map(() => merchant("POST", `/payments/${authorization!.payment_id}/capture`, {}, { key: `c${++n}` })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await paymentsOf(placed.body.order.id)).map((p) => p.amount)).toEqual([5000]);
  });

  it("an authorisation cannot be captured after 7 days (409), and the checkout cannot authorise twice", async () => {
    const { authorization, customer, placed } = await checkout("pre_authorize");
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const twice = await t.app.request(`/v1/portal/invoices/${placed.body.invoice.id}/pay`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `p${++n}` },
      body: "{}",
    });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { code: string }).code).toBe("payment_authorized");
    t.clock.advance({ days: 7 });
    const res = await merchant("POST", `/payments/${authorization!.payment_id}/capture`, {}, { key: `c${++n}` });
    expect(res).toMatchObject({ status: 409, body: { code: "authorization_expired" } });
    expect(await paymentsOf(placed.body.order.id)).toEqual([]);
  });
});
