import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createTestContext, pdfLayout, pdfText, placeBilledOrder, pngImage, type PdfPageLayout } from "../testing/index.ts";
import { getDocumentPdf, getOrderSummaryPdf, getTransactionDocumentPdf } from "./document-pdfs.ts";

const logoPng = pngImage(120, 40);

const MARGIN = 50;
const words = (text: string) => text.split(/\s+/).filter(Boolean);
const allItems = (pages: PdfPageLayout[]) => pages.flatMap((p) => p.items.map((i) => i.str)).join(" ");

describe("document PDFs print any name, wrap long lines and carry the merchant's logo and address (issue 13)", async () => {
  const ctx = await createTestContext("2026-03-10T09:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const address = "Unit 4, The Old Granary Business Park and Conference Centre, 12 Harbour Street, Bristol BS1 4RN, United Kingdom";
  const { merchantId } = await createMerchant(ctx, { name: "Northwind Coffee Roasters", address, logoUrl: `data:image/png;base64,${logoPng.toString("base64")}` });
  const polish = await createCustomer(ctx, merchantId, { email: "lukasz@example.com", name: "Łukasz Żółć", locale: "pl-PL" });
  const chinese = await createCustomer(ctx, merchantId, { email: "wang@example.com", name: "王小明", locale: "en-GB" });
  const longDescription =
    "Single-origin Ethiopian Yirgacheffe, washed process, light roast with notes of jasmine, bergamot and lemon curd; roasted to order in Bristol and shipped within two working days in a resealable valve bag with a compostable liner, one kilogram, whole bean or ground";
  expect(longDescription.length).toBeGreaterThanOrEqual(250);
  const description300 = `${longDescription} for espresso machines.`.padEnd(300, " extra").slice(0, 300).trim();
  const billed = await placeBilledOrder(
    ctx,
    merchantId,
    {
      customerId: polish.id,
      type: "one_time",
      currency: "EUR",
      items: [
        { description: "Ελληνικός καφές — Кофе по-турецки", quantity: 1, unitAmount: 1200 },
        { description: description300, quantity: 2, unitAmount: 650 },
      ],
      taxes: [{ description: "VAT 20%", rateBps: 2000 }],
    },
    ["approved"],
  );
  const [payment] = billed.payments as [string];
  const refund = await refundPayment(ctx, merchantId, { paymentId: payment, amount: 500 });
  const scope = { merchantId, customerId: polish.id };

  it("prints Polish, Greek, Cyrillic and Chinese text as written, read back with pdf.js", async () => {
    const text = await pdfText((await getDocumentPdf(ctx, scope, billed.invoiceId)).bytes);
    expect(text).toContain("Łukasz Żółć");
    expect(text).toContain("Ελληνικός καφές — Кофе по-турецки");
    expect(text).not.toContain("?");

    const order = await placeBilledOrder(ctx, merchantId, { customerId: chinese.id, type: "one_time", currency: "CNY", items: [{ description: "乌龙茶 (福建)", quantity: 1, unitAmount: 8800 }] });
    const chineseText = await pdfText((await getDocumentPdf(ctx, { merchantId, customerId: chinese.id }, order.invoiceId)).bytes);
    expect(chineseText).toContain("王小明");
    expect(chineseText).toContain("乌龙茶");
    expect(chineseText).not.toContain("?");
  });

  it("replaces what no shipped font has (emoji) with U+FFFD, not with a guess", async () => {
    const order = await placeBilledOrder(ctx, merchantId, { customerId: polish.id, type: "one_time", currency: "EUR", items: [{ description: "Mug ☕ 🎉", quantity: 1, unitAmount: 900 }] });
    const text = await pdfText((await getDocumentPdf(ctx, scope, order.invoiceId)).bytes);
    expect(text).toMatch(/Mug \ufffd \ufffd/);
  });

  it("wraps a 300-character item description within its column: every word printed, nothing past the margin", async () => {
    const pages = await pdfLayout((await getDocumentPdf(ctx, scope, billed.invoiceId)).bytes);
    const printed = allItems(pages);
    for (const word of words(description300)) expect(printed).toContain(word);
    const lines = pages[0]!.items.filter((i) => words(description300).some((w) => i.str.includes(w)) && i.str.length > 20);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) for (const item of page.items) expect(item.x + item.width).toBeLessThanOrEqual(page.width - MARGIN + 0.5);
    // The description stays left of the quantity column.
    for (const line of lines) expect(line.x + line.width).toBeLessThan(330);
    // The merchant's long address wraps too, and every part of it is there.
    for (const word of words(address.replace(/,/g, ""))) expect(printed).toContain(word);
  });

  it("runs a long order over several pages, repeating the table header, with the totals after the last item", async () => {
    const items = Array.from({ length: 70 }, (_, i) => ({ description: `Roast subscription, delivery ${i + 1}`, quantity: 1, unitAmount: 1999 }));
    const order = await placeBilledOrder(ctx, merchantId, { customerId: polish.id, type: "one_time", currency: "EUR", items });
    const pages = await pdfLayout((await getDocumentPdf(ctx, scope, order.invoiceId)).bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const [n, page] of pages.entries()) {
      for (const header of ["Description", "Qty", "Unit price", "Amount"]) expect(page.items.map((i) => i.str)).toContain(header);
      expect(page.items.map((i) => i.str)).toContain(`${n + 1} / ${pages.length}`);
      for (const item of page.items) expect(item.y).toBeGreaterThanOrEqual(MARGIN - 15);
    }
    const last = pages.at(-1)!;
    const lastItem = last.items.find((i) => i.str === "Roast subscription, delivery 70")!;
    const total = last.items.find((i) => i.str === "Total")!;
    expect(lastItem).toBeDefined();
    expect(total.y).toBeLessThan(lastItem.y);
    // Every delivery printed exactly once.
    const printed = pages.flatMap((p) => p.items.map((i) => i.str)).filter((s) => s.startsWith("Roast subscription"));
    expect(new Set(printed).size).toBe(70);
    expect(printed.length).toBe(70);
  });

  it("puts the logo and the merchant's address on the invoice, receipt, credit note and order summary", async () => {
    const documents = {
      invoice: await getDocumentPdf(ctx, scope, billed.invoiceId),
      receipt: await getTransactionDocumentPdf(ctx, scope, payment, "receipt"),
      credit_note: await getDocumentPdf(ctx, scope, refund.credit_note_id!),
      order_summary: await getOrderSummaryPdf(ctx, scope, billed.orderId),
    };
    for (const [kind, pdf] of Object.entries(documents)) {
      const pages = await pdfLayout(pdf.bytes);
      expect(pages[0]!.images, kind).toBe(1);
      const printed = allItems(pages);
      for (const part of ["Northwind Coffee Roasters", "12 Harbour Street", "Bristol BS1 4RN", "United Kingdom", "Conference Centre"]) expect(printed, `${kind}: ${part}`).toContain(part);
    }
  });

  it("prints the shop's name where its logo cannot be read, and the document still renders", async () => {
    const broken = await createMerchant(ctx, { name: "Kaffeerösterei Süd", address: "Hauptstraße 1\n80331 München", logoUrl: "data:image/png;base64,AAAA" });
    const customer = await createCustomer(ctx, broken.merchantId, { email: "x@example.com", name: "Zoë", locale: "de-DE" });
    const order = await placeBilledOrder(ctx, broken.merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Espresso", quantity: 1, unitAmount: 300 }] });
    const pages = await pdfLayout((await getDocumentPdf(ctx, { merchantId: broken.merchantId, customerId: customer.id }, order.invoiceId)).bytes);
    expect(pages[0]!.images).toBe(0);
    const strings = pages[0]!.items.map((i) => i.str);
    expect(strings.filter((s) => s === "Kaffeerösterei Süd").length).toBe(2); // the header and the From block
    expect(strings).toContain("Hauptstraße 1");
    expect(strings).toContain("80331 München");
  });
});
