import { afterAll, describe, expect, it } from "vitest";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createSubscription } from "./create-subscription.ts";
import { previewStaffSubscriptionAction } from "./preview-staff-action.ts";
import { forceBillNow, getStaffSubscription } from "./staff-actions.ts";
import { staffPauseSubscription } from "./staff-lifecycle.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

describe("previews of staff subscription operations (S4, S8)", async () => {
  const ctx = await createTestContext("2026-11-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);
  const product = await createProduct(ctx, shop.merchantId, { name: "Box" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Monthly", amount: 3000, currency: "EUR", interval: "month" });
  const premium = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Premium", amount: 5000, currency: "EUR", interval: "month" });
  const clock = await createTestClock(ctx, shop.merchantId, { name: "preview", frozenAt: new Date("2026-06-01T10:00:00.000Z") });
  const customer = await createCustomer(ctx, shop.merchantId, { email: "preview@example.com" });
  await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
  await addCard(ctx, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
  const sub = await createSubscription(ctx, shop.merchantId, { customerId: customer.id, pricePointId: monthly.id });
  await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2026-06-16T10:00:00.000Z") });
  const preview = (input: Omit<Parameters<typeof previewStaffSubscriptionAction>[2], "subscriptionId">) => previewStaffSubscriptionAction(ctx, shop.merchantId, { subscriptionId: sub.id, ...input });

  it("lists the operations possible now and previews each without changing anything", async () => {
    const before = await getStaffSubscription(ctx, shop.merchantId, sub.id);
    expect(before.actions).toEqual(["change_price", "change_billing_date", "skip_payment", "bill_now", "cancel", "pause"]);
    // Half of June is unused: credited against the new period billed now.
    expect(await preview({ action: "bill_now" })).toEqual({
      action: "bill_now",
      charge_now: { amount: 1500, currency: "EUR" },
      credit: { amount: 1500, currency: "EUR" },
      next_charge: { at: "2026-07-16T10:00:00.000Z", amount: { amount: 3000, currency: "EUR" } },
      ends_at: null,
    });
    expect(await preview({ action: "pause" })).toMatchObject({ charge_now: null, next_charge: null });
    expect(await preview({ action: "pause", resumeAt: new Date("2026-08-01T10:00:00.000Z") })).toMatchObject({ next_charge: { at: "2026-08-01T10:00:00.000Z", amount: { amount: 3000 } } });
    expect(await preview({ action: "change_price", pricePointId: premium.id })).toMatchObject({ next_charge: { at: "2026-07-01T10:00:00.000Z", amount: { amount: 5000 } } });
    expect(await preview({ action: "skip_payment" })).toMatchObject({ next_charge: { at: "2026-08-01T10:00:00.000Z" } });
    expect(await preview({ action: "cancel", at: "now" })).toMatchObject({ credit: { amount: 1500 }, ends_at: "2026-06-16T10:00:00.000Z" });
    await expect(preview({ action: "resume" })).rejects.toMatchObject({ code: "action_not_available" });
    expect(await getStaffSubscription(ctx, shop.merchantId, sub.id)).toEqual(before);
  });

  it("matches what bill now then charges, and a paused subscription offers resume with its charge", async () => {
    const shown = await preview({ action: "bill_now" });
    await forceBillNow(ctx, shop.merchantId, { subscriptionId: sub.id, idempotencyKey: "bill-now-preview" });
    const { listPayments } = await import("../payments/list-payments.ts");
    const payments = await listPayments(ctx, shop.merchantId, { limit: 10, customerId: customer.id });
    expect(payments.data.map((p: { amount: { amount: number } }) => p.amount.amount)).toContain(shown.charge_now!.amount);
    await staffPauseSubscription(ctx, shop.merchantId, { subscriptionId: sub.id });
    expect((await getStaffSubscription(ctx, shop.merchantId, sub.id)).actions).toEqual(["change_price", "cancel", "resume"]);
    expect(await preview({ action: "resume" })).toMatchObject({ charge_now: null, next_charge: { at: "2026-07-16T10:00:00.000Z" } });
  });

  it("does not see another merchant's subscription", async () => {
    await expect(previewStaffSubscriptionAction(ctx, other.merchantId, { subscriptionId: sub.id, action: "pause" })).rejects.toMatchObject({ code: "subscription_not_found" });
  });
});
