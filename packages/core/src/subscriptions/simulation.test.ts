import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { documents, subscriptions, transactions } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createSubscription } from "./create-subscription.ts";
import { changeSubscription } from "./change-subscription.ts";
import { pauseSubscription } from "./pause-subscription.ts";
import { previewSubscriptionChange } from "./preview-subscription-change.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

const at = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const card = (number: string) => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

/**
 * Thirteen months of one subscription on a test clock (S9, A10), against invoices
 * worked out by hand: Basic at 10.00 a month from 15 January 2027; an upgrade
 * to Pro at 30.00 on 30 March (16 of the period's 31 days left: credit
 * 1000 x 16/31 = 516.13 -> 516, charge 3000 x 16/31 = 1548.39 -> 1548, due 1032);
 * paused 1 June to 1 August (billing restarts on the resume date); the
 * 1 September renewal declined twice (1 and 3 September) and recovered on the
 * 7 September retry with a new card; then monthly to February 2028.
 */
describe("a thirteen-month test-clock simulation", async () => {
  const ctx = await createTestContext("2026-11-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  await setMerchantSettings(ctx, shop.merchantId, { changePlan: "either", pauseResume: true, dunningRetryDays: [2, 4, 6], dunningFinalAction: "cancel" });
  const product = await createProduct(ctx, shop.merchantId, { name: "Roastery" });
  const pro = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Pro", amount: 3000, currency: "EUR", interval: "month" });
  const basic = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Basic", amount: 1000, currency: "EUR", interval: "month", switchTo: [pro.id] });
  const clock = await createTestClock(ctx, shop.merchantId, { name: "13 months", frozenAt: at("2027-01-15") });
  const customer = await createCustomer(ctx, shop.merchantId, { email: "sim@example.com" });
  const scope = { merchantId: shop.merchantId, customerId: customer.id };
  await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
  await addCard(ctx, scope, card("4242424242424242"));
  const advance = (iso: string) => advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: at(iso) });

  it("bills exactly the hand-computed invoices", async () => {
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: customer.id, pricePointId: basic.id });
    await advance("2027-03-30");
    const preview = await previewSubscriptionChange(ctx, scope, { subscriptionId: sub.id, pricePointId: pro.id });
    expect(preview).toMatchObject({ credit: 516, charge: 1548, net: 1032, due_now: 1032 });
    await changeSubscription(ctx, scope, { subscriptionId: sub.id, pricePointId: pro.id, when: "now", prorationDate: new Date(preview.proration_date) });
    await advance("2027-05-20");
    await pauseSubscription(ctx, scope, { subscriptionId: sub.id, at: at("2027-06-01"), resumeAt: at("2027-08-01") });
    await advance("2027-08-20");
    // The card starts declining before the September renewal.
    await addCard(ctx, scope, card("4000000000000341"), { makeDefault: true });
    await advance("2027-09-05");
    expect((await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id)))[0]).toMatchObject({ status: "past_due", dunningAttempts: 2 });
    await addCard(ctx, scope, card("5555555555554444"), { makeDefault: true });
    await advance("2028-02-15");

    const invoices = await ctx.db
      .select()
      .from(documents)
      .where(and(eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice")))
      .orderBy(asc(documents.issuedAt), asc(documents.number));
    expect(invoices.map((i) => [i.issuedAt.toISOString().slice(0, 10), i.totalAmount, i.status])).toEqual([
      ["2027-01-15", 1000, "paid"],
      ["2027-02-15", 1000, "paid"],
      ["2027-03-15", 1000, "paid"],
      ["2027-03-30", 1032, "paid"],
      ["2027-04-15", 3000, "paid"],
      ["2027-05-15", 3000, "paid"],
      ["2027-08-01", 3000, "paid"],
      ["2027-09-01", 3000, "paid"],
      ["2027-10-01", 3000, "paid"],
      ["2027-11-01", 3000, "paid"],
      ["2027-12-01", 3000, "paid"],
      ["2028-01-01", 3000, "paid"],
      ["2028-02-01", 3000, "paid"],
    ]);
    expect(invoices[3]!.lines.map((l) => l.amount)).toEqual([-516, 1548]);

    const september = invoices[7]!;
    const attempts = await ctx.db.select().from(transactions).where(eq(transactions.invoiceId, september.id)).orderBy(asc(transactions.createdAt));
    expect(attempts.map((t) => [t.createdAt.toISOString().slice(0, 10), t.status])).toEqual([
      ["2027-09-01", "declined"],
      ["2027-09-03", "declined"],
      ["2027-09-07", "approved"],
    ]);
    const [final] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(final).toMatchObject({ status: "active", dunningAttempts: 0, pricePointId: pro.id });
    expect(final!.currentPeriodEnd!.toISOString()).toBe("2028-03-01T00:00:00.000Z");
    const paid = await ctx.db.select().from(transactions).where(and(eq(transactions.customerId, customer.id), eq(transactions.status, "approved")));
    expect(paid.reduce((s, t) => s + t.amount, 0)).toBe(31_032);
  });
});
