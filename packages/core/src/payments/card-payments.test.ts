import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { documents, transactions } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { chargeInvoice, chargeInvoices } from "./charge-invoice.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { refundOrder } from "./refund-order.ts";
import { refundPayment } from "./refund-payment.ts";
import { voidPayment } from "./void-payment.ts";

const card = (number: string) => ({ number, expMonth: 12, expYear: 2030, cvc: "123" });

describe("card payments through the sandbox gateway (R3, O6)", async () => {
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };

  async function invoiceFor(amount: number) {
    const order = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] });
    return issueInvoice(ctx, shop.merchantId, { orderId: order.id });
  }
  async function paidWith(number: string, amount = 10000) {
    const method = await addCard(ctx, scope, card(number), { makeDefault: true });
    const invoice = await invoiceFor(amount);
    const paid = await chargeInvoice(ctx, scope, { invoiceId: invoice.id, paymentMethodId: method.id, idempotencyKey: `k-${invoice.id}` });
    return { ...paid, invoice };
  }

  it("approves with a good card and issues a receipt; a charges-decline card is recorded declined and the invoice stays open", async () => {
    const ok = await paidWith("4242424242424242");
    expect(ok).toMatchObject({ status: "approved", decline_code: null, receipt_id: expect.any(String) });
    const bad = await paidWith("4000000000000341");
    expect(bad).toMatchObject({ status: "declined", decline_code: "card_declined", receipt_id: null });
    const [invoice] = await ctx.db.select().from(documents).where(eq(documents.id, bad.invoice.id));
    expect(invoice!.status).toBe("open");
    await expect(chargeInvoice(ctx, scope, { invoiceId: ok.invoice.id, idempotencyKey: "again" })).rejects.toMatchObject({ code: "invoice_not_open" });
  });

  it("refuses to save a declined test card (402-type decline)", async () => {
    await expect(addCard(ctx, scope, card("4000000000000002"))).rejects.toMatchObject({ type: "declined", code: "card_declined" });
    await expect(addCard(ctx, scope, card("4000000000009995"))).rejects.toMatchObject({ type: "declined", code: "insufficient_funds" });
    await expect(addCard(ctx, scope, card("4242424242424241"))).rejects.toMatchObject({ type: "invalid", code: "invalid_card_number" });
  });

  it("voids only an unsettled payment, and only in full", async () => {
    const early = await paidWith("4242424242424242");
    await expect(refundPayment(ctx, shop.merchantId, { paymentId: early.payment_id, amount: 100 })).rejects.toMatchObject({ code: "refund_requires_settlement" });
    await expect(voidPayment(ctx, shop.merchantId, { paymentId: early.payment_id, amount: 5000 })).rejects.toMatchObject({ type: "invalid", code: "partial_void_not_allowed" });
    await expect(voidPayment(ctx, shop.merchantId, { paymentId: early.payment_id })).resolves.toMatchObject({ status: "voided" });
    const [invoice] = await ctx.db.select().from(documents).where(eq(documents.id, early.invoice.id));
    expect(invoice!.status).toBe("void");

    const late = await paidWith("4242424242424242");
    ctx.clock.advance({ days: 1, seconds: 1 }); // the sandbox settles after a day
    await expect(voidPayment(ctx, shop.merchantId, { paymentId: late.payment_id })).rejects.toMatchObject({ type: "conflict", code: "void_requires_unsettled" });
    await expect(refundPayment(ctx, shop.merchantId, { paymentId: late.payment_id, amount: 2500 })).resolves.toMatchObject({ status: "approved", credit_note_id: expect.any(String) });
  });

  it("never refunds more than was captured: 50 concurrent partial refunds", async () => {
    const paid = await paidWith("5555555555554444", 10000);
    ctx.clock.advance({ days: 2 });
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, () => refundPayment(ctx, shop.merchantId, { paymentId: paid.payment_id, amount: 300 })),
    );
    const granted = attempts.filter((a) => a.status === "fulfilled").length;
    expect(granted).toBe(33); // 33 x 3.00 = 99.00 of 100.00
    for (const a of attempts) if (a.status === "rejected") expect(a.reason.code).toBe("refund_exceeds_remaining");
    const [payment] = await ctx.db.select().from(transactions).where(eq(transactions.id, paid.payment_id));
    expect(payment!.refundedAmount).toBe(9900);
  });

  it("keeps a refund the gateway failed as pending for the retry queue, its amount reserved", async () => {
    const paid = await paidWith("4000000000000226");
    ctx.clock.advance({ days: 2 });
    const refund = await refundPayment(ctx, shop.merchantId, { paymentId: paid.payment_id, amount: 10000 });
    expect(refund).toMatchObject({ status: "pending", credit_note_id: null });
    await expect(refundPayment(ctx, shop.merchantId, { paymentId: paid.payment_id, amount: 1 })).rejects.toMatchObject({ code: "refund_exceeds_remaining" });
  });

  it("refunds an order by voiding unsettled payments and refunding settled ones", async () => {
    await addCard(ctx, scope, card("4242424242424242"), { makeDefault: true });
    const order = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "instalment", instalmentCount: 2, currency: "EUR", items: [{ description: "Machine", quantity: 1, unitAmount: 20000 }] });
    const first = await issueInvoice(ctx, shop.merchantId, { orderId: order.id });
    const p1 = await chargeInvoice(ctx, scope, { invoiceId: first.id, idempotencyKey: "i1" });
    ctx.clock.advance({ days: 3 });
    const second = await issueInvoice(ctx, shop.merchantId, { orderId: order.id });
    const p2 = await chargeInvoice(ctx, scope, { invoiceId: second.id, idempotencyKey: "i2" });
    const outcomes = await refundOrder(ctx, shop.merchantId, { orderId: order.id, source: "staff", actor: "api_key:test" });
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ payment_id: p1.payment_id, action: "refunded", status: "approved" }),
        expect.objectContaining({ payment_id: p2.payment_id, action: "voided", status: "voided" }),
      ]),
    );
    await expect(refundOrder(ctx, shop.merchantId, { orderId: order.id })).rejects.toMatchObject({ code: "nothing_to_refund" });
  });

  it("pays several open invoices in one card charge, and voids that charge as a whole (O6)", async () => {
    await addCard(ctx, scope, card("4242424242424242"), { makeDefault: true });
    const a = await invoiceFor(1200);
    const b = await invoiceFor(3400);
    const paid = await chargeInvoices(ctx, scope, { invoiceIds: [a.id, b.id], idempotencyKey: "bulk-1" });
    expect(paid).toMatchObject({ status: "approved", charged: 4600 });
    expect(paid.payment_ids).toHaveLength(2);
    const rows = await ctx.db.select().from(transactions).where(eq(transactions.gatewayReference, (await ctx.db.select().from(transactions).where(eq(transactions.id, paid.payment_id)))[0]!.gatewayReference!));
    expect(rows.map((r) => r.amount).sort()).toEqual([1200, 3400]);
    for (const id of [a.id, b.id]) expect((await ctx.db.select().from(documents).where(eq(documents.id, id)))[0]!.status).toBe("paid");
    await expect(voidPayment(ctx, shop.merchantId, { paymentId: paid.payment_id, amount: 1200 })).rejects.toMatchObject({ code: "partial_void_not_allowed" });
    expect((await voidPayment(ctx, shop.merchantId, { paymentId: paid.payment_id })).voided.sort()).toEqual([...paid.payment_ids].sort());
  });

  it("refuses a second payment while one is pending at the bank, and bulk payment when switched off (O6)", async () => {
    await addCard(ctx, scope, card("4000000000003220"), { makeDefault: true });
    const inv = await invoiceFor(900);
    expect(await chargeInvoice(ctx, scope, { invoiceId: inv.id, idempotencyKey: "p-1" })).toMatchObject({ status: "pending", charged: 0 });
    await expect(chargeInvoice(ctx, scope, { invoiceId: inv.id, idempotencyKey: "p-2" })).rejects.toMatchObject({ type: "conflict", code: "payment_pending" });
    await setMerchantSettings(ctx, shop.merchantId, { preventDuplicatePayments: false, bulkInvoicePayment: false });
    await expect(chargeInvoice(ctx, scope, { invoiceId: inv.id, idempotencyKey: "p-3" })).resolves.toMatchObject({ status: "pending" });
    const other = await invoiceFor(100);
    await expect(chargeInvoices(ctx, scope, { invoiceIds: [inv.id, other.id], idempotencyKey: "p-4" })).rejects.toMatchObject({ code: "bulk_payment_disabled" });
    await setMerchantSettings(ctx, shop.merchantId, {});
  });

  it("uses a card not saved for future use once, then forgets it (R1)", async () => {
    const once = await addCard(ctx, scope, card("5555555555554444"), { save: false });
    expect(once.is_default).toBe(false);
    const { listPaymentMethods } = await import("../payment-methods/list-payment-methods.ts");
    expect((await listPaymentMethods(ctx, scope)).map((m) => m.id)).not.toContain(once.id);
    const inv = await invoiceFor(700);
    await expect(chargeInvoice(ctx, scope, { invoiceId: inv.id, paymentMethodId: once.id, idempotencyKey: "once-1" })).resolves.toMatchObject({ status: "approved" });
    const other = await invoiceFor(700);
    await expect(chargeInvoice(ctx, scope, { invoiceId: other.id, paymentMethodId: once.id, idempotencyKey: "once-2" })).rejects.toMatchObject({ code: "payment_method_not_found" });
  });
});
