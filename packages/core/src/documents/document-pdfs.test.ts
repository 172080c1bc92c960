import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { customers } from "../db/schema/index.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchantWithCustomer, createTestContext, pdfText, placeBilledOrder } from "../testing/index.ts";
import { getDocumentPdf, getOrderSummaryPdf, getTransactionDocumentPdf } from "./document-pdfs.ts";

describe("document PDFs (O2, O4)", async () => {
  const ctx = await createTestContext("2026-03-10T09:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, { name: "Northwind Coffee Roasters", address: "12 Harbour Street, Bristol BS1 4RN" });
  const customer = await createCustomer(ctx, merchantId, { email: "ada@example.com", name: "Ada Lovelace", locale: "en-GB" });
  const scope = { merchantId, customerId: customer.id };
  const billed = await placeBilledOrder(
    ctx,
    merchantId,
    {
      customerId: customer.id,
      type: "one_time",
      currency: "EUR",
      items: [
        { description: "Burr grinder", quantity: 1, unitAmount: 8900 },
        { description: "Cleaning tablets", quantity: 2, unitAmount: 650 },
      ],
      taxes: [{ description: "VAT 20%", rateBps: 2000 }],
    },
    ["declined", "approved"],
  );
  const [declined, approved] = billed.payments as [string, string];
  const refund = await refundPayment(ctx, merchantId, { paymentId: approved, amount: 2448 });

  it("renders an invoice with merchant, customer, number, date, lines, tax and total", async () => {
    const pdf = await getDocumentPdf(ctx, scope, billed.invoiceId);
    expect(pdf.fileName).toBe(`invoice-${billed.invoiceNumber}.pdf`);
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = await pdfText(pdf.bytes);
    for (const expected of ["Invoice", billed.invoiceNumber, "Northwind Coffee Roasters", "Ada Lovelace", "ada@example.com", "10 Mar 2026", "Burr grinder", "Cleaning tablets", "€13.00", "Subtotal", "€102.00", "VAT 20%", "€20.40", "Total", "€122.40", `Order`, billed.number]) {
      expect(text).toContain(expected);
    }
  });

  it("renders the receipt of the approved payment and the credit note of its refund", async () => {
    const receipt = await getTransactionDocumentPdf(ctx, scope, approved, "receipt");
    expect(receipt.fileName).toBe("receipt-RCT-000001.pdf");
    const receiptText = await pdfText(receipt.bytes);
    expect(receiptText).toContain("Receipt");
    expect(receiptText).toContain("RCT-000001");
    expect(receiptText).toContain(billed.invoiceNumber);
    expect(receiptText).toContain("€122.40");

    const note = await getDocumentPdf(ctx, scope, refund.credit_note_id!);
    const noteText = await pdfText(note.bytes);
    expect(noteText).toContain("Credit note");
    expect(noteText).toContain("CN-000001");
    expect(noteText).toContain(`Refund for invoice ${billed.invoiceNumber}`);
    expect(noteText).toContain("€24.48");
    expect(noteText).toContain("€4.08"); // tax share of the refund
  });

  it("renders an order summary with totals and payments", async () => {
    const pdf = await getOrderSummaryPdf(ctx, scope, billed.orderId);
    expect(pdf.fileName).toBe(`order-summary-${billed.number}.pdf`);
    const text = await pdfText(pdf.bytes);
    for (const expected of ["Order summary", billed.number, "Burr grinder", "€122.40", "Refunded", "€24.48", "Payments", "declined"]) expect(text).toContain(expected);
  });

  it("has no invoice or receipt for a declined payment: document_not_available", async () => {
    for (const kind of ["receipt", "invoice"] as const) {
      await expect(getTransactionDocumentPdf(ctx, scope, declined, kind)).rejects.toMatchObject({ type: "not_found", code: "document_not_available" });
    }
  });

  it("formats for the customer's locale: German labels and amounts, yen without decimals", async () => {
    await ctx.db.update(customers).set({ locale: "de-DE" }).where(eq(customers.id, customer.id));
    const text = await pdfText((await getDocumentPdf(ctx, scope, billed.invoiceId)).bytes);
    expect(text).toContain("Rechnung");
    expect(text).toContain("122,40 €");
    await ctx.db.update(customers).set({ locale: "en-GB" }).where(eq(customers.id, customer.id));

    const yen = await placeBilledOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "JPY", items: [{ description: "Matcha", quantity: 2, unitAmount: 3200 }] });
    expect(await pdfText((await getDocumentPdf(ctx, scope, yen.invoiceId)).bytes)).toContain("¥6,400");
  });

  it("does not hand out another customer's document", async () => {
    const other = await createMerchantWithCustomer(ctx);
    await expect(getDocumentPdf(ctx, other, billed.invoiceId)).rejects.toMatchObject({ code: "document_not_found" });
    await expect(getTransactionDocumentPdf(ctx, other, approved, "receipt")).rejects.toMatchObject({ code: "transaction_not_found" });
    await expect(getOrderSummaryPdf(ctx, other, billed.orderId)).rejects.toMatchObject({ code: "order_not_found" });
  });
});
