import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { documents } from "../db/schema/index.ts";
import { getOrderDetails } from "../orders/get-order-details.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createSubscription } from "./create-subscription.ts";
import { changeBillingDate, changePricePoint, manageTrial } from "./staff-actions.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

describe("staff operations on subscriptions (S8, S4)", async () => {
  const ctx = await createTestContext("2026-11-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const product = await createProduct(ctx, shop.merchantId, { name: "Box" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Monthly", amount: 2000, currency: "EUR", interval: "month" });
  const premium = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Premium", amount: 5000, currency: "EUR", interval: "month" });
  const trial = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Trial", amount: 2000, currency: "EUR", interval: "month", trialDays: 7 });

  async function onClock(start: string) {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "staff", frozenAt: new Date(start) });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `${clock.id}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    return { clock, customerId: customer.id, advance: (to: string) => advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date(to) }) };
  }
  const invoiceDates = async (orderId: string) =>
    (await ctx.db.select().from(documents).where(and(eq(documents.orderId, orderId), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt))).map((i) => [i.issuedAt.toISOString().slice(0, 10), i.totalAmount]);

  it("moves the billing date: the period ends on the new date and later ones count from it", async () => {
    const c = await onClock("2027-01-05T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: monthly.id });
    expect(await changeBillingDate(ctx, shop.merchantId, { subscriptionId: sub.id, date: new Date("2027-01-20T00:00:00.000Z") })).toMatchObject({ current_period_end: "2027-01-20T00:00:00.000Z" });
    await c.advance("2027-03-01T00:00:00.000Z");
    expect(await invoiceDates(sub.order_id)).toEqual([["2027-01-05", 2000], ["2027-01-20", 2000], ["2027-02-20", 2000]]);
    await expect(changeBillingDate(ctx, shop.merchantId, { subscriptionId: sub.id, date: new Date("2027-02-01T00:00:00.000Z") })).rejects.toMatchObject({ code: "date_in_past" });
  });

  it("changes the price point from the next renewal", async () => {
    const c = await onClock("2027-01-05T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: monthly.id });
    await changePricePoint(ctx, shop.merchantId, { subscriptionId: sub.id, pricePointId: premium.id });
    await c.advance("2027-02-06T00:00:00.000Z");
    expect(await invoiceDates(sub.order_id)).toEqual([["2027-01-05", 2000], ["2027-02-05", 5000]]);
  });

  it("restarts, skips and stops trials", async () => {
    const c = await onClock("2027-01-05T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: trial.id });
    expect(await manageTrial(ctx, shop.merchantId, { subscriptionId: sub.id, action: "stop" })).toMatchObject({ status: "expired" });
    expect(await manageTrial(ctx, shop.merchantId, { subscriptionId: sub.id, action: "restart", days: 3 })).toMatchObject({ status: "trialing", trial_ends_at: "2027-01-08T00:00:00.000Z" });
    expect(await manageTrial(ctx, shop.merchantId, { subscriptionId: sub.id, action: "skip" })).toMatchObject({ status: "active", current_period_end: "2027-02-05T00:00:00.000Z" });
    expect(await invoiceDates(sub.order_id)).toEqual([["2027-01-05", 2000]]);
    await expect(manageTrial(ctx, shop.merchantId, { subscriptionId: sub.id, action: "skip" })).rejects.toMatchObject({ code: "not_in_trial" });
  });

  it("skipping a trial for a customer with no card bills today: past due with today's invoice open to pay, the retry dated, next_payment the next period's", async () => {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "no card", frozenAt: new Date("2027-01-05T00:00:00.000Z") });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `${clock.id}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: customer.id, pricePointId: trial.id });
    expect(await manageTrial(ctx, shop.merchantId, { subscriptionId: sub.id, action: "skip" })).toMatchObject({ status: "past_due", next_retry_at: "2027-01-08T00:00:00.000Z" });
    const [invoice] = await ctx.db.select().from(documents).where(and(eq(documents.orderId, sub.order_id), eq(documents.kind, "invoice")));
    expect(invoice).toMatchObject({ status: "open", totalAmount: 2000, dueAt: new Date("2027-01-05T00:00:00.000Z") });
    // As after any declined renewal: what is owed now is the open invoice; next_payment is the next period's billing.
    expect(await getOrderDetails(ctx, { merchantId: shop.merchantId, customerId: customer.id }, sub.order_id)).toMatchObject({
      status: "past_due",
      next_payment: { due_at: "2027-02-05T00:00:00.000Z", amount: { amount: 2000 } },
    });
  });
});
