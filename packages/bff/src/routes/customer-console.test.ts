import { createStaffUser, grantIncidents, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

/** The routes the staff console's customer screens use (M2): search, profile actions, custom fields, lifetime incidents, transaction comments. */
describe("merchant API for the console's customer screens", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const agent = await createStaffUser(t.core, shop.merchantId, { email: "agent@shop.example", role: "agent" });
  const admin = await createStaffUser(t.core, shop.merchantId, { email: "admin@shop.example", role: "admin" });
  const stranger = await t.createCustomer(other.merchantId, "stranger@example.com");

  const call = async <T = Record<string, unknown>>(token: string, method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as T & { code?: string } };
  };

  it("searches customers by order number as well as name and e-mail", async () => {
    const grace = await t.createCustomer(shop.merchantId, "grace@navy.example");
    const order = await t.createPaidOrder(shop.merchantId, grace.id, { description: "Beans", unitAmount: 1500 });
    const { status, body } = await call<{ data: { id: string }[] }>(agent.token, "GET", `/customers?q=${encodeURIComponent(order.number)}`);
    expect(status).toBe(200);
    expect(body.data.map((c) => c.id)).toEqual([grace.id]);
    expect((await call<{ data: unknown[] }>(other.secretKey, "GET", `/customers?q=${encodeURIComponent(order.number)}`)).body.data).toEqual([]);
  });

  it("the profile lists what the caller may do: no blacklisting for an agent, and the server refuses it", async () => {
    const ada = await t.createCustomer(shop.merchantId, "ada@example.com");
    const asAgent = await call<{ actions: string[]; editable_fields: string[]; field_access: Record<string, string> }>(agent.token, "GET", `/customers/${ada.id}/profile`);
    expect(asAgent.status).toBe(200);
    expect(asAgent.body.actions).not.toContain("blacklist");
    expect(asAgent.body.editable_fields).toContain("custom_fields");
    expect((await call<{ actions: string[] }>(admin.token, "GET", `/customers/${ada.id}/profile`)).body.actions).toContain("blacklist");
    const refused = await call(agent.token, "POST", `/customers/${ada.id}/blacklist`, { blacklisted: true });
    expect(refused).toMatchObject({ status: 403, type: expect.stringContaining("application/problem+json"), body: { code: "admin_only" } });
    expect((await call(admin.token, "POST", `/customers/${ada.id}/blacklist`, { blacklisted: true })).status).toBe(200);
  });

  it("staff edit the merchant's custom fields; bad ones are 4xx problems; another shop's customer is 404", async () => {
    const ada = await t.createCustomer(shop.merchantId, "ada2@example.com");
    const ok = await call<{ custom_fields: Record<string, string> }>(agent.token, "PATCH", `/customers/${ada.id}`, { custom_fields: { Funnel: "Spring", Page: "B" } });
    expect(ok).toMatchObject({ status: 200, body: { custom_fields: { Funnel: "Spring", Page: "B" } } });
    const bad = await call(agent.token, "PATCH", `/customers/${ada.id}`, { custom_fields: { Funnel: 3 } });
    expect(bad.status).toBe(422);
    expect(bad.type).toContain("application/problem+json");
    expect((await call(agent.token, "PATCH", `/customers/${stranger.id}`, { custom_fields: { a: "b" } })).status).toBe(404);
  });

  it("sets lifetime incidents used within what was granted", async () => {
    const ada = await t.createCustomer(shop.merchantId, "ada3@example.com");
    await grantIncidents(t.core, shop.merchantId, { customerId: ada.id, count: 4, source: "test" });
    expect(await call(agent.token, "PUT", `/customers/${ada.id}/lifetime_incidents`, { used: 3 })).toMatchObject({ status: 200, body: { granted: 4, used: 3 } });
    const profile = await call<{ incidents: { lifetime: { used: number; granted: number } } }>(agent.token, "GET", `/customers/${ada.id}/profile`);
    expect(profile.body.incidents.lifetime).toEqual({ granted: 4, used: 3 });
    const above = await call(agent.token, "PUT", `/customers/${ada.id}/lifetime_incidents`, { used: 5 });
    expect(above).toMatchObject({ status: 422, type: expect.stringContaining("application/problem+json"), body: { code: "incidents_above_granted" } });
    expect((await call(agent.token, "PUT", `/customers/${ada.id}/lifetime_incidents`, { used: -1 })).status).toBe(422);
    expect((await call(agent.token, "PUT", `/customers/${ada.id}/lifetime_incidents`, { used: "2" })).status).toBe(422);
    expect((await call(agent.token, "PUT", `/customers/${stranger.id}/lifetime_incidents`, { used: 0 })).status).toBe(404);
  });

  it("comments on a payment, shown in the portal and e-mailed; bad input is 422, another shop's payment 404", async () => {
    const ada = await t.createCustomer(shop.merchantId, "ada4@example.com");
    const order = await t.createPaidOrder(shop.merchantId, ada.id, { description: "Beans", unitAmount: 1500 });
    const paymentId = order.payments[0]!;
    const res = await call<{ comment: string; comment_in_portal: boolean; email_id: string }>(agent.token, "PUT", `/payments/${paymentId}/comment`, { comment: "Charged twice", show_in_portal: true, notify_customer: true });
    expect(res).toMatchObject({ status: 200, body: { comment: "Charged twice", comment_in_portal: true } });
    const mails = await t.core.db.select().from(schema.outboxMessages).where(and(eq(schema.outboxMessages.customerId, ada.id), eq(schema.outboxMessages.template, "transaction_comment")));
    expect(mails.map((m) => m.id)).toEqual([res.body.email_id]);
    expect((await call(agent.token, "PUT", `/payments/${paymentId}/comment`, { comment: "x" })).status).toBe(422);
    const notShown = await call(agent.token, "PUT", `/payments/${paymentId}/comment`, { comment: "x", show_in_portal: false, notify_customer: true });
    expect(notShown).toMatchObject({ status: 422, body: { code: "comment_not_shown" } });
    expect((await call(agent.token, "PUT", `/payments/not-an-id/comment`, { comment: "x", show_in_portal: false })).status).toBe(400);
    const strangerOrder = await t.createPaidOrder(other.merchantId, stranger.id, { description: "Beans", unitAmount: 1500 });
    expect((await call(agent.token, "PUT", `/payments/${strangerOrder.payments[0]}/comment`, { comment: "x", show_in_portal: false })).status).toBe(404);
  });
});
