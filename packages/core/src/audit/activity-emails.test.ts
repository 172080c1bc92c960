import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "../customers/create-customer.ts";
import { outboxMessages, webhookEvents } from "../db/schema/index.ts";
import { createDepartment, openTicket, replyToTicket, staffReply } from "../helpdesk/tickets.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { updateMerchantSettings } from "../merchants/update-merchant.ts";
import { dispatchOutbox, type OutgoingEmail } from "../notifications/dispatch-outbox.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoices } from "../payments/charge-invoice.ts";
import { requestRefund } from "../requests/request-refund.ts";
import { createTestContext, placeBilledOrder } from "../testing/index.ts";
import { runAs } from "./actor.ts";

describe("activity e-mails to the merchant (M5), queued with the action that caused them", async () => {
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, { name: "Northwind", notifyEmails: ["ops@northwind.example", "owner@northwind.example"], settings: { refunds: "manual" } });
  const department = await createDepartment(ctx, merchantId, { name: "Billing" });
  let n = 0;
  const customer = async () => {
    const c = await createCustomer(ctx, merchantId, { email: `c${++n}@example.com`, name: `Ada ${n}` });
    await addCard(ctx, { merchantId, customerId: c.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    return { merchantId, customerId: c.id };
  };
  const asCustomer = <T>(scope: { customerId: string }, fn: () => Promise<T>) => runAs({ source: "portal", id: `customer:${scope.customerId}` }, fn);
  const activity = async () => ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.template, "merchant_activity")));
  const ticket = (scope: { merchantId: string; customerId: string }) => asCustomer(scope, () => openTicket(ctx, scope, { departmentId: department.id, subject: "Where is my invoice?", body: "Hello" }));

  it("sends nothing while the setting is off (the default)", async () => {
    const scope = await customer();
    await ticket(scope);
    expect(await activity()).toEqual([]);
  });

  it("mails every notify address about a new ticket and a customer's reply, not about staff replies", async () => {
    await updateMerchantSettings(ctx, merchantId, { activityEmails: { tickets: true } });
    const scope = await customer();
    const opened = await ticket(scope);
    const mails = await activity();
    expect(mails.map((m) => m.to).sort()).toEqual(["ops@northwind.example", "owner@northwind.example"]);
    expect(mails[0]).toMatchObject({ subject: `New ticket from Ada ${n}: Where is my invoice?`, subjectId: opened.id, status: "pending", channel: "email" });
    await staffReply(ctx, merchantId, { ticketId: opened.id, body: "Looking into it" });
    expect(await activity()).toHaveLength(2);
    await asCustomer(scope, () => replyToTicket(ctx, scope, { ticketId: opened.id, body: "Thanks!" }));
    expect(await activity()).toHaveLength(4);
    // Delivered through the outbox like every other message.
    const sent: OutgoingEmail[] = [];
    await dispatchOutbox(ctx, { mailer: { send: async (m) => void sent.push(m) } });
    expect(sent.filter((m) => m.subject.startsWith("Customer reply from")).map((m) => m.to).sort()).toEqual(["ops@northwind.example", "owner@northwind.example"]);
    expect(sent.find((m) => m.subject.startsWith("Customer reply from"))!.text).toContain("replied to ticket Where is my invoice? in the billing portal");
  });

  it("mails about portal payments and refund requests only when those switches are on", async () => {
    const scope = await customer();
    const order = await placeBilledOrder(ctx, merchantId, { customerId: scope.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 1500 }] }, []);
    const about = async (prefix: string) => (await activity()).filter((m) => m.subject.startsWith(prefix)).map((m) => m.subject);
    const before = (await activity()).length;
    await updateMerchantSettings(ctx, merchantId, { activityEmails: { payments: true, requests: false, tickets: true } });
    await asCustomer(scope, () => chargeInvoices(ctx, scope, { invoiceIds: [order.invoiceId], idempotencyKey: "pay-1" }));
    expect(await about("Portal payment")).toEqual([`Portal payment from Ada ${n}: 15.00 EUR`, `Portal payment from Ada ${n}: 15.00 EUR`]);
    const [paid] = await ctx.db.select().from(webhookEvents).where(and(eq(webhookEvents.merchantId, merchantId), eq(webhookEvents.type, "invoice.paid")));
    expect(paid!.payload).toMatchObject({ type: "invoice.paid", data: { source: "portal", customer: scope.customerId, details: { amount: 1500, currency: "EUR" } } });
    // Requests are off: the refund request is recorded but not mailed.
    const paymentId = (await ctx.db.select().from(webhookEvents).where(eq(webhookEvents.id, paid!.id)))[0]!.payload as { data: { details: { payment_id: string } } };
    await asCustomer(scope, () => requestRefund(ctx, scope, { paymentId: paymentId.data.details.payment_id, reason: "Broken" }));
    expect((await activity()).length).toBe(before + 2);
    await updateMerchantSettings(ctx, merchantId, { activityEmails: { requests: true } });
    const other = await customer();
    const second = await placeBilledOrder(ctx, merchantId, { customerId: other.customerId, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 900 }] });
    await asCustomer(other, () => requestRefund(ctx, other, { paymentId: second.payments[0]!, reason: "Broken" }));
    expect(await about("Refund request")).toEqual([`Refund request from Ada ${n}: payment ${second.payments[0]}`, `Refund request from Ada ${n}: payment ${second.payments[0]}`]);
  });
});
