import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { auditLog, documents, gatewayAttempts, orders, subscriptions } from "../db/schema/index.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchantWithCustomer, createTestContext, guardGatewayCalls } from "../testing/index.ts";
import { listPortalPlans, previewSubscriptionStart } from "./portal-plans.ts";
import { startSubscription } from "./start-subscription.ts";

describe("a customer starts a subscription in the portal (A6)", async () => {
  const base = await createTestContext("2026-06-15T12:00:00.000Z");
  const ctx = guardGatewayCalls(base);
  afterAll(() => base.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx, { email: "other@example.com" });
  const coffee = await createProduct(ctx, shop.merchantId, { name: "Coffee club", description: "Fresh beans every month" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: coffee.id, name: "Monthly", amount: 1500, currency: "EUR", interval: "month", maxQuantity: 3 });
  const trial = await createPricePoint(ctx, shop.merchantId, { productId: coffee.id, name: "Try it", amount: 1500, currency: "EUR", interval: "month", trialDays: 14 });
  const oneTime = await createPricePoint(ctx, shop.merchantId, { productId: coffee.id, name: "Gift box", amount: 4000, currency: "EUR" });
  const hidden = await createProduct(ctx, shop.merchantId, { name: "Staff-only plan" });
  const hiddenPrice = await createPricePoint(ctx, shop.merchantId, { productId: hidden.id, name: "Yearly", amount: 9000, currency: "EUR", interval: "year" });
  const theirs = await createPricePoint(ctx, other.merchantId, { productId: (await createProduct(ctx, other.merchantId, { name: "Tea" })).id, name: "Monthly", amount: 900, currency: "EUR", interval: "month" });
  await setMerchantSettings(ctx, shop.merchantId, { newSubscriptions: true, newSubscriptionPlans: [coffee.id] });
  let n = 0;

  async function customer(card = "4242424242424242") {
    const c = await createCustomer(ctx, shop.merchantId, { email: `start${++n}@example.com` });
    const pm = await addCard(ctx, { merchantId: shop.merchantId, customerId: c.id }, { number: card, expMonth: 12, expYear: 2035, cvc: "123" });
    return { scope: { merchantId: shop.merchantId, customerId: c.id }, card: pm.id };
  }

  it("lists only the recurring plans the shop offers for self-service, with price and trial", async () => {
    const { scope } = await customer();
    const plans = await listPortalPlans(ctx, scope);
    expect(plans.data.map((p) => p.id).sort()).toEqual([monthly.id, trial.id].sort());
    expect(plans.data.find((p) => p.id === trial.id)).toMatchObject({ product: "Coffee club", description: "Fresh beans every month", price: { amount: 1500, currency: "EUR" }, interval: "month", trial_days: 14 });
    expect(plans.data.map((p) => p.id)).not.toContain(oneTime.id);
    expect(plans.data.map((p) => p.id)).not.toContain(hiddenPrice.id);
    const first = await listPortalPlans(ctx, scope, { limit: 1 });
    const second = await listPortalPlans(ctx, scope, { limit: 1, cursor: first.next_cursor! });
    expect([first.has_more, second.has_more, new Set([...first.data, ...second.data].map((p) => p.id)).size]).toEqual([true, false, 2]);
  });

  it("previews today's charge and the next one; a trial charges nothing until it ends", async () => {
    const { scope } = await customer();
    expect(await previewSubscriptionStart(ctx, scope, { pricePointId: monthly.id, quantity: 2 })).toMatchObject({
      quantity: 2,
      period_amount: 3000,
      due_now: 3000,
      trial: null,
      taxes: [],
      next_charge_at: "2026-07-15T12:00:00.000Z",
      next_charge_amount: 3000,
    });
    expect(await previewSubscriptionStart(ctx, scope, { pricePointId: trial.id })).toMatchObject({ due_now: 0, trial: { days: 14, ends_at: "2026-06-29T12:00:00.000Z" }, next_charge_at: "2026-06-29T12:00:00.000Z", next_charge_amount: 1500 });
    await expect(previewSubscriptionStart(ctx, scope, { pricePointId: monthly.id, quantity: 4 })).rejects.toMatchObject({ code: "invalid_quantity" });
  });

  it("starts a paid plan by the money pattern: the charge after commit, the order active, one key one subscription", async () => {
    const { scope, card } = await customer();
    const started = await startSubscription(ctx, scope, { pricePointId: monthly.id, paymentMethodId: card, idempotencyKey: "start-1" });
    expect(started).toMatchObject({ status: "active" });
    expect(ctx.callsInsideTransactions).toEqual([]);
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, started.order_id));
    expect([order!.state, order!.paymentMethodId]).toEqual(["active", card]);
    const [invoice] = await ctx.db.select().from(documents).where(and(eq(documents.orderId, started.order_id), eq(documents.kind, "invoice")));
    expect([invoice!.status, invoice!.totalAmount]).toEqual(["paid", 1500]);
    // The same key again is the same start, not a second subscription.
    expect(await startSubscription(ctx, scope, { pricePointId: monthly.id, paymentMethodId: card, idempotencyKey: "start-1" })).toEqual(started);
    expect(await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, scope.customerId))).toHaveLength(1);
    const [attempt] = await ctx.db.select().from(gatewayAttempts).where(eq(gatewayAttempts.subscriptionId, started.subscription_id));
    expect([attempt!.status, attempt!.source, attempt!.idempotencyKey]).toEqual(["done", "portal", "subscription_start:start-1"]);
    const actions = (await ctx.db.select().from(auditLog).where(eq(auditLog.customerId, scope.customerId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["subscription.created", "invoice.paid"]));
  });

  it("starts a trial without charging, and needs a saved card for the trial's end", async () => {
    const { scope } = await customer();
    const started = await startSubscription(ctx, scope, { pricePointId: trial.id, idempotencyKey: "trial-1" });
    expect(started.status).toBe("trialing");
    expect(await startSubscription(ctx, scope, { pricePointId: trial.id, idempotencyKey: "trial-1" })).toEqual(started);
    const [charged] = await ctx.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.customerId, scope.customerId), eq(gatewayAttempts.kind, "authorize")));
    expect(charged).toBeUndefined();
    const noCard = { merchantId: shop.merchantId, customerId: (await createCustomer(ctx, shop.merchantId, { email: "nocard@example.com" })).id };
    await expect(startSubscription(ctx, noCard, { pricePointId: trial.id, idempotencyKey: "trial-2" })).rejects.toMatchObject({ code: "no_payment_method" });
    expect(await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, noCard.customerId))).toHaveLength(0);
  });

  it("a declined first charge leaves no active subscription, voids the invoice and says why", async () => {
    const { scope, card } = await customer("4000000000000341");
    const refused = await startSubscription(ctx, scope, { pricePointId: monthly.id, paymentMethodId: card, idempotencyKey: "declined-1" }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ type: "declined", code: "subscription_payment_declined", details: { decline_code: "card_declined" } });
    const [sub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, scope.customerId));
    expect([sub!.status, sub!.cancelReason]).toEqual(["cancelled", "payment_failed"]);
    const [invoice] = await ctx.db.select().from(documents).where(and(eq(documents.orderId, sub!.orderId), eq(documents.kind, "invoice")));
    expect(invoice!.status).toBe("void");
    const [order] = await ctx.db.select().from(orders).where(eq(orders.id, sub!.orderId));
    expect(order!.state).toBe("cancelled");
    // Replayed with the same key: the same answer, still no second charge.
    await expect(startSubscription(ctx, scope, { pricePointId: monthly.id, paymentMethodId: card, idempotencyKey: "declined-1" })).rejects.toMatchObject({ code: "subscription_payment_declined" });
    expect(await ctx.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.customerId, scope.customerId), eq(gatewayAttempts.kind, "authorize")))).toHaveLength(1);
  });

  it("refuses what the shop does not offer: the setting off, a plan not on the list, another shop's price", async () => {
    const { scope, card } = await customer();
    await expect(startSubscription(ctx, scope, { pricePointId: hiddenPrice.id, paymentMethodId: card, idempotencyKey: "h" })).rejects.toMatchObject({ code: "plan_not_offered" });
    await expect(startSubscription(ctx, scope, { pricePointId: oneTime.id, paymentMethodId: card, idempotencyKey: "o" })).rejects.toMatchObject({ code: "plan_not_offered" });
    await expect(startSubscription(ctx, scope, { pricePointId: theirs.id, paymentMethodId: card, idempotencyKey: "t" })).rejects.toMatchObject({ type: "not_found", code: "price_not_found" });
    await setMerchantSettings(ctx, shop.merchantId, { newSubscriptions: false });
    await expect(listPortalPlans(ctx, scope)).rejects.toMatchObject({ code: "new_subscriptions_disabled" });
    await expect(startSubscription(ctx, scope, { pricePointId: monthly.id, paymentMethodId: card, idempotencyKey: "off" })).rejects.toMatchObject({ type: "forbidden", code: "new_subscriptions_disabled" });
    await setMerchantSettings(ctx, shop.merchantId, { newSubscriptions: true });
    expect(await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, scope.customerId))).toHaveLength(0);
  });
});
