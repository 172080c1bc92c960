import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { documents, transactions } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { recordPayment } from "./record-payment.ts";
import { refundPayment } from "./refund-payment.ts";

describe("payments and refunds on invoices", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);
  const order = (attempts: ("approved" | "declined")[] = ["approved"]) =>
    placeBilledOrder(
      ctx,
      shop.merchantId,
      { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 10000 }], taxes: [{ description: "VAT 20%", rateBps: 2000 }] },
      attempts,
    );

  it("pays the invoice and issues a receipt only for an approved payment", async () => {
    const { invoiceId, payments } = await order(["declined", "approved"]);
    const docs = await ctx.db.select().from(documents).where(eq(documents.invoiceId, invoiceId));
    expect(docs.map((d) => [d.kind, d.transactionId])).toEqual([["receipt", payments[1]]]);
    const [invoice] = await ctx.db.select().from(documents).where(eq(documents.id, invoiceId));
    expect(invoice).toMatchObject({ status: "paid", totalAmount: 12000, subtotalAmount: 10000, taxAmount: 2000 });
    await expect(recordPayment(ctx, shop.merchantId, { invoiceId, status: "approved" })).rejects.toMatchObject({ code: "invoice_not_open" });
  });

  it("refunds partially with a credit note that returns tax in proportion", async () => {
    const { payments } = await order();
    const { credit_note_id: creditNoteId } = await refundPayment(ctx, shop.merchantId, { paymentId: payments[0]!, amount: 6000 });
    const [note] = await ctx.db.select().from(documents).where(eq(documents.id, creditNoteId!));
    expect(note).toMatchObject({ kind: "credit_note", totalAmount: 6000, subtotalAmount: 5000, taxAmount: 1000 });
  });

  it("never refunds more than was paid, even with concurrent refunds", async () => {
    const { payments } = await order();
    const attempts = await Promise.allSettled(Array.from({ length: 15 }, () => refundPayment(ctx, shop.merchantId, { paymentId: payments[0]!, amount: 1000 })));
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(12);
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(refused.every((r) => r.reason.code === "refund_exceeds_remaining")).toBe(true);
    const refunds = await ctx.db.select().from(transactions).where(and(eq(transactions.parentId, payments[0]!), eq(transactions.kind, "refund")));
    expect(refunds.reduce((s, r) => s + r.amount, 0)).toBe(12000);
  });

  it("refuses to refund a declined payment or another merchant's payment", async () => {
    const { payments } = await order(["declined"]);
    await expect(refundPayment(ctx, shop.merchantId, { paymentId: payments[0]!, amount: 1 })).rejects.toMatchObject({ code: "refund_requires_approved_payment" });
    await expect(refundPayment(ctx, other.merchantId, { paymentId: payments[0]!, amount: 1 })).rejects.toMatchObject({ code: "payment_not_found" });
  });
});
