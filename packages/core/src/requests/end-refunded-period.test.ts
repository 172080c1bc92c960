import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { documents, subscriptions, transactions } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { requestRefund } from "./request-refund.ts";

describe("a refunded period (R5, S9)", async () => {
  const ctx = await createTestContext("2027-03-01T10:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" }, { makeDefault: true });
  const club = await createProduct(ctx, shop.merchantId, { name: "Espresso club", refundPeriodDays: 14 });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: club.id, name: "Monthly", amount: 2900, currency: "EUR", interval: "month" });
  await setMerchantSettings(ctx, shop.merchantId, { refunds: "automatic" });

  // Found from outside: the customer got the renewal back and the subscription ran on, unpaid, for the whole period.
  it("ends the subscription when the customer has the current period's payment given back, instead of letting the period run unpaid", async () => {
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: shop.customerId, pricePointId: monthly.id });
    const [invoice] = await ctx.db.select().from(documents).where(and(eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice")));
    const [payment] = await ctx.db.select().from(transactions).where(and(eq(transactions.invoiceId, invoice!.id), eq(transactions.status, "approved")));
    expect(await requestRefund(ctx, scope, { paymentId: payment!.id, idempotencyKey: "refund-period" })).toMatchObject({ status: "voided" });
    const [after] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(after).toMatchObject({ status: "cancelled", cancelReason: "refunded" });
  });
});
