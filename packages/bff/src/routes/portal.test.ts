import { pdfText } from "@billfront/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

const SHOP = "https://shop.example";

describe("portal orders, history and documents (O2–O4, issue 3 §6)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  let token: string;
  let mine: Awaited<ReturnType<typeof t.createPaidOrder>>;
  let theirs: Awaited<ReturnType<typeof t.createPaidOrder>>;

  beforeAll(async () => {
    const shop = await t.createMerchant([SHOP]);
    const ada = await t.createCustomer(shop.merchantId, "ada@example.com");
    const bob = await t.createCustomer(shop.merchantId, "bob@example.com");
    mine = await t.createPaidOrder(shop.merchantId, ada.id, { description: "Burr grinder", unitAmount: 8900, attempts: ["declined", "approved"] });
    theirs = await t.createPaidOrder(shop.merchantId, bob.id, { description: "Bob's kettle", unitAmount: 4500 });
    token = (await t.mintSession(shop.merchantId, ada.id)).token;
  });

  const get = (path: string, origin?: string) =>
    t.app.request(`/v1/portal${path}`, { headers: { Authorization: `Bearer ${token}`, ...(origin ? { Origin: origin } : {}) } });
  const code = async (res: Response) => ((await res.json()) as { code: string }).code;

  it("returns an order's details: totals, allowed actions and history rows with their documents", async () => {
    const res = await get(`/orders/${mine.orderId}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { number: string; status: string; actions: string[]; history: { status: string; documents: { kind: string }[]; decline_code: string | null }[] };
    expect(body).toMatchObject({ number: mine.number, status: "paid", actions: ["download"] });
    expect(body.history.map((h) => [h.status, h.documents.map((d) => d.kind), h.decline_code])).toEqual([
      ["approved", ["invoice", "receipt"], null],
      ["declined", [], "card_declined"],
    ]);
  });

  it("lists the customer's whole billing history", async () => {
    const body = (await (await get("/billing_history")).json()) as { data: { order_number: string }[] };
    expect(body.data).toHaveLength(2);
    expect(body.data.every((row) => row.order_number === mine.number)).toBe(true);
  });

  it("downloads an invoice as an attachment with a readable name, and its receipt by payment", async () => {
    const res = await get(`/documents/${mine.invoiceId}/pdf`, SHOP);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="invoice-${mine.invoiceNumber}.pdf"`);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("Content-Disposition");
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain(mine.invoiceNumber);
    expect(text).toContain("Burr grinder");

    const receipt = await get(`/transactions/${mine.payments[1]}/documents/receipt`);
    expect(receipt.status).toBe(200);
    expect(receipt.headers.get("Content-Disposition")).toMatch(/filename="receipt-RCT-\d{6}\.pdf"/);
    const summary = await get(`/orders/${mine.orderId}/summary.pdf`);
    expect(summary.headers.get("Content-Disposition")).toBe(`attachment; filename="order-summary-${mine.number}.pdf"`);
  });

  it("answers 404 with a clear code for a receipt of a declined payment", async () => {
    const res = await get(`/transactions/${mine.payments[0]}/documents/receipt`);
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    expect(await code(res)).toBe("document_not_available");
  });

  it("answers 404 for unknown ids and for another customer's order, document or payment", async () => {
    expect(await code(await get(`/orders/${theirs.orderId}`))).toBe("order_not_found");
    expect(await code(await get("/orders/ord_nope"))).toBe("order_not_found");
    expect(await code(await get(`/orders/${theirs.orderId}/summary.pdf`))).toBe("order_not_found");
    expect(await code(await get(`/documents/${theirs.invoiceId}/pdf`))).toBe("document_not_found");
    const res = await get(`/transactions/${theirs.payments[0]}/documents/invoice`);
    expect(res.status).toBe(404);
    expect(await code(res)).toBe("transaction_not_found");
  });

  it("answers 400 for a document kind that does not exist", async () => {
    const res = await get(`/transactions/${mine.payments[1]}/documents/poem`);
    expect(res.status).toBe(400);
    expect(await code(res)).toBe("validation_failed");
  });
});
