import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createCoupon } from "../catalog/coupons.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { documents, gatewayAttempts, outboxMessages, paymentMethods, subscriptions, transactions } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { getOrderDetails } from "../orders/get-order-details.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { decideCustomerRequest } from "../requests/decide-request.ts";
import { requestCancellation } from "../requests/request-cancellation.ts";
import { createTestContext, createMerchantWithCustomer } from "../testing/index.ts";
import { activateTrial } from "./activate-trial.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeSubscription } from "./change-subscription.ts";
import { createSubscription } from "./create-subscription.ts";
import { getSubscription } from "./get-subscription.ts";
import { manageSubscriptionAddon } from "./manage-subscription-addon.ts";
import { pauseSubscription } from "./pause-subscription.ts";
import { reactivateSubscription } from "./reactivate-subscription.ts";
import { removeSubscriptionPaymentMethod } from "./remove-subscription-payment-method.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { setSubscriptionAutocharge } from "./set-subscription-autocharge.ts";
import { forceBillNow } from "./staff-actions.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

const card = (number = "4242424242424242") => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

/** Regression tests for the billing bugs of issue 10, each named for what the customer or shop saw. */
describe("subscription billing correctness (S1–S9, issue 10)", async () => {
  const ctx = await createTestContext("2026-12-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const espresso = await createProduct(ctx, shop.merchantId, { name: "Espresso club" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: espresso.id, name: "Monthly", amount: 2900, currency: "EUR", interval: "month" });
  const large = await createPricePoint(ctx, shop.merchantId, { productId: espresso.id, name: "Large", amount: 4900, currency: "EUR", interval: "month" });
  const small = await createPricePoint(ctx, shop.merchantId, { productId: espresso.id, name: "Small", amount: 1900, currency: "EUR", interval: "month", switchTo: [large.id] });
  const trial = await createPricePoint(ctx, shop.merchantId, { productId: espresso.id, name: "Trial", amount: 2900, currency: "EUR", interval: "month", trialDays: 14 });
  const booklet = await createPricePoint(ctx, shop.merchantId, { productId: espresso.id, name: "Tasting notes booklet", amount: 400, currency: "EUR", interval: "month", addon: true });
  const coldBrew = await createProduct(ctx, shop.merchantId, { name: "Cold-brew" });
  const coldMonthly = await createPricePoint(ctx, shop.merchantId, { productId: coldBrew.id, name: "Cold-brew monthly", amount: 2500, currency: "EUR", interval: "month" });
  const coldAddon = await createPricePoint(ctx, shop.merchantId, { productId: coldBrew.id, name: "Ice cubes", amount: 300, currency: "EUR", interval: "month", addon: true });
  await createCoupon(ctx, shop.merchantId, { code: "HALF2", name: "Half off twice", percentOffBps: 5000, duration: "repeating", durationCycles: 2, customerApplicable: true });
  let n = 0;

  async function customer(start: string, options: { card?: string | null } = {}) {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "c", frozenAt: new Date(start) });
    const c = await createCustomer(ctx, shop.merchantId, { email: `c${++n}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: c.id });
    if (options.card !== null) await addCard(ctx, { merchantId: shop.merchantId, customerId: c.id }, card(options.card));
    const scope = { merchantId: shop.merchantId, customerId: c.id };
    return { scope, customerId: c.id, advance: (to: string) => advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date(to) }) };
  }
  const invoicesOf = async (subscriptionId: string) =>
    (await ctx.db.select().from(documents).where(and(eq(documents.subscriptionId, subscriptionId), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt), asc(documents.number))).map((i) => [
      i.issuedAt.toISOString().slice(0, 10),
      i.totalAmount,
      i.status,
    ]);
  const approvedPaid = async (customerId: string) =>
    (await ctx.db.select().from(transactions).where(and(eq(transactions.customerId, customerId), eq(transactions.kind, "payment"), eq(transactions.status, "approved")))).reduce((s, t) => s + t.amount, 0);

  it("does not bill a second period when a paid subscription is paused and resumed the same day (order 1006, S3)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { pauseResume: true, cancellation: "automatic", cancellationTiming: "either", reactivate: true });
    const c = await customer("2026-12-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: monthly.id });
    await c.advance("2026-12-10T09:00:00.000Z");
    await pauseSubscription(ctx, c.scope, { subscriptionId: sub.id });
    const resumed = await resumeSubscription(ctx, c.scope, { subscriptionId: sub.id });
    expect(resumed).toMatchObject({ status: "active", current_period_start: "2026-12-01T00:00:00.000Z", current_period_end: "2027-01-01T00:00:00.000Z" });
    expect(await invoicesOf(sub.id)).toEqual([["2026-12-01", 2900, "paid"]]);
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).next_payment).toEqual({ due_at: "2027-01-01T00:00:00.000Z", amount: { amount: 2900, currency: "EUR" } });
    expect(await approvedPaid(c.customerId)).toBe(2900);
  });

  it("does not bill again when a paid subscription is cancelled now and reactivated before its paid period ends (order 1006, S2)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { pauseResume: true, cancellation: "automatic", cancellationTiming: "either", reactivate: true });
    const c = await customer("2026-12-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: monthly.id });
    await c.advance("2026-12-10T09:00:00.000Z");
    await pauseSubscription(ctx, c.scope, { subscriptionId: sub.id });
    await resumeSubscription(ctx, c.scope, { subscriptionId: sub.id });
    await cancelSubscription(ctx, c.scope, { subscriptionId: sub.id, when: "now" });
    const back = await reactivateSubscription(ctx, c.scope, { subscriptionId: sub.id });
    expect(back).toMatchObject({ status: "active", current_period_end: "2027-01-01T00:00:00.000Z" });
    expect(await approvedPaid(c.customerId)).toBe(2900);
    // The next period is billed when the paid one ends, once.
    await c.advance("2027-01-02T00:00:00.000Z");
    expect(await invoicesOf(sub.id)).toEqual([
      ["2026-12-01", 2900, "paid"],
      ["2027-01-01", 2900, "paid"],
    ]);
    expect(await approvedPaid(c.customerId)).toBe(5800);
  });

  it("starts and bills a new period when a subscription is reactivated after its paid period is over (S2)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { cancellation: "automatic", cancellationTiming: "either", reactivate: true });
    const c = await customer("2026-12-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: monthly.id });
    await cancelSubscription(ctx, c.scope, { subscriptionId: sub.id, when: "now" });
    await c.advance("2027-02-10T00:00:00.000Z");
    expect(await reactivateSubscription(ctx, c.scope, { subscriptionId: sub.id })).toMatchObject({ status: "active", current_period_start: "2027-02-10T00:00:00.000Z", current_period_end: "2027-03-10T00:00:00.000Z" });
    expect(await invoicesOf(sub.id)).toEqual([
      ["2026-12-01", 2900, "paid"],
      ["2027-02-10", 2900, "paid"],
    ]);
  });

  it("credits the unused part of the paid period when staff bill now (S8)", async () => {
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id, addons: [{ pricePointId: booklet.id }] });
    await c.advance("2027-04-11T00:00:00.000Z");
    const billed = await forceBillNow(ctx, shop.merchantId, { subscriptionId: sub.id });
    expect(billed).toMatchObject({ current_period_start: "2027-04-11T00:00:00.000Z", current_period_end: "2027-05-11T00:00:00.000Z" });
    // 20 of April's 30 days unused: (1900 + 400) x 20/30 = 1533.33 -> 1533, 1266.39 + 266.61, split 1266 + 267 by largest remainder.
    const [, second] = await ctx.db.select().from(documents).where(and(eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt));
    expect(second!.lines.map((l) => l.amount)).toEqual([1900, 400, -1266, -267]);
    expect(second!.totalAmount).toBe(2300 - 1533);
    expect(await approvedPaid(c.customerId)).toBe(2300 + 767);
  });

  it("shows the new plan's lines and total on the order after a plan change (S5, O5)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { changePlan: "either" });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id });
    await changeSubscription(ctx, c.scope, { subscriptionId: sub.id, pricePointId: large.id, when: "end_of_term" });
    let order = await getOrderDetails(ctx, c.scope, sub.order_id);
    expect(order.items.map((i) => [i.description, i.amount.amount])).toEqual([["Espresso club — Small", 1900]]);
    expect(order.next_payment?.amount.amount).toBe(4900);
    await changeSubscription(ctx, c.scope, { subscriptionId: sub.id, pricePointId: large.id, when: "now" });
    order = await getOrderDetails(ctx, c.scope, sub.order_id);
    expect(order.items.map((i) => [i.description, i.quantity, i.amount.amount])).toEqual([["Espresso club — Large", 1, 4900]]);
    expect(order.total.amount).toBe(4900);
    expect(order.next_payment).toEqual({ due_at: "2027-05-01T00:00:00.000Z", amount: { amount: 4900, currency: "EUR" } });
  });

  it("shows the order as active, not past due, once autocharge is turned off on a past-due subscription (S7, O1)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { autochargeToggle: true });
    const c = await customer("2027-04-01T00:00:00.000Z", { card: "4000000000000341" });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id });
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).status).toBe("past_due");
    expect(await setSubscriptionAutocharge(ctx, c.scope, { subscriptionId: sub.id, on: false })).toMatchObject({ status: "active" });
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).status).toBe("active");
  });

  it("shows the coupon's discount in the next payment only while the coupon has cycles left (O5, S6)", async () => {
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id, couponCode: "HALF2" });
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).next_payment?.amount.amount).toBe(950);
    await c.advance("2027-05-01T12:00:00.000Z");
    expect(await invoicesOf(sub.id)).toEqual([
      ["2027-04-01", 950, "paid"],
      ["2027-05-01", 950, "paid"],
    ]);
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).next_payment?.amount.amount).toBe(1900);
  });

  it("stops automatic charging when the customer removes the subscription's card, instead of charging the default card (S7)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { autochargeToggle: true });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const own = await addCard(ctx, c.scope, card("5555555555554444"));
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id, paymentMethodId: own.id });
    const view = await removeSubscriptionPaymentMethod(ctx, c.scope, { subscriptionId: sub.id });
    expect(view).toMatchObject({ autocharge: false, payment_method_id: null, status: "active" });
    await c.advance("2027-05-01T12:00:00.000Z");
    expect(await invoicesOf(sub.id)).toEqual([
      ["2027-04-01", 1900, "paid"],
      ["2027-05-01", 1900, "open"],
    ]);
    const [defaultCard] = await ctx.db.select().from(paymentMethods).where(and(eq(paymentMethods.customerId, c.customerId), eq(paymentMethods.isDefault, true)));
    expect(await ctx.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.subscriptionId, sub.id), eq(gatewayAttempts.paymentMethodId, defaultCard!.id)))).toHaveLength(0);
    expect((await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, c.customerId))).map((m) => m.template)).toContain("renewal_invoice");
  });

  it("refuses to activate a trial now when the customer has no card, and changes nothing (S4)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { activateTrialNow: true });
    const c = await customer("2027-04-01T00:00:00.000Z", { card: null });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: trial.id });
    await expect(activateTrial(ctx, c.scope, { subscriptionId: sub.id })).rejects.toMatchObject({ type: "invalid", code: "payment_method_required" });
    expect(await getSubscription(ctx, c.scope, sub.id)).toMatchObject({ status: "trialing", trial_ends_at: "2027-04-15T00:00:00.000Z" });
    expect(await invoicesOf(sub.id)).toEqual([]);
  });

  it("offers a Cold-brew subscription only Cold-brew addons, and refuses another product's addon (S6)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { manageAddons: true });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: coldMonthly.id });
    expect((await getSubscription(ctx, c.scope, sub.id)).available_addons.map((a) => a.id)).toEqual([coldAddon.id]);
    await expect(manageSubscriptionAddon(ctx, c.scope, { subscriptionId: sub.id, op: "add", pricePointId: booklet.id })).rejects.toMatchObject({ code: "addon_not_for_this_product" });
    expect((await getSubscription(ctx, c.scope, sub.id)).addons).toEqual([]);
    await expect(createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: coldMonthly.id, addons: [{ pricePointId: booklet.id }] })).rejects.toMatchObject({ code: "addon_not_for_this_product" });
  });

  it("cancels a subscription order through the subscription's own rules: end of term when the shop cancels at term end (S1, R5)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { cancellation: "automatic", cancellationTiming: "end_of_term" });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id });
    expect(await requestCancellation(ctx, c.scope, { orderId: sub.order_id, reason: "Moving" })).toMatchObject({ status: "cancel_scheduled", order_id: sub.order_id });
    expect(await getSubscription(ctx, c.scope, sub.id)).toMatchObject({ status: "active", cancel_at_period_end: true });
    await expect(requestCancellation(ctx, c.scope, { orderId: sub.order_id, when: "now" })).rejects.toMatchObject({ code: "cancel_not_allowed" });
  });

  it("cancels a subscription order now through the state machine, with the cancellation email (S1, R5)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { cancellation: "automatic", cancellationTiming: "immediately" });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id });
    await expect(requestCancellation(ctx, c.scope, { orderId: sub.order_id, when: "end_of_term" })).rejects.toMatchObject({ code: "cancellation_timing_not_allowed" });
    expect(await requestCancellation(ctx, c.scope, { orderId: sub.order_id })).toMatchObject({ status: "cancelled" });
    const [row] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(row).toMatchObject({ status: "cancelled", cancelReason: null });
    expect((await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, c.customerId))).map((m) => m.template)).toContain("subscription_cancelled");
    await expect(requestCancellation(ctx, c.scope, { orderId: sub.order_id })).rejects.toMatchObject({ type: "forbidden", code: "cancel_not_allowed" });
  });

  it("files one manual cancellation request per subscription order, and staff approval cancels through the state machine with the email (R5, M3)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { cancellation: "manual", cancellationTiming: "either" });
    const c = await customer("2027-04-01T00:00:00.000Z");
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: c.customerId, pricePointId: small.id });
    const requested = await requestCancellation(ctx, c.scope, { orderId: sub.order_id, reason: "Too much coffee" });
    expect(requested).toMatchObject({ status: "requested", order_id: sub.order_id });
    await expect(requestCancellation(ctx, c.scope, { orderId: sub.order_id })).rejects.toMatchObject({ code: "cancellation_already_requested" });
    expect(await getSubscription(ctx, c.scope, sub.id)).toMatchObject({ status: "active", cancel_at_period_end: false });
    if (requested.status !== "requested") throw new Error("expected a manual request");
    await decideCustomerRequest(ctx, shop.merchantId, { requestId: requested.request_id, decision: "approve", actor: "api_key:test" });
    expect(await getSubscription(ctx, c.scope, sub.id)).toMatchObject({ status: "cancelled" });
    expect((await getOrderDetails(ctx, c.scope, sub.order_id)).status).toBe("cancelled");
    expect((await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, c.customerId))).map((m) => m.template)).toContain("subscription_cancelled");
  });
});
