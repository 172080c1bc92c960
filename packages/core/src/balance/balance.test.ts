import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import { documents } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoice } from "../payments/charge-invoice.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { addStaffCredit } from "./add-staff-credit.ts";
import { getBalances } from "./ledger.ts";
import { topUpBalance } from "./top-up-balance.ts";

describe("account credit balance (R6, A7)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
  const invoice = async (amount: number) => {
    const order = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] });
    return issueInvoice(ctx, shop.merchantId, { orderId: order.id });
  };

  it("grants staff credit with a credit note, shown in the billing history", async () => {
    const { credit_note_id } = await addStaffCredit(ctx, shop.merchantId, { customerId: shop.customerId, amount: 1500, currency: "EUR", note: "Late delivery", actor: "api_key:x" });
    expect(await getBalances(ctx, scope)).toEqual([{ amount: 1500, currency: "EUR" }]);
    const [note] = await ctx.db.select().from(documents).where(eq(documents.id, credit_note_id));
    expect(note).toMatchObject({ kind: "credit_note", totalAmount: 1500, orderId: null });
    expect((await listBillingHistory(ctx, scope)).find((r) => r.type === "credit")).toMatchObject({ amount: { amount: 1500 }, documents: [{ id: credit_note_id }] });
  });

  it("uses the credit first on the next invoice and charges the card only for the rest", async () => {
    const inv = await invoice(4000);
    const paid = await chargeInvoice(ctx, scope, { invoiceId: inv.id, idempotencyKey: "inv-1" });
    expect(paid).toMatchObject({ status: "approved", balance_applied: 1500 });
    expect(await getBalances(ctx, scope)).toEqual([]);
    const [row] = await ctx.db.select().from(documents).where(eq(documents.id, inv.id));
    expect(row!.status).toBe("paid");
    const payments = (await listBillingHistory(ctx, scope)).filter((r) => r.type === "payment");
    expect(payments.map((p) => p.amount.amount).sort()).toEqual([1500, 2500]);
  });

  it("pays an invoice from credit alone when it covers it, and refunds such a payment back to the balance", async () => {
    await addStaffCredit(ctx, shop.merchantId, { customerId: shop.customerId, amount: 5000, currency: "EUR", actor: "api_key:x" });
    const inv = await invoice(3000);
    const paid = await chargeInvoice(ctx, scope, { invoiceId: inv.id, idempotencyKey: "inv-2" });
    expect(paid).toMatchObject({ status: "approved", balance_applied: 3000 });
    expect(await getBalances(ctx, scope)).toEqual([{ amount: 2000, currency: "EUR" }]);
    await refundPayment(ctx, shop.merchantId, { paymentId: paid.payment_id, amount: 1000 });
    expect(await getBalances(ctx, scope)).toEqual([{ amount: 3000, currency: "EUR" }]);
  });

  it("adds funds with a card, and a refunded top-up takes them back out", async () => {
    const top = await topUpBalance(ctx, scope, { amount: 2500, currency: "EUR", idempotencyKey: "top-1" });
    expect(top).toMatchObject({ status: "approved", receipt_id: expect.any(String) });
    expect(await getBalances(ctx, scope)).toEqual([{ amount: 5500, currency: "EUR" }]);
    ctx.clock.advance({ days: 2 });
    await refundPayment(ctx, shop.merchantId, { paymentId: top.payment_id, amount: 2500 });
    expect(await getBalances(ctx, scope)).toEqual([{ amount: 3000, currency: "EUR" }]);
    await expect(topUpBalance(ctx, scope, { amount: 0, currency: "EUR", idempotencyKey: "top-2" })).rejects.toMatchObject({ code: "invalid_amount" });
  });
});
