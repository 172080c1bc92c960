import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createProduct } from "../catalog/create-product.ts";
import { merchants, orderItems, orders, ticketMessages, tickets, transactions } from "../db/schema/index.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoice } from "../payments/charge-invoice.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { decideCustomerRequest, listCustomerRequests } from "./decide-request.ts";
import { requestCancellation } from "./request-cancellation.ts";
import { requestRefund } from "./request-refund.ts";

describe("customer refund and cancellation requests (R5, M3)", async () => {
  const ctx = await createTestContext("2026-06-01T10:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
  const grinder = await createProduct(ctx, shop.merchantId, { name: "Grinder", refundPeriodDays: 14 });
  const settings = (s: Record<string, unknown>) => ctx.db.update(merchants).set({ settings: s }).where(eq(merchants.id, shop.merchantId));

  async function paidOrder(type: "one_time" | "recurring" = "one_time") {
    const order = await createOrder(ctx, shop.merchantId, {
      customerId: shop.customerId,
      type,
      currency: "EUR",
      items: [{ description: "Grinder", quantity: 1, unitAmount: 9000, productId: grinder.id }],
    });
    const invoice = await issueInvoice(ctx, shop.merchantId, { orderId: order.id });
    const paid = await chargeInvoice(ctx, scope, { invoiceId: invoice.id, idempotencyKey: invoice.id });
    return { orderId: order.id, paymentId: paid.payment_id };
  }

  it("refuses requests while the merchant has them switched off", async () => {
    const { paymentId, orderId } = await paidOrder("recurring");
    await expect(requestRefund(ctx, scope, { paymentId })).rejects.toMatchObject({ type: "forbidden", code: "refunds_disabled" });
    await expect(requestCancellation(ctx, scope, { orderId })).rejects.toMatchObject({ type: "forbidden", code: "cancellation_disabled" });
  });

  it("grants an automatic refund inside the product's refund period (a void while unsettled, a refund after)", async () => {
    await settings({ refunds: "automatic" });
    const fresh = await paidOrder();
    await expect(requestRefund(ctx, scope, { paymentId: fresh.paymentId })).resolves.toMatchObject({ status: "voided" });
    const older = await paidOrder();
    ctx.clock.advance({ days: 13 });
    await expect(requestRefund(ctx, scope, { paymentId: older.paymentId, reason: "Too loud" })).resolves.toMatchObject({ status: "refunded" });
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, older.paymentId));
    expect(payment!.refundedAmount).toBe(9000);
  });

  it("denies an automatic refund after the product's refund period, with the reason, and changes nothing", async () => {
    const late = await paidOrder();
    ctx.clock.advance({ days: 14, seconds: 1 });
    await expect(requestRefund(ctx, scope, { paymentId: late.paymentId })).rejects.toMatchObject({
      type: "not_allowed",
      code: "refund_period_expired",
      details: { refund_period_days: 14 },
    });
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, late.paymentId));
    expect(payment!.refundedAmount).toBe(0);
  });

  it("never grants an automatic refund by another merchant's product's refund period (an order line naming a foreign product)", async () => {
    const other = await createMerchant(ctx, { name: "Other shop", allowedOrigins: [] });
    const lenient = await createProduct(ctx, other.merchantId, { name: "Their grinder", refundPeriodDays: 365 });
    const order = await paidOrder();
    // Such lines were accepted before orders checked their products; the refund rule must still read only this shop's catalog.
    await ctx.db.update(orderItems).set({ productId: lenient.id }).where(eq(orderItems.orderId, order.orderId));
    ctx.clock.advance({ days: 20 });
    await expect(requestRefund(ctx, scope, { paymentId: order.paymentId })).rejects.toMatchObject({ code: "refund_period_expired", details: { refund_period_days: null } });
  });

  it("turns a manual refund request into a ticket, and runs the refund when staff approve", async () => {
    await settings({ refunds: "manual" });
    const { paymentId } = await paidOrder();
    ctx.clock.advance({ days: 2 });
    const outcome = await requestRefund(ctx, scope, { paymentId, reason: "Arrived broken" });
    expect(outcome).toMatchObject({ status: "requested" });
    if (outcome.status !== "requested") throw new Error("unreachable");
    const [ticket] = await ctx.db.select().from(tickets).where(eq(tickets.id, outcome.ticket_id));
    expect(ticket).toMatchObject({ status: "waiting_on_staff", subject: expect.stringMatching(/^Refund request for order \d+$/) });
    await expect(requestRefund(ctx, scope, { paymentId })).rejects.toMatchObject({ code: "refund_already_requested" });
    expect((await listCustomerRequests(ctx, shop.merchantId, { limit: 20, status: "pending" })).data.map((r) => r.id)).toEqual([outcome.request_id]);

    const decided = await decideCustomerRequest(ctx, shop.merchantId, { requestId: outcome.request_id, decision: "approve", actor: "api_key:test" });
    expect(decided).toMatchObject({ status: "approved", decided_by: "api_key:test" });
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, paymentId));
    expect(payment!.refundedAmount).toBe(9000);
    await expect(decideCustomerRequest(ctx, shop.merchantId, { requestId: outcome.request_id, decision: "reject", note: "x", actor: "a" })).rejects.toMatchObject({
      code: "request_already_decided",
    });
  });

  it("tells the customer why when staff reject, and requires a reason", async () => {
    const { paymentId } = await paidOrder();
    ctx.clock.advance({ days: 2 });
    const outcome = await requestRefund(ctx, scope, { paymentId });
    if (outcome.status !== "requested") throw new Error("expected a manual request");
    await expect(decideCustomerRequest(ctx, shop.merchantId, { requestId: outcome.request_id, decision: "reject", actor: "a" })).rejects.toMatchObject({
      code: "rejection_reason_required",
    });
    await decideCustomerRequest(ctx, shop.merchantId, { requestId: outcome.request_id, decision: "reject", note: "Used for six months.", actor: "api_key:test" });
    const messages = await ctx.db.select().from(ticketMessages).where(eq(ticketMessages.ticketId, outcome.ticket_id));
    expect(messages.map((m) => m.body)).toContain("Your refund request was declined: Used for six months.");
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, paymentId));
    expect(payment!.refundedAmount).toBe(0);
  });

  it("cancels at once when automatic, and through an approved ticket when manual", async () => {
    await settings({ cancellation: "automatic" });
    const auto = await paidOrder("recurring");
    await expect(requestCancellation(ctx, scope, { orderId: auto.orderId, reason: "Too much coffee" })).resolves.toEqual({ status: "cancelled", order_id: auto.orderId });
    expect((await ctx.db.select().from(orders).where(eq(orders.id, auto.orderId)))[0]!.state).toBe("cancelled");

    await settings({ cancellation: "manual" });
    const manual = await paidOrder("recurring");
    const requested = await requestCancellation(ctx, scope, { orderId: manual.orderId });
    if (requested.status !== "requested") throw new Error("expected a manual request");
    expect((await ctx.db.select().from(orders).where(eq(orders.id, manual.orderId)))[0]!.state).toBe("active");
    await decideCustomerRequest(ctx, shop.merchantId, { requestId: requested.request_id, decision: "approve", actor: "api_key:test" });
    expect((await ctx.db.select().from(orders).where(eq(orders.id, manual.orderId)))[0]!.state).toBe("cancelled");
  });
});
