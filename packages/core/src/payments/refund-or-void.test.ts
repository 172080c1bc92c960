import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { gatewayAttempts, transactions } from "../db/schema/index.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { guardGatewayCalls } from "../testing/transaction-guard.ts";
import { chargeInvoice } from "./charge-invoice.ts";
import { refundOrVoidPayment } from "./refund-or-void.ts";

const card = { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" };

describe("refundOrVoidPayment: a staff refund voids while unsettled, refunds once settled (R3, M2)", async () => {
  const base = await createTestContext("2026-12-01T10:00:00.000Z");
  afterAll(() => base.handle.close());
  const ctx = guardGatewayCalls(base);
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  await addCard(ctx, scope, card, { makeDefault: true });
  const paid = async (amount: number, key: string) => {
    const { invoice } = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] }, { invoice: { dueAt: ctx.clock.now() } });
    return (await chargeInvoice(ctx, scope, { invoiceId: invoice.id, idempotencyKey: key })).payment_id;
  };
  const row = async (id: string) => (await ctx.db.select().from(transactions).where(eq(transactions.id, id)))[0]!;
  const staff = { source: "staff" as const, actor: "staff:test" };

  it("voids an unsettled payment in full, once per key, with the gateway called only outside transactions", async () => {
    const id = await paid(1200, "pay-unsettled");
    await expect(refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, amount: 200, ...staff, idempotencyKey: "part" })).rejects.toMatchObject({ code: "partial_refund_requires_settlement" });
    const first = await refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, ...staff, idempotencyKey: "give-1" });
    expect(first).toMatchObject({ payment_id: id, action: "voided", refund_id: null, status: "voided", remaining: { amount: 0, currency: "EUR" } });
    expect((await row(id)).status).toBe("voided");
    // A retry with the key answers the same; no second gateway call.
    const voids = ctx.calls.filter((c) => c === "void").length;
    expect(await refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, ...staff, idempotencyKey: "give-1" })).toEqual(first);
    expect(ctx.calls.filter((c) => c === "void").length).toBe(voids);
    const attempts = await ctx.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.paymentId, id), eq(gatewayAttempts.kind, "void")));
    expect(attempts).toHaveLength(1);
    expect(ctx.callsInsideTransactions).toEqual([]);
  });

  it("refunds a settled payment in part, says what is left, and refuses more than that", async () => {
    const id = await paid(3000, "pay-settled");
    base.clock.advance({ days: 2 });
    const part = await refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, amount: 1000, ...staff, idempotencyKey: "refund-1" });
    expect(part).toMatchObject({ action: "refunded", status: "approved", remaining: { amount: 2000, currency: "EUR" } });
    expect(await refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, amount: 1000, ...staff, idempotencyKey: "refund-1" })).toMatchObject({ refund_id: part.refund_id, remaining: { amount: 2000 } });
    await expect(refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, amount: 2001, ...staff, idempotencyKey: "refund-2" })).rejects.toMatchObject({ code: "refund_exceeds_remaining" });
    const rest = await refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, ...staff, idempotencyKey: "refund-3" });
    expect(rest).toMatchObject({ action: "refunded", remaining: { amount: 0 } });
    expect((await row(id)).refundedAmount).toBe(3000);
    await expect(refundOrVoidPayment(ctx, shop.merchantId, { paymentId: id, ...staff })).rejects.toMatchObject({ code: "nothing_to_refund" });
    expect(ctx.calls).toContain("refund");
    expect(ctx.callsInsideTransactions).toEqual([]);
  });

  it("does not see another merchant's payment", async () => {
    const id = await paid(500, "pay-foreign");
    await expect(refundOrVoidPayment(ctx, other.merchantId, { paymentId: id, ...staff, idempotencyKey: "x" })).rejects.toMatchObject({ code: "payment_not_found" });
  });
});
