import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { topUpBalance } from "../../balance/top-up-balance.ts";
import { createPricePoint } from "../../catalog/create-price-point.ts";
import { createProduct } from "../../catalog/create-product.ts";
import { gatewayAttempts, transactions } from "../../db/schema/index.ts";
import { buyIncidentPackage } from "../../incidents/buy-incident-package.ts";
import { createOrder } from "../../orders/create-order.ts";
import { addCard } from "../../payment-methods/add-card.ts";
import { retryFailedRefunds } from "../retry-failed-refunds.ts";
import { runBilling } from "../../billing/billing-engine.ts";
import { createSubscription } from "../../subscriptions/create-subscription.ts";
import { forceBillNow } from "../../subscriptions/staff-actions.ts";
import { createMerchantWithCustomer, createTestContext } from "../../testing/index.ts";
import { guardGatewayCalls } from "../../testing/transaction-guard.ts";
import { observedGateway } from "../../testing/observed-gateway.ts";
import type { PaymentGateway } from "../gateway.ts";
import { chargeInvoice, chargeInvoices } from "../charge-invoice.ts";
import { refundOrder } from "../refund-order.ts";
import { refundPayment } from "../refund-payment.ts";
import { voidPayment } from "../void-payment.ts";
import { resumeGatewayAttempts } from "./resume-attempts.ts";

const card = (number: string) => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

