import { addCard, beginIdempotentRequest, createOrder, IDEMPOTENCY_LEASE_MS, issueInvoice, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { isDefiniteAnswer } from "./idempotency.ts";

describe("idempotency keys on the API survive a crash and keep only definite answers (R8)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const scope = { merchantId: shop.merchantId, customerId: customer.id };
  const { token } = await t.mintSession(shop.merchantId, customer.id, 24 * 3600);
  await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
  const topUp = (body: unknown, key: string) =>
    t.app.request("/v1/portal/balance/top_ups", {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify(body),
    });
  const merchant = (path: string, body: unknown, key: string) =>
    t.app.request(path, { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": key }, body: JSON.stringify(body) });
  const topUpEntries = async () =>
    (await t.core.db.select().from(schema.balanceEntries).where(and(eq(schema.balanceEntries.customerId, customer.id), eq(schema.balanceEntries.kind, "top_up")))).length;
  /** A card payment just made, so still unsettled: it can be voided, not yet refunded (R3). */
  const freshPayment = async (amount: number) => {
    const order = await createOrder(t.core, shop.merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Kettle", quantity: 1, unitAmount: amount }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const paid = await t.app.request(`/v1/portal/invoices/${invoice.id}/pay`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `pay-${invoice.id}` },
      body: "{}",
    });
    return ((await paid.json()) as { payment_id: string }).payment_id;
  };
  /** What a BFF killed mid-request leaves behind: the key claimed, running, never completed. */
  const dieHoldingKey = (path: string, body: unknown, key: string) =>
    beginIdempotentRequest(t.core, { merchantId: shop.merchantId, caller: `customer:${customer.id}`, key }, createHash("sha256").update(`POST ${path}\n${JSON.stringify(body)}`).digest("hex"));

  it("tells a customer retrying a top-up whose first request is still running to wait, with Retry-After", async () => {
    const body = { amount: 1000, currency: "EUR" };
    await dieHoldingKey("/v1/portal/balance/top_ups", body, "crash-wait");
    t.clock.advance({ seconds: 5 });
    const res = await topUp(body, "crash-wait");
    expect(res.status).toBe(409);
    expect(res.headers.get("Retry-After")).toBe(String(IDEMPOTENCY_LEASE_MS / 1000 - 5));
    expect(await res.json()).toMatchObject({ code: "idempotency_request_in_progress", details: { retry_after_seconds: IDEMPOTENCY_LEASE_MS / 1000 - 5 } });
  });

  it("runs a customer's retried top-up once the crashed request's lease lapsed, instead of 409 for a day", async () => {
    const body = { amount: 1500, currency: "EUR" };
    const before = await topUpEntries();
    await dieHoldingKey("/v1/portal/balance/top_ups", body, "crash-retry");
    t.clock.advance({ ms: IDEMPOTENCY_LEASE_MS + 1000 });
    const retry = await topUp(body, "crash-retry");
    expect(retry.status).toBe(201);
    expect(await retry.json()).toMatchObject({ status: "approved" });
    const again = await topUp(body, "crash-retry");
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await topUpEntries()).toBe(before + 1);
  });

  it("lets a customer fix a top-up the validator refused and send it again with the same key", async () => {
    const refused = await topUp({ amount: -5, currency: "EUR" }, "fix-me");
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: "validation_failed" });
    const fixed = await topUp({ amount: 500, currency: "EUR" }, "fix-me");
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("lets a merchant fix a void core refused as invalid (partial) and send it in full with the same key", async () => {
    const paymentId = await freshPayment(4000);
    const partial = await merchant(`/v1/payments/${paymentId}/void`, { amount: 100 }, "void-1");
    expect(partial.status).toBe(422);
    expect(await partial.json()).toMatchObject({ code: "partial_void_not_allowed" });
    const full = await merchant(`/v1/payments/${paymentId}/void`, {}, "void-1");
    expect(full.status).toBe(200);
    expect(full.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("replays a refusal that is a business outcome (409: a refund before settlement) for its key", async () => {
    const paymentId = await freshPayment(9000);
    const first = await merchant(`/v1/payments/${paymentId}/refunds`, { amount: 100 }, "refund-early");
    expect(first.status).toBe(409);
    const again = await merchant(`/v1/payments/${paymentId}/refunds`, { amount: 100 }, "refund-early");
    expect(again.status).toBe(409);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
  });

  it("replays a declined top-up for its key: one attempt at the card, however often it is retried", async () => {
    const declining = await addCard(t.core, scope, { number: "4000000000000341", expMonth: 12, expYear: 2031, cvc: "123" });
    const body = { amount: 700, currency: "EUR", payment_method: declining.id };
    const first = await topUp(body, "declined-1");
    expect(await first.json()).toMatchObject({ status: "declined" });
    const again = await topUp(body, "declined-1");
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    const attempts = await t.core.db.select().from(schema.transactions).where(and(eq(schema.transactions.customerId, customer.id), eq(schema.transactions.paymentMethodId, declining.id)));
    expect(attempts).toHaveLength(1);
  });

  it("stores successes and business refusals, never input errors or failures on our side", () => {
    expect([200, 201, 402, 403, 409, 410].filter(isDefiniteAnswer)).toEqual([200, 201, 402, 403, 409, 410]);
    expect([400, 401, 404, 413, 422, 429, 500, 502, 503].filter(isDefiniteAnswer)).toEqual([]);
  });
});
