import type { CoreContext } from "../context.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createOrder } from "../orders/create-order.ts";
import { recordTransaction } from "../orders/record-payment.ts";

export interface DemoSeed {
  merchantId: string;
  secretKey: string;
  customerId: string;
}

const DAY = 86_400_000;

/** A demo coffee roaster with one customer and a realistic handful of orders. */
export async function seedDemo(ctx: CoreContext, options: { allowedOrigins: string[] }): Promise<DemoSeed> {
  const now = ctx.clock.now().getTime();
  const daysAgo = (days: number) => new Date(now - days * DAY);
  const { merchantId, secretKey } = await createMerchant(ctx, {
    name: "Northwind Coffee Roasters",
    address: "12 Harbour Street, Bristol BS1 4RN, United Kingdom",
    allowedOrigins: options.allowedOrigins,
  });
  const customer = await createCustomer(ctx, merchantId, {
    email: "ada@example.com",
    name: "Ada Lovelace",
    locale: "en-GB",
    externalId: "demo-customer-1",
  });
  const order = (input: Parameters<typeof createOrder>[2]) => createOrder(ctx, merchantId, input);
  const pay = (orderId: string, amount: number, at: Date, status: "approved" | "declined" = "approved") =>
    recordTransaction(ctx, merchantId, { orderId, kind: "payment", status, amount, at });

  // A monthly subscription, paid every month for half a year, with one partial refund.
  const beans = await order({
    customerId: customer.id,
    type: "recurring",
    currency: "EUR",
    items: [{ description: "Single-origin beans, 1 kg / month", quantity: 1, unitAmount: 2400 }],
    placedAt: daysAgo(180),
    nextBillingAt: new Date(now + 5 * DAY),
  });
  let firstBeans: string | undefined;
  for (let month = 6; month >= 1; month--) {
    const { id } = await pay(beans.id, 2400, daysAgo(month * 30));
    firstBeans ??= id;
  }
  await recordTransaction(ctx, merchantId, { orderId: beans.id, kind: "refund", status: "approved", amount: 800, parentId: firstBeans, at: daysAgo(170) });

  // An espresso machine in four instalments, three paid.
  const machine = await order({
    customerId: customer.id,
    type: "instalment",
    currency: "EUR",
    instalmentCount: 4,
    items: [{ description: "Lever espresso machine (4 instalments)", quantity: 1, unitAmount: 48000 }],
    placedAt: daysAgo(95),
    nextBillingAt: new Date(now + 25 * DAY),
  });
  for (const days of [95, 65, 35]) await pay(machine.id, 12000, daysAgo(days));

  // A one-time order: the first card was declined, the second approved.
  const grinder = await order({
    customerId: customer.id,
    type: "one_time",
    currency: "EUR",
    items: [
      { description: "Burr grinder", quantity: 1, unitAmount: 8900 },
      { description: "Cleaning tablets", quantity: 2, unitAmount: 650 },
    ],
    placedAt: daysAgo(20),
  });
  await pay(grinder.id, 10200, daysAgo(20), "declined");
  await pay(grinder.id, 10200, daysAgo(19));

  // A tea subscription the customer cancelled.
  const tea = await order({
    customerId: customer.id,
    type: "recurring",
    state: "cancelled",
    currency: "EUR",
    items: [{ description: "Tea of the month", quantity: 1, unitAmount: 1500 }],
    placedAt: daysAgo(300),
  });
  for (const days of [300, 270, 240]) await pay(tea.id, 1500, daysAgo(days));

  // A gift order paid in yen (no minor unit).
  const gift = await order({
    customerId: customer.id,
    type: "one_time",
    currency: "JPY",
    items: [{ description: "Kyoto matcha set", quantity: 2, unitAmount: 3200 }],
    placedAt: daysAgo(3),
  });
  await pay(gift.id, 6400, daysAgo(3));

  return { merchantId, secretKey, customerId: customer.id };
}
