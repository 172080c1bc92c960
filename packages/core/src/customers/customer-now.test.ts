import { afterAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "./create-customer.ts";
import { merchants, transactions } from "../db/schema/index.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { listPaymentMethods } from "../payment-methods/list-payment-methods.ts";
import { chargeInvoice } from "../payments/charge-invoice.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { voidPayment } from "../payments/void-payment.ts";
import { retryFailedRefunds } from "../payments/retry-failed-refunds.ts";
import { requestRefund } from "../requests/request-refund.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "../subscriptions/test-clocks.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";

describe("a test clock drives every time rule of its customer (A10, R3, R4, R5)", async () => {
  // The wall clock stands still on 2026-06-15 throughout; only the test clocks move.
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const grinder = await createProduct(ctx, shop.merchantId, { name: "Grinder", refundPeriodDays: 14 });

  async function customerOnClock(start: string, card = "4242424242424242") {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "time rules", frozenAt: new Date(start) });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `t${Math.random()}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    await addCard(ctx, scope, { number: card, expMonth: 12, expYear: 2035, cvc: "123" });
    const advance = (days: number) => advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date(new Date(start).getTime() + days * 86_400_000) });
    return { scope, advance };
  }
  async function paidGrinder(scope: { merchantId: string; customerId: string }) {
    const order = await createOrder(ctx, shop.merchantId, { customerId: scope.customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 9000, productId: grinder.id }] }, { invoice: {} });
    const paid = await chargeInvoice(ctx, scope, { invoiceId: order.invoice.id, idempotencyKey: `pay-${order.id}` });
    return paid.payment_id;
  }

  it("lets a payment be refunded once the customer's test clock is 3 days on (was: still unsettled by the wall clock)", async () => {
    const { scope, advance } = await customerOnClock("2027-02-01T09:00:00.000Z");
    const paymentId = await paidGrinder(scope);
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, paymentId));
    expect(payment!.createdAt.toISOString()).toBe("2027-02-01T09:00:00.000Z");
    await expect(refundPayment(ctx, shop.merchantId, { paymentId, amount: 1000 })).rejects.toMatchObject({ code: "refund_requires_settlement" });
    await advance(3);
    await expect(refundPayment(ctx, shop.merchantId, { paymentId, amount: 1000 })).resolves.toMatchObject({ status: "approved" });
    await expect(voidPayment(ctx, shop.merchantId, { paymentId })).rejects.toMatchObject({ code: "void_requires_unsettled" });
  });

  it("denies the automatic refund at +15 days on a 14-day product for a test-clock customer (R5; was: still granted)", async () => {
    await ctx.db.update(merchants).set({ settings: { refunds: "automatic" } }).where(eq(merchants.id, shop.merchantId));
    const { scope, advance } = await customerOnClock("2027-03-01T09:00:00.000Z");
    const inside = await paidGrinder(scope);
    const outside = await paidGrinder(scope);
    await advance(10);
    await expect(requestRefund(ctx, scope, { paymentId: inside })).resolves.toMatchObject({ status: "refunded" });
    await advance(15);
    await expect(requestRefund(ctx, scope, { paymentId: outside })).rejects.toMatchObject({ code: "refund_period_expired", details: { refund_period_ended_at: "2027-03-15T09:00:00.000Z" } });
  });

  it("retries a failed refund a day later on the customer's clock, not the wall clock (R4)", async () => {
    const { scope, advance } = await customerOnClock("2027-04-01T09:00:00.000Z", "4000000000000119");
    const paymentId = await paidGrinder(scope);
    await advance(2);
    const refund = await refundPayment(ctx, shop.merchantId, { paymentId, amount: 9000 });
    expect(refund.status).toBe("pending");
    const attempts = async () => (await ctx.db.select().from(transactions).where(and(eq(transactions.parentId, paymentId), eq(transactions.kind, "refund"))))[0]!.attempts;
    const before = await attempts();
    await retryFailedRefunds(ctx);
    expect(await attempts()).toBe(before);
    await advance(3);
    await retryFailedRefunds(ctx);
    expect(await attempts()).toBe(before + 1);
  });

  it("shows a card as expired once the customer's test clock passes its expiry (R2)", async () => {
    const { scope, advance } = await customerOnClock("2035-11-20T00:00:00.000Z");
    expect((await listPaymentMethods(ctx, scope)).map((m) => m.expired)).toEqual([false]);
    await advance(60);
    expect((await listPaymentMethods(ctx, scope)).map((m) => m.expired)).toEqual([true]);
  });
});
