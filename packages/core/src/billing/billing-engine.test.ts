import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { documents, paymentMethods, subscriptions, testClocks, transactions } from "../db/schema/index.ts";
import { runBilling } from "./billing-engine.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "../subscriptions/test-clocks.ts";

const card = (number = "4242424242424242") => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

describe("the billing engine on a test clock (S9, A10)", async () => {
  const ctx = await createTestContext("2026-01-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const product = await createProduct(ctx, shop.merchantId, { name: "Coffee club" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Monthly", amount: 1000, currency: "EUR", interval: "month" });

  async function subscriber(start: string, number = "4242424242424242") {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "sim", frozenAt: new Date(start) });
    const { createCustomer } = await import("../customers/create-customer.ts");
    const customer = await createCustomer(ctx, shop.merchantId, { email: `c${Math.random()}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: customer.id }, card(number));
    return { clock, customerId: customer.id };
  }
  const invoicesOf = (subscriptionId: string) =>
    ctx.db.select().from(documents).where(and(eq(documents.subscriptionId, subscriptionId), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt));

  it("anchors at month end: Jan 31 -> Feb 28 -> Mar 31 -> Apr 30, one paid invoice per period", async () => {
    const { clock, customerId } = await subscriber("2027-01-31T10:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId, pricePointId: monthly.id });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2027-04-30T12:00:00.000Z") });
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.issuedAt.toISOString().slice(0, 10), i.billingCycle, i.status, i.totalAmount])).toEqual([
      ["2027-01-31", 0, "paid", 1000],
      ["2027-02-28", 1, "paid", 1000],
      ["2027-03-31", 2, "paid", 1000],
      ["2027-04-30", 3, "paid", 1000],
    ]);
    const [row] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row!.currentPeriodEnd!.toISOString()).toBe("2027-05-31T10:00:00.000Z");
  });

  it("a declined renewal makes it past due, retries on the dunning days, and cancels when they run out", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { dunningRetryDays: [3, 5], dunningFinalAction: "cancel" });
    const { clock, customerId } = await subscriber("2027-03-01T00:00:00.000Z", "4000000000000341");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId, pricePointId: monthly.id });
    let [row] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row).toMatchObject({ status: "past_due", dunningAttempts: 1 });
    expect(row!.nextRetryAt!.toISOString()).toBe("2027-03-04T00:00:00.000Z");
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2027-03-05T00:00:00.000Z") });
    [row] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row).toMatchObject({ status: "past_due", dunningAttempts: 2 });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2027-03-20T00:00:00.000Z") });
    [row] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row).toMatchObject({ status: "cancelled", cancelReason: "payment_failed" });
    const attempts = await ctx.db.select().from(transactions).where(eq(transactions.orderId, row!.orderId));
    expect(attempts.map((t) => t.status)).toEqual(["declined", "declined", "declined"]);
  });

  it("anchors a yearly plan on a leap day: Feb 29 2028 -> Feb 28 2029 -> Feb 28 2030", async () => {
    const yearly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Yearly", amount: 10000, currency: "EUR", interval: "year" });
    const { clock, customerId } = await subscriber("2028-02-29T08:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId, pricePointId: yearly.id });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2030-03-01T00:00:00.000Z") });
    expect((await invoicesOf(sub.id)).map((i) => i.issuedAt.toISOString())).toEqual(["2028-02-29T08:00:00.000Z", "2029-02-28T08:00:00.000Z", "2030-02-28T08:00:00.000Z"]);
  });

  it("lets several billing runs race without a second invoice or charge", async () => {
    const { clock, customerId } = await subscriber("2027-06-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId, pricePointId: monthly.id });
    await ctx.db.update(testClocks).set({ frozenAt: new Date("2027-09-15T00:00:00.000Z") }).where(eq(testClocks.id, clock.id));
    await Promise.all([1, 2, 3].map(() => runBilling(ctx, { testClockId: clock.id })));
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => i.billingCycle)).toEqual([0, 1, 2, 3]);
    const paid = await ctx.db.select().from(transactions).where(and(eq(transactions.status, "approved"), eq(transactions.orderId, invoices[0]!.orderId!)));
    expect(paid).toHaveLength(4);
  });

  it("assigns only the customer's own card to a new subscription", async () => {
    const mine = await subscriber("2027-06-01T00:00:00.000Z");
    const other = await subscriber("2027-06-01T00:00:00.000Z");
    const [foreign] = await ctx.db.select().from(paymentMethods).where(eq(paymentMethods.customerId, other.customerId));
    await expect(createSubscription(ctx, shop.merchantId, { customerId: mine.customerId, pricePointId: monthly.id, paymentMethodId: foreign!.id })).rejects.toMatchObject({ code: "payment_method_not_found" });
    expect(await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, mine.customerId))).toHaveLength(0);
  });
});
