import { eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers } from "../db/schema/index.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createCoupon } from "../catalog/coupons.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createDepartment } from "../helpdesk/tickets.ts";
import { grantIncidents } from "../incidents/incidents.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { recordSkippedPayment } from "../payments/record-skipped-payment.ts";

export interface DemoSeed {
  merchantId: string;
  secretKey: string;
  customerId: string;
}

const DAY = 86_400_000;

/**
 * A demo coffee roaster with one customer and a realistic handful of orders (issue 3 §8):
 * a monthly subscription with six paid invoices and a partial refund, an instalment
 * plan three of four paid, a one-time order declined then approved (with VAT), a
 * cancelled subscription with a skipped month, and an order in yen.
 */
export async function seedDemo(ctx: CoreContext, options: { allowedOrigins: string[]; logoUrl?: string }): Promise<DemoSeed> {
  const now = ctx.clock.now().getTime();
  const daysAgo = (days: number) => new Date(now - days * DAY);
  const { merchantId, secretKey } = await createMerchant(ctx, {
    name: "Northwind Coffee Roasters",
    address: "12 Harbour Street, Bristol BS1 4RN, United Kingdom",
    allowedOrigins: options.allowedOrigins,
    // E-mails carry the roaster's logo and colour; a merchant-settable path comes later.
    logoUrl: options.logoUrl ?? null,
    brandColor: "#7a3e12",
    // The demo shows self-service: automatic refunds inside each product's refund period, and a
    // subscription the customer manages themselves (cancel now or at term end, pause, change plan).
    settings: {
      refunds: "automatic",
      cancellation: "automatic",
      cancellationTiming: "either",
      reactivate: true,
      removeScheduledCancellation: true,
      pauseResume: "both",
      changePlan: "either",
      changeQuantity: "either",
      undoScheduledChange: true,
      autochargeToggle: true,
      removeSubscriptionPaymentMethod: true,
      bannerMessage: "Our roastery is closed 24–26 December; orders placed then ship on the 27th.",
      portalSlug: "northwind",
      manageAddons: true,
      applyCoupons: true,
      // The dev mailbox then shows a portal invite after the first subscription payment, and SMS beside e-mail.
      autoInvite: true,
      smsNotifications: true,
      // Customers can sign in themselves at /signin/<merchant id>; the code arrives in the dev mailbox.
      selfSignIn: true,
    },
  });
  const customer = await createCustomer(ctx, merchantId, {
    email: "ada@example.com",
    name: "Ada Lovelace",
    locale: "en-GB",
    externalId: "demo-customer-1",
  });
  // A phone number for the SMS the demo shows (a number reserved for drama, never a real one).
  await ctx.db.update(customers).set({ phone: "+447700900123" }).where(eq(customers.id, customer.id));
  await createDepartment(ctx, merchantId, { name: "Orders and delivery" });
  await createDepartment(ctx, merchantId, { name: "Barista hotline", paid: true });
  // A support plan: 3 hotline incidents a month for three months, bought twenty days ago (H4).
  await addCard(ctx, { merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: ctx.clock.now().getUTCFullYear() + 3, cvc: "123" });
  await grantIncidents(ctx, merchantId, { customerId: customer.id, count: 3, periods: 3, months: 1, start: daysAgo(20), source: "support plan" });
  // Incident packages the customer can buy from the helpdesk when the plan runs out (H4).
  const hotlinePack = await createProduct(ctx, merchantId, { name: "Barista hotline pack", incidents: 5 });
  await createPricePoint(ctx, merchantId, { productId: hotlinePack.id, name: "5 incidents, never expire", amount: 1900, currency: "EUR" });
  await createPricePoint(ctx, merchantId, { productId: hotlinePack.id, name: "5 incidents a month", amount: 1500, currency: "EUR", interval: "month" });
  const beansProduct = await createProduct(ctx, merchantId, { name: "Single-origin beans subscription", refundPeriodDays: 14 });
  const grinderProduct = await createProduct(ctx, merchantId, { name: "Burr grinder", refundPeriodDays: 30 });
  const order = (input: Parameters<typeof createOrder>[2]) => createOrder(ctx, merchantId, input);
  /** Invoices the order's next period or instalment on `day`, then pays it with each outcome in turn. */
  const bill = async (orderId: string, day: number, outcomes: ("approved" | "declined")[] = ["approved"], period?: number) => {
    const invoice = await issueInvoice(ctx, merchantId, {
      orderId,
      at: daysAgo(day),
      dueAt: daysAgo(day),
      ...(period ? { period: { start: daysAgo(day), end: daysAgo(day - period + 1) } } : {}),
    });
    let paymentId = "";
    for (const [i, status] of outcomes.entries()) {
      paymentId = (await recordPayment(ctx, merchantId, { invoiceId: invoice.id, status, at: new Date(now - day * DAY + i * 3_600_000) })).id;
    }
    return paymentId;
  };

  const beans = await order({
    customerId: customer.id,
    type: "recurring",
    currency: "EUR",
    items: [{ description: "Single-origin beans, 1 kg / month", quantity: 1, unitAmount: 2400, productId: beansProduct.id }],
    placedAt: daysAgo(180),
    nextBillingAt: new Date(now + 5 * DAY),
  });
  const firstBeans = await bill(beans.id, 180, ["approved"], 30);
  for (const day of [150, 120, 90, 60, 30]) await bill(beans.id, day, ["approved"], 30);
  await refundPayment(ctx, merchantId, { paymentId: firstBeans, amount: 800, at: daysAgo(170) });

  const machine = await order({
    customerId: customer.id,
    type: "instalment",
    currency: "EUR",
    instalmentCount: 4,
    items: [{ description: "Lever espresso machine", quantity: 1, unitAmount: 48000 }],
    placedAt: daysAgo(95),
    nextBillingAt: new Date(now + 25 * DAY),
  });
  for (const day of [95, 65, 35]) await bill(machine.id, day);

  const grinder = await order({
    customerId: customer.id,
    type: "one_time",
    currency: "EUR",
    items: [
      { description: "Burr grinder", quantity: 1, unitAmount: 8900, productId: grinderProduct.id },
      { description: "Cleaning tablets", quantity: 2, unitAmount: 650 },
    ],
    taxes: [{ description: "VAT 20%", rateBps: 2000 }],
    placedAt: daysAgo(20),
  });
  await bill(grinder.id, 20, ["declined", "approved"]);

  const tea = await order({
    customerId: customer.id,
    type: "recurring",
    state: "cancelled",
    currency: "EUR",
    items: [{ description: "Tea of the month", quantity: 1, unitAmount: 1500 }],
    placedAt: daysAgo(300),
  });
  for (const day of [300, 270]) await bill(tea.id, day, ["approved"], 30);
  await recordSkippedPayment(ctx, merchantId, { orderId: tea.id, dueAt: daysAgo(240), amount: 1500, reason: "Customer away" });
  await bill(tea.id, 210, ["approved"], 30);

  const gift = await order({
    customerId: customer.id,
    type: "one_time",
    currency: "JPY",
    items: [{ description: "Kyoto matcha set", quantity: 2, unitAmount: 3200 }],
    placedAt: daysAgo(3),
  });
  await bill(gift.id, 3);

  // A live subscription from the catalog, billed by the engine (issue 5): two sizes to switch between, an addon, and a retention offer.
  const club = await createProduct(ctx, merchantId, { name: "Espresso club", refundPeriodDays: 14 });
  const large = await createPricePoint(ctx, merchantId, { productId: club.id, name: "Large bag, monthly", amount: 2900, currency: "EUR", interval: "month", maxQuantity: 5 });
  const regular = await createPricePoint(ctx, merchantId, { productId: club.id, name: "Regular bag, monthly", amount: 1900, currency: "EUR", interval: "month", switchTo: [large.id], maxQuantity: 5 });
  await createPricePoint(ctx, merchantId, { productId: club.id, name: "Tasting notes booklet", amount: 400, currency: "EUR", interval: "month", addon: true });
  const stay = await createCoupon(ctx, merchantId, { code: "STAY25", name: "Stay with us", percentOffBps: 2500, duration: "repeating", durationCycles: 3, customerApplicable: false });
  await setMerchantSettings(ctx, merchantId, { ...(await loadSettings(ctx.db, merchantId)), retentionCouponId: stay.id });
  await createSubscription(ctx, merchantId, { customerId: customer.id, pricePointId: regular.id });

  return { merchantId, secretKey, customerId: customer.id };
}
