import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { customers } from "../db/schema/index.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createTestContext, pdfText, placeBilledOrder } from "../testing/index.ts";
import { getDocumentPdf, getOrderSummaryPdf } from "./document-pdfs.ts";
import { documentLabels } from "./labels.ts";

describe("document PDFs in the customer's language and the merchant's time zone (W3)", async () => {
  // 23:30 UTC on 10 March is already 11 March in Berlin.
  const ctx = await createTestContext("2026-03-10T23:30:00.000Z");
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, { name: "Northwind Coffee Roasters", address: "12 Harbour Street, Bristol BS1 4RN", timeZone: "Europe/Berlin" });
  const customer = await createCustomer(ctx, merchantId, { email: "ada@example.com", name: "Ada Lovelace", locale: "fr-FR" });
  const scope = { merchantId, customerId: customer.id };
  const billed = await placeBilledOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Burr grinder", quantity: 1, unitAmount: 8900 }] });
  const setLocale = (locale: string) => ctx.db.update(customers).set({ locale }).where(eq(customers.id, customer.id));

  it("prints French labels, French amounts and the Berlin calendar day", async () => {
    const text = await pdfText((await getDocumentPdf(ctx, scope, billed.invoiceId)).bytes);
    for (const expected of ["Facture", "Numéro", "Commande", "Prix unitaire", "Tous les montants sont en EUR.", "89,00 €", "11 mars 2026"]) expect(text).toContain(expected);
    expect(text).not.toContain("10 mars 2026");
  });

  it("prints Spanish for es-MX, with the order summary's history in Spanish", async () => {
    await setLocale("es-MX");
    const text = await pdfText((await getOrderSummaryPdf(ctx, scope, billed.orderId)).bytes);
    for (const expected of ["Resumen del pedido", "Pedido", "Pagos", "Pago", "aprobado", "11 mar 2026"]) expect(text).toContain(expected);
  });

  it("prints a language without labels wholly in English, English dates and amounts included", async () => {
    await setLocale("pt-BR");
    const text = await pdfText((await getDocumentPdf(ctx, scope, billed.invoiceId)).bytes);
    for (const expected of ["Invoice", "Unit price", "€89.00", "Mar 11, 2026"]) expect(text).toContain(expected);
    expect(text).not.toMatch(/89,00|mar\. de 2026|11 de mar/);
  });

  it("resolves labels by language: fr-CA is French, de-AT German, xx English", () => {
    expect(documentLabels("fr-CA").title.invoice).toBe("Facture");
    expect(documentLabels("es_ES").title.credit_note).toBe("Nota de crédito");
    expect(documentLabels("de-AT").title.invoice).toBe("Rechnung");
    expect(documentLabels("xx").title.invoice).toBe("Invoice");
  });
});
