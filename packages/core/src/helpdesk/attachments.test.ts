import { afterAll, describe, expect, it } from "vitest";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { checkAttachment, MAX_ATTACHMENT_BYTES } from "./attachments.ts";
import { createDepartment, getTicket, getTicketAttachment, openTicket, staffReply } from "./tickets.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const PDF = new TextEncoder().encode("%PDF-1.7\n%fake but well-typed\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]);

describe("ticket attachments (H1)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const department = await createDepartment(ctx, shop.merchantId, { name: "General" });

  it("types files from their content, not their name", () => {
    expect(checkAttachment("scan.pdf", PDF)).toEqual({ contentType: "application/pdf", fileName: "scan.pdf" });
    expect(checkAttachment("photo", PNG)).toEqual({ contentType: "image/png", fileName: "photo.png" });
    expect(() => checkAttachment("invoice.pdf", EXE)).toThrow(expect.objectContaining({ code: "attachment_type_not_allowed" }));
    expect(() => checkAttachment("photo.png", PDF)).toThrow(expect.objectContaining({ code: "attachment_type_mismatch" }));
    expect(() => checkAttachment("big.pdf", new Uint8Array(MAX_ATTACHMENT_BYTES + 1))).toThrow(expect.objectContaining({ code: "attachment_too_large" }));
  });

  it("stores attachments with the message and gives the exact bytes back; internal notes' files stay hidden", async () => {
    const ticket = await openTicket(ctx, scope, { departmentId: department.id, subject: "Broken", body: "See photo", attachments: [{ fileName: "crack.png", data: PNG }] });
    const [file] = ticket.messages[0]!.attachments;
    expect(file).toMatchObject({ file_name: "crack.png", content_type: "image/png", size: PNG.byteLength });
    const back = await getTicketAttachment(ctx, scope, { ticketId: ticket.id, attachmentId: file!.id });
    expect(Array.from(back.bytes)).toEqual(Array.from(PNG));

    await staffReply(ctx, shop.merchantId, { ticketId: ticket.id, body: "internal scan", internal: true, attachments: [{ fileName: "notes.pdf", data: PDF }] });
    const seen = await getTicket(ctx, scope, ticket.id);
    expect(seen.messages.flatMap((m) => m.attachments).map((a) => a.file_name)).toEqual(["crack.png"]);
  });

  it("refuses a message whose attachment lies about its type, storing nothing", async () => {
    await expect(
      openTicket(ctx, scope, { departmentId: department.id, subject: "Invoice", body: "Attached", attachments: [{ fileName: "invoice.pdf", data: EXE }] }),
    ).rejects.toMatchObject({ code: "attachment_type_not_allowed" });
    const { listTickets } = await import("./tickets.ts");
    expect((await listTickets(ctx, scope)).map((t) => t.subject)).toEqual(["Broken"]);
  });
});