describe("the money pattern: record, commit, call the gateway, book (R8)", async () => {
  const base = await createTestContext("2026-12-01T10:00:00.000Z");
  afterAll(() => base.handle.close());
  const ctx = guardGatewayCalls(base);
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const invoiceFor = async (amount: number) =>
    (await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] }, { invoice: { dueAt: ctx.clock.now() } })).invoice;

  it("makes no gateway call while a database transaction is open, on any money path", async () => {
    const good = await addCard(ctx, scope, card("4242424242424242"), { makeDefault: true });
    const flaky = await addCard(ctx, scope, card("4000000000000119"));
    // Pay one invoice, then two at once; top up; buy an incident pack.
    const one = await chargeInvoice(ctx, scope, { invoiceId: (await invoiceFor(1000)).id, idempotencyKey: "pay-one" });
    const [a, b] = [await invoiceFor(500), await invoiceFor(700)];
    const many = await chargeInvoices(ctx, scope, { invoiceIds: [a.id, b.id], idempotencyKey: "pay-many" });
    await topUpBalance(ctx, scope, { amount: 2000, currency: "EUR", paymentMethodId: good.id, idempotencyKey: "top-up" });
    const pack = await createProduct(ctx, shop.merchantId, { name: "Hotline", incidents: 3 });
    const packPrice = await createPricePoint(ctx, shop.merchantId, { productId: pack.id, name: "Pack", amount: 4900, currency: "EUR" });
    await buyIncidentPackage(ctx, scope, { pricePointId: packPrice.id, idempotencyKey: "buy-pack" });
    // Void while unsettled; refund once settled, with a card whose first refund fails (queued, then retried).
    await voidPayment(ctx, shop.merchantId, { paymentId: one.payment_id, idempotencyKey: "void-one" });
    const flakyPaid = await chargeInvoice(ctx, scope, { invoiceId: (await invoiceFor(3000)).id, paymentMethodId: flaky.id, idempotencyKey: "pay-flaky" });
    base.clock.advance({ days: 2 });
    expect(await refundPayment(ctx, shop.merchantId, { paymentId: flakyPaid.payment_id, amount: 1000, idempotencyKey: "refund-part" })).toMatchObject({ status: "pending" });
    base.clock.advance({ days: 1, ms: 1 });
    expect(await retryFailedRefunds(ctx)).toMatchObject({ succeeded: 1 });
    const order = await ctx.db.select({ orderId: transactions.orderId }).from(transactions).where(eq(transactions.id, many.payment_ids[0]!));
    await refundOrder(ctx, shop.merchantId, { orderId: order[0]!.orderId!, idempotencyKey: "refund-order" });
    // Renewals by the billing run and a staff bill-now.
    const plan = await createProduct(ctx, shop.merchantId, { name: "Club" });
    const monthly = await createPricePoint(ctx, shop.merchantId, { productId: plan.id, name: "Monthly", amount: 2900, currency: "EUR", interval: "month" });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: shop.customerId, pricePointId: monthly.id });
    base.clock.advance({ days: 31 });
    await runBilling(ctx);
    await forceBillNow(ctx, shop.merchantId, { subscriptionId: sub.id });
    expect(new Set(ctx.calls)).toEqual(new Set(["authorize", "refund", "void"]));
    expect(ctx.callsInsideTransactions).toEqual([]);
  });

  it("books an approved charge once when the request dies after the gateway answered, and the customer's retry gets the same answer, not a second charge", async () => {
    const calls: { key: string; reference: string }[] = [];
    let dieOnce = true;
    const dying: PaymentGateway = observedGateway(base.gateway, ({ key, result }) => {
      calls.push({ key, reference: result.reference });
      if (dieOnce) {
        dieOnce = false;
        throw new Error("process killed");
      }
    });
    const invoice = await invoiceFor(1500);
    await expect(chargeInvoice({ ...base, gateway: dying }, scope, { invoiceId: invoice.id, idempotencyKey: "dies-midway" })).rejects.toMatchObject({ code: "gateway_unavailable" });
    // Meanwhile nobody can pay that invoice a second time.
    await expect(chargeInvoice(base, scope, { invoiceId: invoice.id, idempotencyKey: "other-tab" })).rejects.toMatchObject({ code: "payment_in_progress" });
    const retried = await chargeInvoice({ ...base, gateway: dying }, scope, { invoiceId: invoice.id, idempotencyKey: "dies-midway" });
    expect(retried.status).toBe("approved");
    expect(calls).toHaveLength(2);
    expect(calls[0]).toEqual(calls[1]); // same gateway key, same charge
    const booked = await base.db.select().from(transactions).where(and(eq(transactions.invoiceId, invoice.id), eq(transactions.status, "approved")));
    expect(booked).toHaveLength(1);
    expect(booked[0]!.gatewayReference).toBe(calls[0]!.reference);
    // A third try replays the booked result without asking the gateway again.
    expect(await chargeInvoice({ ...base, gateway: dying }, scope, { invoiceId: invoice.id, idempotencyKey: "dies-midway" })).toEqual(retried);
    expect(calls).toHaveLength(2);
  });

  it("finishes, by the resume job, a top-up whose request never came back (the customer sees the funds, charged once)", async () => {
    let dead = true;
    const down: PaymentGateway = { ...base.gateway, name: "down", tokenizeCard: base.gateway.tokenizeCard.bind(base.gateway), void: base.gateway.void.bind(base.gateway), refund: base.gateway.refund.bind(base.gateway), authorize: async (input) => {
      const result = await base.gateway.authorize(input);
      if (dead) throw new Error("connection reset");
      return result;
    } };
    await expect(topUpBalance({ ...base, gateway: down }, scope, { amount: 1234, currency: "EUR", idempotencyKey: "lost-top-up" })).rejects.toMatchObject({ code: "gateway_unavailable" });
    const [started] = await base.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.merchantId, shop.merchantId), eq(gatewayAttempts.idempotencyKey, "lost-top-up")));
    expect(started!.status).toBe("started");
    dead = false;
    expect(await resumeGatewayAttempts({ ...base, gateway: down }, { olderThanMs: 0 })).toMatchObject({ resumed: 1 });
    const payments = await base.db.select().from(transactions).where(and(eq(transactions.merchantId, shop.merchantId), eq(transactions.amount, 1234)));
    expect(payments).toHaveLength(1);
    expect(payments[0]!.status).toBe("approved");
    // The customer's own retry now replays the same booked top-up.
    expect(await topUpBalance(base, scope, { amount: 1234, currency: "EUR", idempotencyKey: "lost-top-up" })).toMatchObject({ payment_id: payments[0]!.id, status: "approved" });
  });

  it("makes one charge when 20 requests race with the same idempotency key", async () => {
    const calls: string[] = [];
    const counted = observedGateway(base.gateway, ({ key }) => calls.push(key));
    const invoice = await invoiceFor(990_000); // more than the account credit, so the card is charged
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => chargeInvoice({ ...base, gateway: counted }, scope, { invoiceId: invoice.id, idempotencyKey: "double-click" })));
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const answers = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ payment_id: string }>).value.payment_id);
    expect(new Set(answers).size).toBe(1);
    expect(new Set(calls).size).toBe(1);
    const booked = await base.db.select().from(transactions).where(and(eq(transactions.invoiceId, invoice.id), eq(transactions.status, "approved"), eq(transactions.funding, "card")));
    expect(booked).toHaveLength(1);
  });

  it("refuses an idempotency key reused for a different operation", async () => {
    const invoice = await invoiceFor(100);
    await chargeInvoice(base, scope, { invoiceId: invoice.id, idempotencyKey: "reused" });
    await expect(topUpBalance(base, scope, { amount: 100, currency: "EUR", idempotencyKey: "reused" })).rejects.toMatchObject({ code: "idempotency_key_reused" });
  });
});
