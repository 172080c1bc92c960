import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { documents, pricePoints, subscriptions } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createOrder, type CreateOrderInput } from "../orders/create-order.ts";
import { getOrderDetails } from "../orders/get-order-details.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { requestCancellation } from "../requests/request-cancellation.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeSubscription } from "./change-subscription.ts";
import { createSubscription } from "./create-subscription.ts";
import { getOrderSubscription } from "./get-subscription.ts";
import { manageSubscriptionAddon } from "./manage-subscription-addon.ts";
import { manageSubscriptionCoupon } from "./manage-subscription-coupon.ts";
import { pauseSubscription } from "./pause-subscription.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { setSubscriptionAutocharge } from "./set-subscription-autocharge.ts";
import { changePricePoint, forceBillNow, skipNextPayment } from "./staff-actions.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

describe("what customers and staff may do with an order's billing schedule (S1, S3, S5, S6, S8)", async () => {
  const ctx = await createTestContext("2027-01-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  // A shop that lets customers do everything with their catalog subscriptions.
  await setMerchantSettings(ctx, shop.merchantId, {
    cancellation: "automatic",
    cancellationTiming: "either",
    pauseResume: true,
    autochargeToggle: true,
    changePlan: "either",
    changeQuantity: true,
    manageAddons: true,
    applyCoupons: true,
  });
  const product = await createProduct(ctx, shop.merchantId, { name: "Box" });
  const premium = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Premium", amount: 5000, currency: "EUR", interval: "month" });
  const monthly = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Monthly", amount: 2000, currency: "EUR", interval: "month", switchTo: [premium.id] });
  const addon = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Extra bag", amount: 500, currency: "EUR", interval: "month", addon: true });

  async function customerOnClock(start: string) {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "schedules", frozenAt: new Date(start) });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `${clock.id}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    return { scope, advance: (to: string) => advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date(to) }) };
  }
  /** What POST /v1/orders does, with the first invoice paid by its link. */
  async function placeAndPayFirst(input: CreateOrderInput) {
    const order = await createOrder(ctx, shop.merchantId, input, { invoice: {} });
    const [first] = await ctx.db.select().from(documents).where(eq(documents.id, order.invoice!.id));
    await recordPayment(ctx, shop.merchantId, { invoiceId: first!.id, status: "approved", at: first!.issuedAt });
    const [sub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.orderId, order.id));
    return { orderId: order.id, sub: sub! };
  }
  const instalmentOrder = (customerId: string) =>
    placeAndPayFirst({ customerId, type: "instalment", instalmentCount: 4, currency: "EUR", items: [{ description: "Espresso machine", quantity: 1, unitAmount: 40000 }] });
  const recurringOrder = (customerId: string) => placeAndPayFirst({ customerId, type: "recurring", currency: "EUR", items: [{ description: "Beans, 1 kg", quantity: 2, unitAmount: 1200 }] });
  const invoicesOf = async (orderId: string) =>
    (await ctx.db.select().from(documents).where(and(eq(documents.orderId, orderId), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt))).map((i) => [i.issuedAt.toISOString().slice(0, 10), i.status, i.totalAmount]);

  it("does not let a customer stop paying an instalment plan after instalment 1: cancelling through the order is refused and every instalment is collected", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { orderId, sub } = await instalmentOrder(c.scope.customerId);

    await expect(requestCancellation(ctx, c.scope, { orderId })).rejects.toMatchObject({ type: "not_allowed", code: "instalment_plan_not_cancellable" });
    await expect(requestCancellation(ctx, c.scope, { orderId, when: "now" })).rejects.toMatchObject({ code: "instalment_plan_not_cancellable" });
    await expect(cancelSubscription(ctx, c.scope, { subscriptionId: sub.id, when: "end_of_term" })).rejects.toMatchObject({ code: "instalment_plan_not_cancellable" });

    await c.advance("2027-04-11T00:00:00.000Z");
    expect(await invoicesOf(orderId)).toEqual([
      ["2027-01-10", "paid", 10000],
      ["2027-02-10", "paid", 10000],
      ["2027-03-10", "paid", 10000],
      ["2027-04-10", "paid", 10000],
    ]);
    expect(await getOrderDetails(ctx, c.scope, orderId)).toMatchObject({ status: "complete", instalments: { count: 4, paid: 4 }, balance: { amount: 0 } });
  });

  it("shows an instalment plan's schedule with no customer actions and refuses pause, autocharge off and cancel now", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { orderId, sub } = await instalmentOrder(c.scope.customerId);

    expect(await getOrderSubscription(ctx, c.scope, orderId)).toMatchObject({ actions: [], cancellation_timings: [], change_timings: [], available_addons: [], retention_offer: null });
    await expect(pauseSubscription(ctx, c.scope, { subscriptionId: sub.id })).rejects.toMatchObject({ code: "instalment_plan_not_pausable" });
    await expect(setSubscriptionAutocharge(ctx, c.scope, { subscriptionId: sub.id, on: false })).rejects.toMatchObject({ code: "instalment_plan_not_changeable" });
    await expect(cancelSubscription(ctx, c.scope, { subscriptionId: sub.id, when: "now" })).rejects.toMatchObject({ code: "instalment_plan_not_cancellable" });

    const [after] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, sub.id));
    expect(after).toMatchObject({ status: "active", cancelAtPeriodEnd: false, pauseAt: null });
    expect(await getOrderDetails(ctx, c.scope, orderId)).toMatchObject({ status: "in_progress", next_payment: { due_at: "2027-02-10T09:00:00.000Z" } });
  });

  it("lets a customer pause, resume and cancel a shop's recurring order as the settings allow, but never change its plan, quantity, addons or coupons", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { orderId, sub } = await recurringOrder(c.scope.customerId);

    const view = await getOrderSubscription(ctx, c.scope, orderId);
    expect(view.actions).toEqual(["cancel", "pause", "autocharge_off"]);
    expect(view).toMatchObject({ change_timings: [], quantity_change_timings: [], available_addons: [], switch_to: [] });
    await expect(changeSubscription(ctx, c.scope, { subscriptionId: sub.id, quantity: 3, when: "now" })).rejects.toMatchObject({ type: "not_allowed", code: "order_plan_not_changeable" });
    await expect(changeSubscription(ctx, c.scope, { subscriptionId: sub.id, pricePointId: monthly.id, when: "now" })).rejects.toMatchObject({ code: "order_plan_not_changeable" });
    await expect(manageSubscriptionAddon(ctx, c.scope, { subscriptionId: sub.id, op: "add", pricePointId: addon.id })).rejects.toMatchObject({ code: "order_plan_not_changeable" });
    await expect(manageSubscriptionCoupon(ctx, c.scope, { subscriptionId: sub.id, op: "apply", code: "ANY" })).rejects.toMatchObject({ code: "order_plan_not_changeable" });

    expect(await pauseSubscription(ctx, c.scope, { subscriptionId: sub.id })).toMatchObject({ status: "paused", actions: ["cancel", "resume", "autocharge_off"] });
    expect(await resumeSubscription(ctx, c.scope, { subscriptionId: sub.id })).toMatchObject({ status: "active" });
    expect(await requestCancellation(ctx, c.scope, { orderId })).toMatchObject({ status: "cancel_scheduled" });
    await c.advance("2027-03-01T00:00:00.000Z");
    // The paid January period runs out, nothing more is billed.
    expect(await invoicesOf(orderId)).toEqual([["2027-01-10", "paid", 2400]]);
    expect(await getOrderDetails(ctx, c.scope, orderId)).toMatchObject({ status: "cancelled", next_payment: null });
  });

  // Its period invoice takes no unused-time credit, so billing now would bill paid time twice.
  it("refuses staff bill-now on a shop's recurring order with 409 order_schedule_not_billable_now, and bills nothing", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { orderId, sub } = await recurringOrder(c.scope.customerId);
    const before = await ctx.db.select().from(documents).where(eq(documents.orderId, orderId));
    await expect(forceBillNow(ctx, shop.merchantId, { subscriptionId: sub.id })).rejects.toMatchObject({ code: "order_schedule_not_billable_now" });
    expect(await ctx.db.select().from(documents).where(eq(documents.orderId, orderId))).toHaveLength(before.length);
  });

  it("answers 404 price_not_found when staff or a customer try to move a subscription onto another order's schedule price, and changes nothing", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { orderId, sub: schedule } = await recurringOrder(c.scope.customerId);
    const catalog = await createSubscription(ctx, shop.merchantId, { customerId: c.scope.customerId, pricePointId: monthly.id });
    const [catalogSub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.id, catalog.id));
    const [schedulePrice] = await ctx.db.select().from(pricePoints).where(eq(pricePoints.orderId, orderId));

    await expect(changePricePoint(ctx, shop.merchantId, { subscriptionId: catalog.id, pricePointId: schedulePrice!.id })).rejects.toMatchObject({ type: "not_found", code: "price_not_found" });
    await expect(changeSubscription(ctx, c.scope, { subscriptionId: catalog.id, pricePointId: schedulePrice!.id, when: "now" })).rejects.toMatchObject({ type: "not_found", code: "price_not_found" });
    await expect(changeSubscription(ctx, c.scope, { subscriptionId: catalog.id, pricePointId: schedulePrice!.id, when: "end_of_term" })).rejects.toMatchObject({ code: "price_not_found" });
    await expect(manageSubscriptionAddon(ctx, c.scope, { subscriptionId: catalog.id, op: "add", pricePointId: schedulePrice!.id })).rejects.toMatchObject({ type: "not_found", code: "addon_not_found" });
    // Nor is a schedule price ever a plan to offer as a switch target.
    await expect(createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Yearly", amount: 20000, currency: "EUR", interval: "year", switchTo: [schedulePrice!.id] })).rejects.toMatchObject({ code: "invalid_switch_target" });
    // And an order's schedule is not moved onto a catalog plan either.
    await expect(changePricePoint(ctx, shop.merchantId, { subscriptionId: schedule.id, pricePointId: monthly.id })).rejects.toMatchObject({ type: "not_allowed", code: "order_plan_not_changeable" });

    const after = await ctx.db.select().from(subscriptions).where(eq(subscriptions.customerId, c.scope.customerId));
    expect(after.find((s) => s.id === catalog.id)).toMatchObject({ pricePointId: catalogSub!.pricePointId, pendingPricePointId: null });
    expect(after.find((s) => s.id === schedule.id)).toMatchObject({ pricePointId: schedulePrice!.id, pendingPricePointId: null });
  });

  it("does not let staff skip an instalment, which would leave the plan Complete with it unpaid", async () => {
    const c = await customerOnClock("2027-01-10T09:00:00.000Z");
    const { sub } = await instalmentOrder(c.scope.customerId);
    await expect(skipNextPayment(ctx, shop.merchantId, { subscriptionId: sub.id, skip: true })).rejects.toMatchObject({ type: "not_allowed", code: "instalment_not_skippable" });
  });
});
