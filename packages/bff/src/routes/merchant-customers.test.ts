import { createCustomer, createDepartment, createOrder, grantIncidents, issueInvoice, openTicket, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("merchant API customers: profile, deletion, portal invite", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const stranger = await t.createCustomer(other.merchantId, "stranger@example.com");

  const call = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("Content-Type"), retryAfter: res.headers.get("Retry-After"), body: (await res.json()) as T & { code?: string; details?: Record<string, unknown> } };
  };
  const actions = async (action: string, subjectId: string) =>
    (await t.core.db.select().from(schema.auditLog).where(and(eq(schema.auditLog.action, action), eq(schema.auditLog.subjectId, subjectId)))).length;

  it("answers a customer's whole profile in one call: details, first pages of orders, subscriptions, transactions and tickets, balance, incidents", async () => {
    const ada = await createCustomer(t.core, shop.merchantId, { email: "ada@example.com", name: "Ada" });
    for (let i = 0; i < 11; i++) await t.createPaidOrder(shop.merchantId, ada.id, { description: `Beans ${i}`, unitAmount: 1000 });
    const department = await createDepartment(t.core, shop.merchantId, { name: "General" });
    const ticket = await openTicket(t.core, { merchantId: shop.merchantId, customerId: ada.id }, { departmentId: department.id, subject: "Where is my parcel", body: "?" });
    await grantIncidents(t.core, shop.merchantId, { customerId: ada.id, count: 3, source: "test" });
    expect((await call("PUT", `/customers/${ada.id}/incident_credit_limit`, { limit: 2 })).status).toBe(200);
    expect((await call("POST", `/customers/${ada.id}/credits`, { amount: 500, currency: "EUR" }, { "Idempotency-Key": "credit-ada" })).status).toBe(201);

    const { status, body } = await call<{
      customer: { id: string; email: string };
      balance: unknown[];
      incidents: { available: number; used: number; credit_limit: number };
      orders: { data: { customer_id: string }[]; has_more: boolean; next_cursor: string | null };
      subscriptions: { data: unknown[]; has_more: boolean };
      transactions: { data: { kind: string }[]; has_more: boolean };
      tickets: { data: { id: string }[]; has_more: boolean };
    }>("GET", `/customers/${ada.id}/profile`);
    expect(status).toBe(200);
    expect(body.customer).toMatchObject({ id: ada.id, email: "ada@example.com", deleted_at: null });
    expect(body.balance).toEqual([{ amount: 500, currency: "EUR" }]);
    expect(body.incidents).toMatchObject({ available: 3, used: 0, credit_limit: 2, on_credit: 0 });
    expect(body.orders.data).toHaveLength(10);
    expect(body.orders.has_more).toBe(true);
    expect(body.orders.data.every((o) => o.customer_id === ada.id)).toBe(true);
    // The profile's cursor continues with the orders list itself.
    const rest = await call<{ data: unknown[]; has_more: boolean }>("GET", `/orders?customer=${ada.id}&limit=10&cursor=${body.orders.next_cursor}`);
    expect(rest.body.data).toHaveLength(1);
    expect(rest.body.has_more).toBe(false);
    expect(body.transactions.data).toHaveLength(10);
    expect(body.transactions.data.every((tx) => tx.kind === "payment")).toBe(true);
    expect(body.subscriptions).toEqual({ data: [], has_more: false, next_cursor: null });
    expect(body.tickets.data.map((tk) => tk.id)).toEqual([ticket.id]);

    const theirs = await call("GET", `/customers/${stranger.id}/profile`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("customer_not_found");
  });

  it("refuses to delete a customer with a running subscription, an open invoice or account credit (409)", async () => {
    const subscriber = await createCustomer(t.core, shop.merchantId, { email: "sub@example.com" });
    const placed = await call("POST", "/orders", { customer: subscriber.id, type: "recurring", currency: "EUR", items: [{ description: "Monthly", quantity: 1, unit_amount: 900 }] }, { "Idempotency-Key": "sub-order" });
    expect(placed.status).toBe(201);
    const active = await call("DELETE", `/customers/${subscriber.id}`);
    expect(active.status).toBe(409);
    expect(active.type).toBe("application/problem+json");
    expect(active.body.code).toBe("customer_has_active_subscriptions");

    const debtor = await createCustomer(t.core, shop.merchantId, { email: "owes@example.com" });
    const order = await createOrder(t.core, shop.merchantId, { customerId: debtor.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 9900 }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const open = await call("DELETE", `/customers/${debtor.id}`);
    expect(open.status).toBe(409);
    expect(open.body).toMatchObject({ code: "customer_has_open_invoices", details: { invoices: [invoice.id] } });

    const creditor = await createCustomer(t.core, shop.merchantId, { email: "credit@example.com" });
    await call("POST", `/customers/${creditor.id}/credits`, { amount: 100, currency: "EUR" }, { "Idempotency-Key": "credit-creditor" });
    const credit = await call("DELETE", `/customers/${creditor.id}`);
    expect(credit.status).toBe(409);
    expect(credit.body).toMatchObject({ code: "customer_has_balance", details: { balances: [{ amount: 100, currency: "EUR" }] } });

    for (const id of [subscriber.id, debtor.id, creditor.id]) {
      expect((await call<{ email: string; deleted_at: string | null }>("GET", `/customers/${id}`)).body.deleted_at).toBeNull();
      expect(await actions("customer.deleted", id)).toBe(0);
    }
    expect((await call("DELETE", `/customers/${stranger.id}`)).status).toBe(404);
  });

  it("deletes a customer by anonymising their personal data, ending their sessions and keeping the documents with the recipient they were issued to", async () => {
    const gone = await createCustomer(t.core, shop.merchantId, {
      email: "grace@example.com",
      name: "Grace Hopper",
      externalId: "crm-7",
      phone: "+1 415 555 0100",
      billingAddress: { line1: "1 Main St", line2: null, postal_code: "10001", city: "New York", region: null, country: "US" },
      taxId: { value: "12-3456789", type: "us_ein" },
    });
    const paid = await t.createPaidOrder(shop.merchantId, gone.id, { description: "Compiler", unitAmount: 4200 });
    const { token } = await t.mintSession(shop.merchantId, gone.id, 3600);

    const res = await call<Record<string, unknown>>("DELETE", `/customers/${gone.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: gone.id,
      email: `deleted+${gone.id}@anonymised.invalid`,
      name: null,
      phone: null,
      billing_address: null,
      tax_id: null,
      external_id: null,
      deleted_at: t.clock.now().toISOString(),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/grace|hopper|415|Main St|3456789|crm-7/i);
    expect(await actions("customer.deleted", gone.id)).toBe(1);

    // The portal session ended; new ones and invites are refused; the details cannot be changed back.
    expect((await t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    const session = await call("POST", "/portal_sessions", { customer: gone.id });
    expect(session.status).toBe(403);
    expect(session.body.code).toBe("customer_deleted");
    expect((await call("PATCH", `/customers/${gone.id}`, { name: "Grace" })).body.code).toBe("customer_deleted");
    expect((await call("POST", `/customers/${gone.id}/invite`)).body.code).toBe("customer_deleted");

    // Financial records stay; their documents print the recipient frozen at deletion.
    expect((await call<{ id: string }>("GET", `/orders/${paid.orderId}`)).status).toBe(200);
    const docs = await t.core.db.select().from(schema.documents).where(eq(schema.documents.customerId, gone.id));
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(docs.every((d) => JSON.stringify(d.billTo) === JSON.stringify(["Grace Hopper", "grace@example.com"]))).toBe(true);
    const pdf = await t.app.request(`/v1/documents/${paid.invoiceId}/pdf`, { headers: { Authorization: `Bearer ${shop.secretKey}` } });
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");
    // The e-mail log keeps that messages were sent, not to whom or what they said.
    const mails = await t.core.db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.customerId, gone.id));
    expect(mails.length).toBeGreaterThan(0);
    expect(JSON.stringify(mails)).not.toMatch(/grace/i);
    const resend = await call("POST", `/emails/${mails[0]!.id}/resend`, undefined, { "Idempotency-Key": "resend-gone" });
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe("customer_deleted");

    // Lists leave deleted customers out unless asked; deleting again answers the same customer, recorded once.
    expect((await call<{ data: { id: string }[] }>("GET", "/customers?limit=100")).body.data.map((c) => c.id)).not.toContain(gone.id);
    expect((await call<{ data: { id: string }[] }>("GET", "/customers?deleted=true")).body.data.map((c) => c.id)).toEqual([gone.id]);
    const again = await call("DELETE", `/customers/${gone.id}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: gone.id, deleted_at: res.body.deleted_at });
    expect(await actions("customer.deleted", gone.id)).toBe(1);
  });

  it("queues the portal invite e-mail, refuses a resend within 60 s with 429, and audits each invite", async () => {
    const lin = await createCustomer(t.core, shop.merchantId, { email: "lin@example.com", name: "Lin" });
    const first = await call<{ email_id: string; resent: boolean }>("POST", `/customers/${lin.id}/invite`);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ email_id: expect.stringMatching(/^eml_/), resent: false });
    const [queued] = await t.core.db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.id, first.body.email_id));
    expect(queued).toMatchObject({ template: "portal_invite", to: "lin@example.com", channel: "email", status: "pending", linkPurpose: "invite", customerId: lin.id });
    const listed = await call<{ data: { id: string }[] }>("GET", `/customers/${lin.id}/emails`);
    expect(listed.body.data.map((m) => m.id)).toContain(first.body.email_id);

    t.clock.advance({ seconds: 30 });
    const soon = await call("POST", `/customers/${lin.id}/invite`);
    expect(soon.status).toBe(429);
    expect(soon.type).toBe("application/problem+json");
    expect(soon.body).toMatchObject({ code: "invite_rate_limited", details: { retry_after_seconds: 30 } });
    expect(soon.retryAfter).toBe("30");

    t.clock.advance({ seconds: 31 });
    const again = await call<{ email_id: string; resent: boolean }>("POST", `/customers/${lin.id}/invite`);
    expect(again.status).toBe(201);
    expect(again.body.resent).toBe(true);
    expect(again.body.email_id).not.toBe(first.body.email_id);
    expect(await actions("customer.invited", lin.id)).toBe(2);

    expect((await call("POST", `/customers/${stranger.id}/invite`)).status).toBe(404);
    expect((await call("POST", `/customers/${lin.id}/blacklist`, { blacklisted: true })).status).toBe(200);
    t.clock.advance({ seconds: 61 });
    expect((await call("POST", `/customers/${lin.id}/invite`)).body.code).toBe("customer_blacklisted");
  });
});
