import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { merchants } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoice } from "../payments/charge-invoice.ts";
import { listCustomerRequests } from "../requests/decide-request.ts";
import { requestRefund } from "../requests/request-refund.ts";
import type { StaffActor } from "../staff/staff.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createStaffDepartment, listStaffDepartments, updateDepartment } from "./departments.ts";
import { listStaffTickets } from "./list-staff-tickets.ts";
import { getStaffTicket, getStaffTicketAttachment, setStaffTicketClosed } from "./staff-tickets.ts";
import { getTicket, getTicketAttachment, listDepartments, openTicket, staffReply } from "./tickets.ts";

// The smallest PNG: its bytes make it an image whatever the name says.
const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"));

describe("the staff side of the helpdesk (H1, M1, M3)", async () => {
  const ctx = await createTestContext("2026-06-01T10:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const admin: StaffActor = { merchantId: shop.merchantId, role: "admin", actor: "staff:admin" };
  const agent: StaffActor = { merchantId: shop.merchantId, role: "agent", actor: "staff:agent" };

  it("lets admins create, rename, make paid and archive departments, and refuses agents with admin_only", async () => {
    await expect(createStaffDepartment(ctx, agent, { name: "Sales" })).rejects.toMatchObject({ type: "forbidden", code: "admin_only" });
    const sales = await createStaffDepartment(ctx, admin, { name: " Sales " });
    expect(sales).toMatchObject({ name: "Sales", paid: false, archived: false });
    await expect(createStaffDepartment(ctx, admin, { name: "sales" })).rejects.toMatchObject({ code: "department_name_taken" });
    await expect(createStaffDepartment(ctx, admin, { name: "  " })).rejects.toMatchObject({ code: "invalid_department_name" });
    await expect(updateDepartment(ctx, agent, sales.id, { paid: true })).rejects.toMatchObject({ code: "admin_only" });
    expect(await updateDepartment(ctx, admin, sales.id, { name: "Pre-sales", paid: true })).toMatchObject({ name: "Pre-sales", paid: true, archived: false });

    const ticket = await openTicket(ctx, { ...scope }, { departmentId: (await createStaffDepartment(ctx, admin, { name: "General" })).id, subject: "Hello", body: "Hi" });
    expect(await updateDepartment(ctx, admin, sales.id, { archived: true })).toMatchObject({ archived: true });
    // Archived: gone from the customer's list and closed to new tickets; staff still see it, last.
    expect((await listDepartments(ctx, shop.merchantId)).map((d) => d.name)).toEqual(["General"]);
    expect((await listStaffDepartments(ctx, shop.merchantId)).map((d) => [d.name, d.archived])).toEqual([["General", false], ["Pre-sales", true]]);
    await expect(openTicket(ctx, scope, { departmentId: sales.id, subject: "x", body: "y" })).rejects.toMatchObject({ code: "department_archived" });
    expect(await updateDepartment(ctx, admin, sales.id, { archived: false })).toMatchObject({ archived: false });
    expect((await getTicket(ctx, scope, ticket.id)).department.name).toBe("General");

    const other = await createMerchantWithCustomer(ctx);
    await expect(updateDepartment(ctx, { merchantId: other.merchantId, role: "admin", actor: "staff:o" }, sales.id, { name: "Mine" })).rejects.toMatchObject({ code: "department_not_found" });
  });

  it("keeps internal notes and their files out of the customer's view, closes and reopens for staff", async () => {
    const general = (await listStaffDepartments(ctx, shop.merchantId)).find((d) => d.name === "General")!;
    const ticket = await openTicket(ctx, scope, { departmentId: general.id, subject: "Grinder", body: "It squeaks." });
    await staffReply(ctx, shop.merchantId, { ticketId: ticket.id, body: "Customer sounds annoyed", internal: true, attachments: [{ fileName: "note.png", data: PNG }] });
    await staffReply(ctx, shop.merchantId, { ticketId: ticket.id, body: "Please oil it." });

    const portal = await getTicket(ctx, scope, ticket.id);
    expect(portal.messages.map((m) => m.body)).toEqual(["It squeaks.", "Please oil it."]);
    expect(JSON.stringify(portal)).not.toContain("annoyed");
    const staff = await getStaffTicket(ctx, shop.merchantId, ticket.id);
    expect(staff.messages.map((m) => [m.body, m.internal])).toEqual([["It squeaks.", false], ["Customer sounds annoyed", true], ["Please oil it.", false]]);
    expect(staff).toMatchObject({ status: "waiting_on_customer", customer: { id: shop.customerId, balances: [] }, fee_currency: "EUR", actions: ["reply", "note", "close", "set_incidents", "charge_fee"] });
    const file = staff.messages[1]!.attachments[0]!;
    expect((await getStaffTicketAttachment(ctx, shop.merchantId, { ticketId: ticket.id, attachmentId: file.id })).contentType).toBe("image/png");
    await expect(getTicketAttachment(ctx, scope, { ticketId: ticket.id, attachmentId: file.id })).rejects.toMatchObject({ code: "attachment_not_found" });

    const closed = await setStaffTicketClosed(ctx, shop.merchantId, { ticketId: ticket.id, closed: true });
    expect(closed).toMatchObject({ status: "closed", actions: ["note", "reopen", "set_incidents", "charge_fee"] });
    await expect(setStaffTicketClosed(ctx, shop.merchantId, { ticketId: ticket.id, closed: true })).rejects.toMatchObject({ code: "ticket_already_closed" });
    expect((await getTicket(ctx, scope, ticket.id)).status).toBe("closed");
    expect((await setStaffTicketClosed(ctx, shop.merchantId, { ticketId: ticket.id, closed: false })).status).toBe("waiting_on_staff");

    const other = await createMerchantWithCustomer(ctx);
    await expect(setStaffTicketClosed(ctx, other.merchantId, { ticketId: ticket.id, closed: true })).rejects.toMatchObject({ code: "ticket_not_found" });
    await expect(getStaffTicketAttachment(ctx, other.merchantId, { ticketId: ticket.id, attachmentId: file.id })).rejects.toMatchObject({ code: "ticket_not_found" });

    const inbox = await listStaffTickets(ctx, shop.merchantId, { limit: 20, departmentId: general.id });
    // Two tickets of this department share the frozen clock's instant: look this one up by id.
    expect(inbox.data.find((row) => row.id === ticket.id)).toMatchObject({ id: ticket.id, customer: { id: shop.customerId, email: expect.stringContaining("@") } });
  });

  it("lists the review queue oldest first, with the customer, the order and the amount asked", async () => {
    await ctx.db.update(merchants).set({ settings: { refunds: "manual" } }).where(eq(merchants.id, shop.merchantId));
    await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    const asked: string[] = [];
    for (const amount of [1200, 3400, 5600]) {
      const order = await createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] });
      const invoice = await issueInvoice(ctx, shop.merchantId, { orderId: order.id });
      const paid = await chargeInvoice(ctx, scope, { invoiceId: invoice.id, idempotencyKey: invoice.id });
      const outcome = await requestRefund(ctx, scope, { paymentId: paid.payment_id, reason: `Refund ${amount}` });
      if (outcome.status !== "requested") throw new Error("expected a manual request");
      asked.push(outcome.request_id);
      ctx.clock.advance({ minutes: 1 });
    }
    const first = await listCustomerRequests(ctx, shop.merchantId, { limit: 2, status: "pending", order: "oldest_first" });
    expect(first.data.map((r) => r.id)).toEqual(asked.slice(0, 2));
    expect(first.data[0]).toMatchObject({ kind: "refund", reason: "Refund 1200", amount: { amount: 1200, currency: "EUR" }, customer: { id: shop.customerId }, order: { number: expect.any(String) }, actions: ["approve", "reject"] });
    const rest = await listCustomerRequests(ctx, shop.merchantId, { limit: 2, status: "pending", order: "oldest_first", cursor: first.next_cursor! });
    expect(rest.data.map((r) => r.id)).toEqual([asked[2]]);
    expect((await listCustomerRequests(ctx, shop.merchantId, { limit: 20 })).data.map((r) => r.id)).toEqual([...asked].reverse());
  });
});
