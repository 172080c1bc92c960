import { beginIdempotentRequest, createOrder, issueInvoice, schema, setMerchantSettings } from "@billfront/core/server";
import { eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

const SHOP = "https://shop.example";

describe("payments on the API: cards, invoices, refunds, voids, idempotency (R1, R3, R8, O6)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  let shop: { merchantId: string; secretKey: string };
  let customerId: string;
  let token: string;

  beforeAll(async () => {
    shop = await t.createMerchant([SHOP]);
    customerId = (await t.createCustomer(shop.merchantId)).id;
    token = (await t.mintSession(shop.merchantId, customerId, 24 * 3600)).token;
  });

  const portal = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
    t.app.request(path, {
      method: init.method ?? "GET",
      headers: {
        Authorization: `Bearer ${token}`,
        "Content-Type": "application/json",
        Origin: SHOP,
        ...(init.key ? { "Idempotency-Key": init.key } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  const merchant = (path: string, body: unknown, key?: string) =>
    t.app.request(path, {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", ...(key ? { "Idempotency-Key": key } : {}) },
      body: JSON.stringify(body),
    });
  const addCard = (number: string) =>
    t.app.request("/card-form/cards", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Origin: "http://billfront.test" },
      body: JSON.stringify({ number, exp_month: 12, exp_year: 2031, cvc: "123", make_default: true }),
    });
  async function paidInvoice(amount = 10000) {
    const order = await createOrder(t.core, shop.merchantId, { customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const res = await portal(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", body: {}, key: `pay-${invoice.id}` });
    expect(res.status).toBe(201);
    return (await res.json()) as { payment_id: string; status: string };
  }

  it("saves a card through the card form endpoint and lists only its summary", async () => {
    const res = await addCard("4242 4242 4242 4242");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ brand: "visa", last4: "4242", is_default: true });
    const list = (await (await portal("/v1/portal/payment_methods")).json()) as { data: unknown[] };
    expect(JSON.stringify(list)).not.toContain("4242424242424242");
    const rows = JSON.stringify(await t.core.db.execute("select * from payment_methods, transactions"));
    expect(rows).not.toContain("4242424242424242");
  });

  it("refuses a card number anywhere in a portal API body (422 card_number_not_allowed)", async () => {
    const res = await portal("/v1/portal/invoices/doc_x/pay", { method: "POST", body: { note: "my card is 4242 4242 4242 4242" }, key: "k-card" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("card_number_not_allowed");
  });

  it("shows the card form only to allowed origins, framed only by them", async () => {
    const ok = await t.app.request(`/card-form?merchant=${shop.merchantId}&origin=${encodeURIComponent(SHOP)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("Content-Security-Policy")).toContain(`frame-ancestors ${SHOP}`);
    const refused = await t.app.request(`/card-form?merchant=${shop.merchantId}&origin=${encodeURIComponent("https://evil.example")}`);
    expect(refused.status).toBe(403);
  });

  it("asks whether to keep a card used for a payment, ticked or not by the merchant's setting (R1)", async () => {
    const form = async () => (await t.app.request(`/card-form?merchant=${shop.merchantId}&origin=${encodeURIComponent(SHOP)}&context=payment`)).text();
    expect(await form()).toContain('<input type="checkbox" id="keep-card" checked> Save this card for future payments');
    await setMerchantSettings(t.core, shop.merchantId, { saveCardDefault: false });
    expect(await form()).toContain('<input type="checkbox" id="keep-card"> Save this card for future payments');
    await setMerchantSettings(t.core, shop.merchantId, {});
  });

  it("pays an invoice once per idempotency key, replaying the first answer", async () => {
    const order = await createOrder(t.core, shop.merchantId, { customerId, type: "one_time", currency: "EUR", items: [{ description: "Mug", quantity: 1, unitAmount: 1500 }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const first = await portal(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", body: {}, key: "pay-mug" });
    const again = await portal(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", body: {}, key: "pay-mug" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const other = await portal(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", body: { payment_method: "pm_other" }, key: "pay-mug" });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe("idempotency_key_reused");
    const missing = await portal(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", body: {} });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe("idempotency_key_required");
  });

  it("pays several invoices in one payment (O6)", async () => {
    const invoices = [];
    for (const amount of [700, 800]) {
      const order = await createOrder(t.core, shop.merchantId, { customerId, type: "one_time", currency: "EUR", items: [{ description: "Filters", quantity: 1, unitAmount: amount }] });
      invoices.push((await issueInvoice(t.core, shop.merchantId, { orderId: order.id })).id);
    }
    const res = await portal("/v1/portal/invoices/pay", { method: "POST", body: { invoices }, key: "bulk-1" });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ status: "approved", charged: 1500, payment_ids: [expect.any(String), expect.any(String)] });
  });

  it("answers 409 while a request with the same key is still running", async () => {
    const ref = { merchantId: shop.merchantId, caller: "api", key: "slow" };
    const body = JSON.stringify({ amount: 1 });
    await beginIdempotentRequest(t.core, ref, createHash("sha256").update(`POST /v1/payments/txn_x/refunds\n${body}`).digest("hex"));
    const res = await merchant("/v1/payments/txn_x/refunds", { amount: 1 }, "slow");
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("idempotency_request_in_progress");
  });

  it("voids only unsettled payments in full, refunds only settled ones (R3)", async () => {
    const early = await paidInvoice();
    const tooSoon = await merchant(`/v1/payments/${early.payment_id}/refunds`, { amount: 100 }, "r-early");
    expect(tooSoon.status).toBe(409);
    expect(((await tooSoon.json()) as { code: string }).code).toBe("refund_requires_settlement");
    const partial = await merchant(`/v1/payments/${early.payment_id}/void`, { amount: 50 }, "v-partial");
    expect(partial.status).toBe(422);
    expect(((await partial.json()) as { code: string }).code).toBe("partial_void_not_allowed");
    expect((await merchant(`/v1/payments/${early.payment_id}/void`, {}, "v-full")).status).toBe(200);

    const late = await paidInvoice();
    t.clock.advance({ days: 2 });
    const tooLate = await merchant(`/v1/payments/${late.payment_id}/void`, {}, "v-late");
    expect(tooLate.status).toBe(409);
    expect(((await tooLate.json()) as { code: string }).code).toBe("void_requires_unsettled");
    const refund = await merchant(`/v1/payments/${late.payment_id}/refunds`, { amount: 2500 }, "r-late");
    expect(refund.status).toBe(201);
    expect(await refund.json()).toMatchObject({ status: "approved", credit_note_id: expect.any(String) });
    const over = await merchant(`/v1/payments/${late.payment_id}/refunds`, { amount: 7501 }, "r-over");
    expect(over.status).toBe(409);
    expect(((await over.json()) as { code: string }).code).toBe("refund_exceeds_remaining");
  });

  it("shows staff the refund retry queue and the customer's emails, and resends one (R4, R7)", async () => {
    const get = (path: string) => t.app.request(path, { headers: { Authorization: `Bearer ${shop.secretKey}` } });
    expect(await (await get("/v1/refund_queue")).json()).toEqual({ data: [], has_more: false, next_cursor: null });
    const emails = (await (await get(`/v1/customers/${customerId}/emails`)).json()) as { data: { id: string; template: string }[] };
    expect(emails.data.map((e) => e.template)).toContain("refund_confirmation");
    const resent = await merchant(`/v1/emails/${emails.data[0]!.id}/resend`, {}, "resend-1");
    expect(resent.status).toBe(201);
    const after = (await (await get(`/v1/customers/${customerId}/emails`)).json()) as { data: { resend_of: string | null }[] };
    expect(after.data.filter((e) => e.resend_of === emails.data[0]!.id)).toHaveLength(1);
  });

  it("lets staff grant credit and the customer add funds; both show in the balance (R6, A7)", async () => {
    token = (await t.mintSession(shop.merchantId, customerId)).token;
    expect((await merchant(`/v1/customers/${customerId}/credits`, { amount: 1000, currency: "EUR", note: "Sorry" }, "credit-1")).status).toBe(201);
    const top = await portal("/v1/portal/balance/top_ups", { method: "POST", body: { amount: 2500, currency: "EUR" }, key: "top-1" });
    expect(top.status).toBe(201);
    expect(await top.json()).toMatchObject({ status: "approved" });
    expect(await (await portal("/v1/portal/balance")).json()).toEqual({ data: [{ amount: 3500, currency: "EUR" }] });
    const refused = await merchant(`/v1/customers/${customerId}/credits`, { amount: -5, currency: "EUR" }, "credit-2");
    expect(refused.status).toBe(422);
  });

  it("never refunds more than was captured: 50 concurrent partial refunds with distinct keys (R3, R8)", async () => {
    token = (await t.mintSession(shop.merchantId, customerId)).token;
    const paid = await paidInvoice(10000);
    t.clock.advance({ days: 2 });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => merchant(`/v1/payments/${paid.payment_id}/refunds`, { amount: 700 }, `fifty-${i}`)),
    );
    // The card captured what the account credit left over; only whole 7.00 refunds of it fit.
    const [payment] = await t.core.db.select().from(schema.transactions).where(eq(schema.transactions.id, paid.payment_id));
    const fit = Math.floor(payment!.amount / 700);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(fit);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50 - fit);
    const refunds = await t.core.db.select().from(schema.transactions).where(eq(schema.transactions.parentId, paid.payment_id));
    expect(refunds.reduce((s, r) => s + r.amount, 0)).toBe(fit * 700);
    expect(fit * 700).toBeLessThanOrEqual(payment!.amount);
  });

  it("refuses to remove the only card of an active autocharged subscription", async () => {
    token = (await t.mintSession(shop.merchantId, customerId)).token;
    await createOrder(t.core, shop.merchantId, { customerId, type: "recurring", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 2400 }] });
    const list = (await (await portal("/v1/portal/payment_methods")).json()) as { data: { id: string }[] };
    expect(list.data).toHaveLength(1);
    const res = await portal(`/v1/portal/payment_methods/${list.data[0]!.id}`, { method: "DELETE" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { code: string }).code).toBe("payment_method_required");
  });
});
