import { afterAll, describe, expect, it } from "vitest";
import { documents } from "../db/schema/index.ts";
import { createOrder } from "../orders/create-order.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { issueInvoice } from "./issue-invoice.ts";
import { takeDocumentNumber } from "./numbering.ts";
import { eq } from "drizzle-orm";

describe("document numbering (O4)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);
  const newOrder = (merchant: typeof shop, amount = 1000) =>
    createOrder(ctx, merchant.merchantId, { customerId: merchant.customerId, type: "one_time", currency: "EUR", items: [{ description: "Thing", quantity: 1, unitAmount: amount }] });

  it("issues invoice numbers per merchant in sequence with no gaps, also concurrently", async () => {
    const orders = await Promise.all(Array.from({ length: 20 }, () => newOrder(shop)));
    const issued = await Promise.all(orders.map((o) => issueInvoice(ctx, shop.merchantId, { orderId: o.id })));
    expect(issued.map((i) => i.number).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `INV-${String(i + 1).padStart(6, "0")}`));
    const theirs = await issueInvoice(ctx, other.merchantId, { orderId: (await newOrder(other)).id });
    expect(theirs.number).toBe("INV-000001");
  });

  it("gives a number back when the transaction that took it rolls back", async () => {
    await expect(
      ctx.db.transaction(async (tx) => {
        expect(await takeDocumentNumber(tx, shop.merchantId, "invoice")).toBe("INV-000021");
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const next = await issueInvoice(ctx, shop.merchantId, { orderId: (await newOrder(shop)).id });
    expect(next.number).toBe("INV-000021");
  });

  it("numbers receipts and credit notes in their own gap-free sequences, also concurrently", async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => newOrder(shop, 5000)));
    const invoices = await Promise.all(orders.map((o) => issueInvoice(ctx, shop.merchantId, { orderId: o.id })));
    const payments = await Promise.all(invoices.map((i) => recordPayment(ctx, shop.merchantId, { invoiceId: i.id, status: "approved" })));
    await Promise.all(payments.flatMap((p) => [refundPayment(ctx, shop.merchantId, { paymentId: p.id, amount: 100 }), refundPayment(ctx, shop.merchantId, { paymentId: p.id, amount: 200 })]));
    const rows = await ctx.db.select({ kind: documents.kind, number: documents.number }).from(documents).where(eq(documents.merchantId, shop.merchantId));
    const numbers = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.number).sort();
    expect(numbers("receipt")).toEqual(Array.from({ length: 8 }, (_, i) => `RCT-${String(i + 1).padStart(6, "0")}`));
    expect(numbers("credit_note")).toEqual(Array.from({ length: 16 }, (_, i) => `CN-${String(i + 1).padStart(6, "0")}`));
  });
});
