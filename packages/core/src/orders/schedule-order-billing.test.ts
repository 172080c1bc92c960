import { afterAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { createCustomer } from "../customers/create-customer.ts";
import { documents, subscriptions, transactions } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { runBilling } from "../billing/billing-engine.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "../subscriptions/test-clocks.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createOrder, type CreateOrderInput } from "./create-order.ts";
import { getOrderDetails } from "./get-order-details.ts";

const card = (number = "4242424242424242") => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

describe("orders placed through the merchant API are billed on schedule (O1, O5, S9)", async () => {
  const ctx = await createTestContext("2027-01-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);

  /** A test-clock customer with a card, as a sandbox shop would set one up (A10). */
  async function customerOnClock(start: string, number = "4242424242424242") {
    const clock = await createTestClock(ctx, shop.merchantId, { name: "orders", frozenAt: new Date(start) });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `c${Math.random()}@example.com` });
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: customer.id }, card(number));
    return { clock, scope: { merchantId: shop.merchantId, customerId: customer.id } };
  }
  /** What POST /v1/orders does: the order and its first invoice, which the customer pays by the link. */
  async function placeAndPayFirst(input: CreateOrderInput) {
    const order = await createOrder(ctx, shop.merchantId, input, { invoice: {} });
    await recordPayment(ctx, shop.merchantId, { invoiceId: order.invoice!.id, status: "approved", at: (await invoicesOf(order.id))[0]!.issuedAt });
    return order;
  }
  const invoicesOf = (orderId: string) =>
    ctx.db.select().from(documents).where(and(eq(documents.orderId, orderId), eq(documents.kind, "invoice"))).orderBy(asc(documents.issuedAt), asc(documents.number));
  const to = (iso: string) => new Date(iso);

  it("bills instalments 2 and 3 on their dates with the customer's card, then shows the order Complete with no next payment", async () => {
    const { clock, scope } = await customerOnClock("2027-01-10T09:00:00.000Z");
    const order = await placeAndPayFirst({ customerId: scope.customerId, type: "instalment", instalmentCount: 3, currency: "EUR", items: [{ description: "Espresso machine", quantity: 1, unitAmount: 30001 }] });

    let view = await getOrderDetails(ctx, scope, order.id);
    expect(view).toMatchObject({ status: "in_progress", next_payment: { due_at: "2027-02-10T09:00:00.000Z", amount: { amount: 10000 } }, instalments: { count: 3, paid: 1 } });

    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-02-10T12:00:00.000Z") });
    view = await getOrderDetails(ctx, scope, order.id);
    expect(view).toMatchObject({ status: "in_progress", next_payment: { due_at: "2027-03-10T09:00:00.000Z", amount: { amount: 10000 } }, instalments: { count: 3, paid: 2 }, balance: { amount: 10000 } });

    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-03-10T12:00:00.000Z") });
    view = await getOrderDetails(ctx, scope, order.id);
    expect(view).toMatchObject({ status: "complete", next_payment: null, instalments: { count: 3, paid: 3 }, balance: { amount: 0 }, paid: { amount: 30001 } });

    // Nothing is billed after the last instalment, however far the clock goes.
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-09-01T00:00:00.000Z") });
    const invoices = await invoicesOf(order.id);
    expect(invoices.map((i) => [i.issuedAt.toISOString().slice(0, 10), i.instalment, i.status, i.totalAmount])).toEqual([
      ["2027-01-10", 1, "paid", 10001],
      ["2027-02-10", 2, "paid", 10000],
      ["2027-03-10", 3, "paid", 10000],
    ]);
    const [sub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.orderId, order.id));
    expect(sub!.status).toBe("expired");
  });

  it("renews a recurring order every month with its own lines and taxes, and keeps next_payment ahead", async () => {
    const { clock, scope } = await customerOnClock("2027-01-31T10:00:00.000Z");
    const order = await placeAndPayFirst({
      customerId: scope.customerId,
      type: "recurring",
      currency: "EUR",
      items: [{ description: "Beans, 1 kg", quantity: 2, unitAmount: 1200 }],
      taxes: [{ description: "VAT 10%", rateBps: 1000 }],
    });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-04-30T12:00:00.000Z") });
    const invoices = await invoicesOf(order.id);
    expect(invoices.map((i) => [i.issuedAt.toISOString().slice(0, 10), i.billingCycle, i.status, i.totalAmount])).toEqual([
      ["2027-01-31", 0, "paid", 2640],
      ["2027-02-28", 1, "paid", 2640],
      ["2027-03-31", 2, "paid", 2640],
      ["2027-04-30", 3, "paid", 2640],
    ]);
    expect(invoices[1]!.lines.map((l) => l.kind)).toEqual(["item", "tax"]);
    const view = await getOrderDetails(ctx, scope, order.id);
    expect(view).toMatchObject({ status: "active", next_payment: { due_at: "2027-05-31T10:00:00.000Z", amount: { amount: 2640 } }, paid: { amount: 10560 } });
  });

  it("puts an order whose instalment is declined past due, retrying on the dunning days (S9)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { dunningRetryDays: [3, 5], dunningFinalAction: "cancel" });
    const { clock, scope } = await customerOnClock("2027-05-01T00:00:00.000Z", "4000000000000341");
    const order = await placeAndPayFirst({ customerId: scope.customerId, type: "instalment", instalmentCount: 4, currency: "EUR", items: [{ description: "Sofa", quantity: 1, unitAmount: 40000 }] });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-06-01T06:00:00.000Z") });
    const view = await getOrderDetails(ctx, scope, order.id);
    expect(view.status).toBe("past_due");
    const [sub] = await ctx.db.select().from(subscriptions).where(eq(subscriptions.orderId, order.id));
    expect(sub).toMatchObject({ status: "past_due", dunningAttempts: 1 });
    expect(sub!.nextRetryAt!.toISOString()).toBe("2027-06-04T00:00:00.000Z");
    const attempts = await ctx.db.select().from(transactions).where(eq(transactions.orderId, order.id)).orderBy(asc(transactions.createdAt));
    expect(attempts.map((t) => [t.status, t.amount])).toEqual([["approved", 10000], ["declined", 10000]]);
  });

  it("charges the card the shop assigned to the order rather than the default", async () => {
    const { clock, scope } = await customerOnClock("2027-07-01T00:00:00.000Z");
    const second = await addCard(ctx, scope, card("5555555555554444"));
    const order = await placeAndPayFirst({ customerId: scope.customerId, type: "recurring", currency: "EUR", items: [{ description: "Filters", quantity: 1, unitAmount: 500 }], paymentMethodId: second.id });
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: to("2027-08-01T01:00:00.000Z") });
    const charged = await ctx.db.select().from(transactions).where(and(eq(transactions.orderId, order.id), eq(transactions.funding, "card")));
    expect(charged.map((t) => t.paymentMethodId)).toEqual([second.id]);
  });

  it("is found by the wall-clock billing run when the second instalment is due, where it found none before (billing_runs finds 0)", async () => {
    const order = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "instalment", instalmentCount: 2, currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 9000 }] }, { invoice: {} });
    await addCard(ctx, { merchantId: shop.merchantId, customerId: shop.customerId }, card());
    expect((await runBilling(ctx)).subscriptions).toBe(0);
    ctx.clock.advance({ days: 32 });
    expect((await runBilling(ctx)).subscriptions).toBe(1);
    const invoices = await invoicesOf(order.id);
    expect(invoices.map((i) => [i.instalment, i.status])).toEqual([
      [1, "open"],
      [2, "paid"],
    ]);
  });

  it("refuses a next billing date before the order is placed, leaving no order behind", async () => {
    await expect(
      createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "recurring", currency: "EUR", items: [{ description: "x", quantity: 1, unitAmount: 100 }], nextBillingAt: to("2020-01-01T00:00:00.000Z") }, { invoice: {} }),
    ).rejects.toMatchObject({ code: "next_billing_in_past" });
  });
});
