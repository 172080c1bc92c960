import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { documents, outboxMessages } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { dispatchOutbox, type OutgoingEmail } from "./dispatch-outbox.ts";
import { forwardDocument, MAX_FORWARDS_PER_DAY } from "./forward-document.ts";

describe("forwarding a document by e-mail", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const placed = await placeBilledOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 8900 }] });
  const [receipt] = await ctx.db.select().from(documents).where(and(eq(documents.merchantId, shop.merchantId), eq(documents.kind, "receipt")));

  it("queues an e-mail to the other address with the document's PDF attached, made when it is sent", async () => {
    const forwarded = await forwardDocument(ctx, scope, { documentId: placed.invoiceId, to: " accountant@example.org " });
    expect(forwarded).toMatchObject({ status: "queued", forwards_left: MAX_FORWARDS_PER_DAY - 1 });
    const [row] = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.id, forwarded.id));
    expect(row).toMatchObject({ to: "accountant@example.org", template: "document_forward", customerId: shop.customerId, attachments: [{ kind: "document", documentId: placed.invoiceId }] });
    expect(row!.subject).toBe(`Test Customer sent you invoice ${placed.invoiceNumber} from Test Merchant`);
    // The recipient is not the customer: no "Hello Test Customer".
    expect(row!.body.startsWith("Hello,")).toBe(true);

    const sent: OutgoingEmail[] = [];
    await dispatchOutbox(ctx, { mailer: { send: async (email) => void sent.push(email) } });
    const mail = sent.find((m) => m.to === "accountant@example.org")!;
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe("application/pdf");
    expect(mail.attachments[0]!.fileName).toMatch(/\.pdf$/);
    expect(new TextDecoder().decode(mail.attachments[0]!.content.slice(0, 5))).toBe("%PDF-");
  });

  it("finds only the customer's own documents, and not hidden credit notes", async () => {
    const other = await createMerchantWithCustomer(ctx, { email: "eve@example.com" });
    await expect(forwardDocument(ctx, { merchantId: other.merchantId, customerId: other.customerId }, { documentId: placed.invoiceId, to: "x@example.org" })).rejects.toMatchObject({ code: "document_not_found" });
    await refundPayment(ctx, shop.merchantId, { paymentId: placed.payments[0]!, amount: 100 });
    const [note] = await ctx.db.select().from(documents).where(and(eq(documents.merchantId, shop.merchantId), eq(documents.kind, "credit_note")));
    await setMerchantSettings(ctx, shop.merchantId, { showCreditNotes: false });
    await expect(forwardDocument(ctx, scope, { documentId: note!.id, to: "x@example.org" })).rejects.toMatchObject({ code: "credit_notes_hidden", type: "forbidden" });
    await setMerchantSettings(ctx, shop.merchantId, {});
    await expect(forwardDocument(ctx, scope, { documentId: placed.invoiceId, to: "not an address" })).rejects.toMatchObject({ code: "invalid_email" });
  });

  it("is refused when the merchant switches forwarding off", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { forwardDocuments: false });
    const before = await ctx.db.select().from(outboxMessages);
    await expect(forwardDocument(ctx, scope, { documentId: receipt!.id, to: "accountant@example.org" })).rejects.toMatchObject({ type: "forbidden", code: "document_forwarding_disabled" });
    expect(await ctx.db.select().from(outboxMessages)).toHaveLength(before.length);
    await setMerchantSettings(ctx, shop.merchantId, {});
  });

  it(`allows ${MAX_FORWARDS_PER_DAY} forwards a day, counted in parallel too, then answers too_many_forwards until a day has passed`, async () => {
    const start = (await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.template, "document_forward"))).length;
    const attempts = await Promise.allSettled(Array.from({ length: MAX_FORWARDS_PER_DAY + 3 }, () => forwardDocument(ctx, scope, { documentId: receipt!.id, to: "accountant@example.org" })));
    const ok = attempts.filter((a) => a.status === "fulfilled").length;
    expect(ok).toBe(MAX_FORWARDS_PER_DAY - start);
    const refused = attempts.filter((a): a is PromiseRejectedResult => a.status === "rejected");
    expect(refused.map((r) => [r.reason.type, r.reason.code])).toEqual(Array(refused.length).fill(["rate_limited", "too_many_forwards"]));
    ctx.clock.advance({ hours: 24, seconds: 1 });
    expect(await forwardDocument(ctx, scope, { documentId: receipt!.id, to: "accountant@example.org" })).toMatchObject({ status: "queued" });
  });
});
