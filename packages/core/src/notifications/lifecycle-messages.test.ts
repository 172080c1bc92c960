import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { cancelSubscription } from "../subscriptions/cancel-subscription.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { pauseSubscription } from "../subscriptions/pause-subscription.ts";
import { runBilling } from "../billing/billing-engine.ts";
import { createTestContext } from "../testing/index.ts";
import { dispatchOutbox, type OutgoingEmail } from "./dispatch-outbox.ts";
import { LINK_AT_SEND } from "./templates/index.ts";

describe("messages from the subscription lifecycle", async () => {
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, {
    name: "Northwind",
    defaultLocale: "de",
    settings: { autoInvite: true, cancellation: "automatic", cancellationTiming: "either", pauseResume: true },
  });
  const product = await createProduct(ctx, merchantId, { name: "Espresso club" });
  const monthly = await createPricePoint(ctx, merchantId, { productId: product.id, name: "Monthly", amount: 1900, currency: "EUR", interval: "month" });
  const subscriber = async (email: string, locale?: string) => {
    const customer = await createCustomer(ctx, merchantId, { email, name: "Ada", ...(locale ? { locale } : {}) });
    await addCard(ctx, { merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const sub = await createSubscription(ctx, merchantId, { customerId: customer.id, pricePointId: monthly.id });
    return { scope: { merchantId, customerId: customer.id }, sub };
  };
  const mails = (customerId: string) => ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.customerId, customerId)));

  it("invites the customer to the portal once, on the first paid subscription invoice, with a link signed when it is sent (autoInvite)", async () => {
    const { scope } = await subscriber("ada@example.com");
    ctx.clock.advance({ days: 32 });
    await runBilling(ctx);
    const invites = (await mails(scope.customerId)).filter((m) => m.template === "portal_invite");
    expect(invites).toHaveLength(1);
    // The merchant speaks German and the customer chose no language.
    expect(invites[0]).toMatchObject({ locale: "de", linkPurpose: "invite", subject: "Ihr Kundenkonto bei Northwind" });
    expect(invites[0]!.body).toContain(LINK_AT_SEND);
    const sent: OutgoingEmail[] = [];
    await dispatchOutbox(ctx, { mailer: { send: async (m) => void sent.push(m) }, links: async (input) => `https://billing.example/links/${input.purpose}/${input.customerId}` });
    expect(sent.find((m) => m.subject === "Ihr Kundenkonto bei Northwind")!.text).toContain(`https://billing.example/links/invite/${scope.customerId}`);
  });

  it("sends no invite when the setting is off", async () => {
    const { merchantId: quiet } = await createMerchant(ctx, { name: "Quiet" });
    const customer = await createCustomer(ctx, quiet, { email: "q@example.com" });
    await addCard(ctx, { merchantId: quiet, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const p = await createProduct(ctx, quiet, { name: "Plan" });
    const price = await createPricePoint(ctx, quiet, { productId: p.id, name: "Monthly", amount: 500, currency: "EUR", interval: "month" });
    await createSubscription(ctx, quiet, { customerId: customer.id, pricePointId: price.id });
    expect((await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.customerId, customer.id))).map((m) => m.template)).toEqual(["welcome"]);
  });

  it("confirms a pause, a cancellation at the end of the term and a cancellation now, in the customer's language", async () => {
    const { scope, sub } = await subscriber("bea@example.com", "en-GB");
    await pauseSubscription(ctx, scope, { subscriptionId: sub.id, at: new Date("2026-08-01T00:00:00Z"), resumeAt: new Date("2026-09-01T00:00:00Z") });
    const paused = (await mails(scope.customerId)).find((m) => m.template === "subscription_paused")!;
    expect(paused.subject).toBe("Your Espresso club subscription is paused");
    expect(paused.body).toContain("paused from 1 August 2026");
    expect(paused.body).toContain("It resumes on 1 September 2026.");

    await cancelSubscription(ctx, scope, { subscriptionId: sub.id, when: "end_of_term" });
    const scheduled = (await mails(scope.customerId)).find((m) => m.template === "cancellation_scheduled")!;
    expect(scheduled.subject).toMatch(/^Your Espresso club subscription ends on \d+ \w+ 2026$/);

    const other = await subscriber("cy@example.com", "de-AT");
    await cancelSubscription(ctx, other.scope, { subscriptionId: other.sub.id, when: "now" });
    const ended = (await mails(other.scope.customerId)).find((m) => m.template === "subscription_cancelled")!;
    expect(ended).toMatchObject({ locale: "de-AT", subject: "Ihr Abonnement Espresso club wurde beendet" });
    expect(ended.body).toContain("wie von Ihnen gewünscht");
    expect(ended.html).toContain('<html lang="de">');
  });

  it("e-mails the payment link of a new order when asked (pay order)", async () => {
    const customer = await createCustomer(ctx, merchantId, { email: "dan@example.com", locale: "en" });
    const order = await createOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 8900 }] }, { invoice: { emailPaymentLink: true } });
    const [mail] = (await mails(customer.id)).filter((m) => m.template === "pay_order");
    expect(mail).toMatchObject({ subject: `Order ${order.number}: €89.00 to pay`, linkPurpose: "pay_order", subjectId: order.id });
  });
});
