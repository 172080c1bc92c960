import { afterAll, describe, expect, it } from "vitest";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { statusAfterMessage } from "./rules.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { getIncidentSummary, grantIncidents } from "../incidents/incidents.ts";
import { createDepartment, getHelpdeskOverview, getTicket, listDepartments, listTickets, openTicket, replyToTicket, setTicketClosed, staffReply } from "./tickets.ts";

describe("helpdesk tickets (H1)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const general = await createDepartment(ctx, shop.merchantId, { name: "General" });
  const premium = await createDepartment(ctx, shop.merchantId, { name: "Premium support", paid: true });

  it("moves the ticket to whoever must answer next; internal notes change nothing", () => {
    expect(statusAfterMessage("customer", false, "waiting_on_customer")).toBe("waiting_on_staff");
    expect(statusAfterMessage("staff", false, "waiting_on_staff")).toBe("waiting_on_customer");
    expect(statusAfterMessage("staff", true, "waiting_on_staff")).toBe("waiting_on_staff");
  });

  // Found from outside: a paid ticket re-run after a crash (its key taken over) opened a second ticket and took a second incident.
  it("opens one ticket and takes one incident when the same paid ticket is sent twice with one idempotency key (H3, R8)", async () => {
    const other = await createCustomer(ctx, shop.merchantId, { email: "twice@example.com" });
    const mine = { merchantId: shop.merchantId, customerId: other.id };
    await grantIncidents(ctx, shop.merchantId, { customerId: other.id, count: 3, source: "staff" });
    const send = () => openTicket(ctx, mine, { departmentId: premium.id, subject: "Espresso sour", body: "Help", idempotencyKey: "ticket-once" });
    const [first, again] = [await send(), await send()];
    expect(again.id).toBe(first.id);
    expect(await listTickets(ctx, mine)).toHaveLength(1);
    expect((await getIncidentSummary(ctx, mine)).available).toBe(2);
  });

  it("opens a ticket, takes replies both ways, hides internal notes, closes and reopens", async () => {
    expect((await listDepartments(ctx, shop.merchantId)).map((d) => d.name)).toEqual(["General", "Premium support"]);
    const ticket = await openTicket(ctx, scope, { departmentId: general.id, subject: " Grinder noise ", body: "It squeaks." });
    expect(ticket).toMatchObject({ subject: "Grinder noise", status: "waiting_on_staff", department: { name: "General" }, messages: [{ author: "customer", body: "It squeaks." }] });

    ctx.clock.advance({ minutes: 5 });
    await staffReply(ctx, shop.merchantId, { ticketId: ticket.id, body: "Customer sounds annoyed", internal: true });
    expect(await staffReply(ctx, shop.merchantId, { ticketId: ticket.id, body: "Try cleaning the burrs." })).toEqual({ status: "waiting_on_customer" });
    const seen = await getTicket(ctx, scope, ticket.id);
    expect(seen.messages.map((m) => m.body)).toEqual(["It squeaks.", "Try cleaning the burrs."]);

    await replyToTicket(ctx, scope, { ticketId: ticket.id, body: "That fixed it, thanks!" });
    expect((await setTicketClosed(ctx, scope, { ticketId: ticket.id, closed: true })).status).toBe("closed");
    await expect(replyToTicket(ctx, scope, { ticketId: ticket.id, body: "One more thing" })).rejects.toMatchObject({ code: "ticket_closed" });
    expect((await setTicketClosed(ctx, scope, { ticketId: ticket.id, closed: false })).status).toBe("waiting_on_staff");
    expect((await listTickets(ctx, scope)).map((t) => t.id)).toEqual([ticket.id]);
  });

  it("shows the billing section beside the tickets only when the merchant turns it on (H2)", async () => {
    expect((await getHelpdeskOverview(ctx, scope)).billing_section).toBe(false);
    await setMerchantSettings(ctx, shop.merchantId, { helpdeskBillingSection: true });
    expect(await getHelpdeskOverview(ctx, scope)).toMatchObject({ billing_section: true, departments: [{ name: "General" }, { name: "Premium support" }] });
    await setMerchantSettings(ctx, shop.merchantId, {});
  });

  it("refuses a paid department without incidents, empty messages, and other customers' tickets", async () => {
    await expect(openTicket(ctx, scope, { departmentId: premium.id, subject: "Help", body: "Please" })).rejects.toMatchObject({ code: "no_incidents_left" });
    await expect(openTicket(ctx, scope, { departmentId: general.id, subject: "Help", body: "   " })).rejects.toMatchObject({ code: "invalid_message" });
    const mine = await openTicket(ctx, scope, { departmentId: general.id, subject: "Mine", body: "Private" });
    const neighbour = await createCustomer(ctx, shop.merchantId, { email: "other@example.com" });
    await expect(getTicket(ctx, { merchantId: shop.merchantId, customerId: neighbour.id }, mine.id)).rejects.toMatchObject({ code: "ticket_not_found" });
    const other = await createMerchantWithCustomer(ctx);
    await expect(staffReply(ctx, other.merchantId, { ticketId: mine.id, body: "hi" })).rejects.toMatchObject({ code: "ticket_not_found" });
  });
});
