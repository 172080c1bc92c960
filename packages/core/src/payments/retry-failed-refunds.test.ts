import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { documents, outboxMessages, transactions } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoice } from "./charge-invoice.ts";
import { refundPayment } from "./refund-payment.ts";
import { createTestContext } from "../testing/index.ts";
import { listRefundQueue, retryFailedRefunds } from "./retry-failed-refunds.ts";

describe("refund retry queue (R4)", async () => {
  const ctx = await createTestContext("2026-03-01T08:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, { name: "Shop", notifyEmails: ["billing@shop.example", "owner@shop.example"] });
  const customer = await createCustomer(ctx, merchantId, { email: "ada@example.com", name: "Ada" });
  const scope = { merchantId, customerId: customer.id };

  async function failingRefund(cardNumber: string) {
    await addCard(ctx, scope, { number: cardNumber, expMonth: 12, expYear: 2030, cvc: "123" }, { makeDefault: true });
    const order = await createOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 9000 }] });
    const invoice = await issueInvoice(ctx, merchantId, { orderId: order.id });
    const paid = await chargeInvoice(ctx, scope, { invoiceId: invoice.id, idempotencyKey: invoice.id });
    ctx.clock.advance({ days: 2 });
    const refund = await refundPayment(ctx, merchantId, { paymentId: paid.payment_id, amount: 9000 });
    expect(refund.status).toBe("pending"); // attempt 1 failed at once
    return { paymentId: paid.payment_id, refundId: refund.id };
  }
  const row = async (id: string) => (await ctx.db.select().from(transactions).where(eq(transactions.id, id)))[0]!;

  it("retries once a day, three tries in all, then drops the refund and tells the merchant's notify emails", async () => {
    const { paymentId, refundId } = await failingRefund("4000000000000333");
    expect((await listRefundQueue(ctx, merchantId, { limit: 20 })).data.map((q) => [q.id, q.attempts])).toEqual([[refundId, 1]]);
    expect(await retryFailedRefunds(ctx)).toEqual({ retried: 0, succeeded: 0, dropped: 0 }); // not a day yet

    ctx.clock.advance({ days: 1 }); // day 1: second try
    expect(await retryFailedRefunds(ctx)).toEqual({ retried: 1, succeeded: 0, dropped: 0 });
    expect(await row(refundId)).toMatchObject({ status: "pending", attempts: 2 });

    ctx.clock.advance({ days: 1 }); // day 2: third and last try
    expect(await retryFailedRefunds(ctx)).toEqual({ retried: 1, succeeded: 0, dropped: 1 });
    expect(await row(refundId)).toMatchObject({ status: "failed", attempts: 3 });
    expect((await row(paymentId)).refundedAmount).toBe(0); // the reserved amount is released
    expect((await listRefundQueue(ctx, merchantId, { limit: 20 })).data).toEqual([]);
    const told = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.template, "refund_dropped"));
    expect(told.map((m) => m.to).sort()).toEqual(["billing@shop.example", "owner@shop.example"]);

    ctx.clock.advance({ days: 1 }); // day 3: nothing left to do
    expect(await retryFailedRefunds(ctx)).toEqual({ retried: 0, succeeded: 0, dropped: 0 });
  });

  it("completes a refund that succeeds on a retry: credit note and confirmation email", async () => {
    const { refundId } = await failingRefund("4000000000000226");
    ctx.clock.advance({ days: 1 });
    await retryFailedRefunds(ctx);
    ctx.clock.advance({ days: 1 });
    expect(await retryFailedRefunds(ctx)).toEqual({ retried: 1, succeeded: 1, dropped: 0 });
    expect(await row(refundId)).toMatchObject({ status: "approved", attempts: 3 });
    const notes = await ctx.db.select().from(documents).where(and(eq(documents.kind, "credit_note"), eq(documents.transactionId, refundId)));
    expect(notes).toHaveLength(1);
    const mails = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.template, "refund_confirmation"), eq(outboxMessages.subjectId, refundId)));
    expect(mails.map((m) => [m.to, m.subject])).toEqual([["ada@example.com", "Your refund of €90.00 from Shop"]]);
  });
});
