import { afterAll, describe, expect, it } from "vitest";
import { topUpBalance } from "../balance/top-up-balance.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createDepartment, getTicket, openTicket } from "../helpdesk/tickets.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { voidPayment } from "../payments/void-payment.ts";
import { requestRefund } from "../requests/request-refund.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { buyIncidentPackage } from "./buy-incident-package.ts";
import { getIncidentSummary, grantIncidents, setIncidentCreditLimit } from "./incidents.ts";
import { fundsGrant } from "./rules.ts";
import { setTicketIncidents } from "./ticket-incidents.ts";

const card = (number = "4242424242424242") => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });
let key = 0;
const idem = () => `test-${++key}`;

describe("incident packages sold as products (H4)", async () => {
  const ctx = await createTestContext("2026-04-11T09:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  await addCard(ctx, scope, card());
  const support = await createProduct(ctx, shop.merchantId, { name: "Priority support", incidents: 10, refundPeriodDays: 30 });
  const lifetimePack = await createPricePoint(ctx, shop.merchantId, { productId: support.id, name: "10 incidents, lifetime", amount: 9900, currency: "EUR" });
  const quarterly = await createPricePoint(ctx, shop.merchantId, { productId: support.id, name: "10 a month, 3 months", amount: 19900, currency: "EUR", interval: "month", intervalCount: 3 });

  it("refuses daily plans and trials for incident packages", async () => {
    await expect(createPricePoint(ctx, shop.merchantId, { productId: support.id, name: "daily", amount: 100, currency: "EUR", interval: "day" })).rejects.toMatchObject({ code: "incident_plan_period" });
    await expect(createPricePoint(ctx, shop.merchantId, { productId: support.id, name: "trial", amount: 100, currency: "EUR", interval: "month", trialDays: 7 })).rejects.toMatchObject({ code: "incident_plan_period" });
  });

  it("a per-period plan bought April 11 for three months gives 10 incidents in each month", async () => {
    const bought = await buyIncidentPackage(ctx, scope, { pricePointId: quarterly.id, idempotencyKey: idem() });
    expect(bought.payment.status).toBe("approved");
    expect(bought.incidents.available).toBe(10);
    ctx.clock.set("2026-05-11T09:00:00.000Z");
    expect((await getIncidentSummary(ctx, scope)).available).toBe(10);
    ctx.clock.set("2026-07-11T09:00:00.000Z");
    expect((await getIncidentSummary(ctx, scope)).available).toBe(0);
  });

  it("a lifetime pack adds lifetime incidents, and cannot be refunded by the customer", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { refunds: "automatic" });
    const bought = await buyIncidentPackage(ctx, scope, { pricePointId: lifetimePack.id, quantity: 2, idempotencyKey: idem() });
    expect(bought.incidents.available).toBe(20);
    await expect(requestRefund(ctx, scope, { paymentId: bought.payment.payment_id })).rejects.toMatchObject({ code: "incident_pack_not_refundable" });
    ctx.clock.set("2030-01-01T00:00:00.000Z");
    expect((await getIncidentSummary(ctx, scope)).available).toBe(20);
  });

  it("a declined card grants nothing and leaves the order to pay", async () => {
    const other = await createCustomer(ctx, shop.merchantId, { email: "declined@example.com" });
    const otherScope = { merchantId: shop.merchantId, customerId: other.id };
    await addCard(ctx, otherScope, card("4000000000000341"));
    const bought = await buyIncidentPackage(ctx, otherScope, { pricePointId: lifetimePack.id, idempotencyKey: idem() });
    expect(bought.payment.status).toBe("declined");
    expect(bought.incidents.available).toBe(0);
  });

  it("refuses a price that is not an incident package", async () => {
    const beans = await createProduct(ctx, shop.merchantId, { name: "Beans" });
    const price = await createPricePoint(ctx, shop.merchantId, { productId: beans.id, name: "1 kg", amount: 2400, currency: "EUR" });
    await expect(buyIncidentPackage(ctx, scope, { pricePointId: price.id, idempotencyKey: idem() })).rejects.toMatchObject({ code: "incident_package_not_found" });
  });
});

describe("automatic grants (H5)", async () => {
  const ctx = await createTestContext("2026-06-01T09:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  await setMerchantSettings(ctx, shop.merchantId, {
    incidentsOnRegistration: 2,
    incidentsOnFirstPayment: 3,
    incidentsOnFirstCharge: 1,
    incidentsForFunds: { amount: 5000, currency: "EUR", incidents: 1 },
  });
  const customer = await createCustomer(ctx, shop.merchantId, { email: "new@example.com" });
  const scope = { merchantId: shop.merchantId, customerId: customer.id };
  const available = async () => (await getIncidentSummary(ctx, scope)).available;

  it("grants on registration", async () => {
    expect(await available()).toBe(2);
  });

  it("carries the remainder of funds added to the next top-up, and takes it back with a reversed top-up", () => {
    expect(fundsGrant(0, 12000, { amount: 5000, incidents: 1 })).toEqual({ incidents: 2, remainder: 2000 });
    expect(fundsGrant(2000, 3000, { amount: 5000, incidents: 1 })).toEqual({ incidents: 1, remainder: 0 });
  });

  it("grants on the first payment and the first charge; voiding that payment takes the first-payment grant back, and the next payment earns it again", async () => {
    await addCard(ctx, scope, card());
    const order = { customerId: customer.id, type: "one_time" as const, currency: "EUR", items: [{ description: "Mug", quantity: 1, unitAmount: 1500 }] };
    const first = await placeBilledOrder(ctx, shop.merchantId, order);
    expect(await available()).toBe(2 + 3 + 1);
    await placeBilledOrder(ctx, shop.merchantId, order);
    expect(await available()).toBe(6); // only the first payment and first charge count

    // A ticket drawn from the first-payment grant falls back on the others when that grant goes.
    await refundPayment(ctx, shop.merchantId, { paymentId: first.payments[0]!, amount: 1500 });
    expect(await available()).toBe(3);
    await placeBilledOrder(ctx, shop.merchantId, order);
    expect(await available()).toBe(6);
  });

  it("grants one incident per 50.00 of funds added, carrying the rest, and reverses a voided top-up", async () => {
    const before = await available();
    const a = await topUpBalance(ctx, scope, { amount: 12000, currency: "EUR", idempotencyKey: idem() });
    expect(await available()).toBe(before + 2); // 20.00 carried
    await topUpBalance(ctx, scope, { amount: 3000, currency: "EUR", idempotencyKey: idem() });
    expect(await available()).toBe(before + 3); // 20.00 + 30.00 = one more
    await voidPayment(ctx, shop.merchantId, { paymentId: a.payment_id });
    expect(await available()).toBe(before + 1);
    // The carried 20.00 went with it: 30.00 + 20.00 more is one incident, not two.
    await topUpBalance(ctx, scope, { amount: 2000, currency: "EUR", idempotencyKey: idem() });
    expect(await available()).toBe(before + 1);
    await topUpBalance(ctx, scope, { amount: 3000, currency: "EUR", idempotencyKey: idem() });
    expect(await available()).toBe(before + 2);
  });
});

describe("staff change the incidents used on a ticket (H7)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const paid = await createDepartment(ctx, shop.merchantId, { name: "Hosting", paid: true });
  await grantIncidents(ctx, shop.merchantId, { customerId: shop.customerId, count: 3, source: "staff" });

  it("raising deducts more, lowering gives them back, and past zero it goes on credit", async () => {
    const ticket = await openTicket(ctx, scope, { departmentId: paid.id, subject: "Server down", body: "Help" });
    expect((await getTicket(ctx, scope, ticket.id)).incidents_used).toBe(1);
    expect(await setTicketIncidents(ctx, shop.merchantId, { ticketId: ticket.id, count: 3 })).toMatchObject({ incidents_used: 3, customer: { available: 0 } });
    expect(await setTicketIncidents(ctx, shop.merchantId, { ticketId: ticket.id, count: 5 })).toMatchObject({ incidents_used: 5, customer: { available: 0, on_credit: 2 } });
    // Lowering clears the debt first, then returns incidents.
    expect(await setTicketIncidents(ctx, shop.merchantId, { ticketId: ticket.id, count: 2 })).toMatchObject({ incidents_used: 2, customer: { available: 1, on_credit: 0 } });
    expect(await setTicketIncidents(ctx, shop.merchantId, { ticketId: ticket.id, count: 0 })).toMatchObject({ incidents_used: 0, customer: { available: 3 } });
    expect((await getTicket(ctx, scope, ticket.id)).incidents_used).toBe(0);
  });

  it("refuses a bad count and another merchant's ticket", async () => {
    await setIncidentCreditLimit(ctx, shop.merchantId, { customerId: shop.customerId, limit: 0 });
    const ticket = await openTicket(ctx, scope, { departmentId: paid.id, subject: "Again", body: "Help" });
    await expect(setTicketIncidents(ctx, shop.merchantId, { ticketId: ticket.id, count: -1 })).rejects.toMatchObject({ code: "invalid_incident_count" });
    const other = await createMerchantWithCustomer(ctx);
    await expect(setTicketIncidents(ctx, other.merchantId, { ticketId: ticket.id, count: 2 })).rejects.toMatchObject({ code: "ticket_not_found" });
  });
});
