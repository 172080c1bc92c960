import { createStaffUser, setMerchantSettings } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

/** The staff console's helpdesk and review-queue routes (H1, M1, M3): departments, close/reopen, downloads, the queue's order. */
describe("staff helpdesk routes", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const { token: session } = await t.mintSession(shop.merchantId, customer.id);
  const admin = await createStaffUser(t.core, shop.merchantId, { email: "admin@shop.example", role: "admin" });
  const agent = await createStaffUser(t.core, shop.merchantId, { email: "agent@shop.example", role: "agent" });
  const call = (auth: string, method: string, path: string, body?: unknown) =>
    t.app.request(path, { method, headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const problem = async (res: Response) => ({ status: res.status, type: res.headers.get("Content-Type"), code: ((await res.json()) as { code: string }).code });

  it("lets admins manage departments and refuses agents with 403 admin_only", async () => {
    expect(await problem(await call(agent.token, "POST", "/v1/departments", { name: "Sales" }))).toMatchObject({ status: 403, code: "admin_only" });
    const created = await call(admin.token, "POST", "/v1/departments", { name: "Sales" });
    expect(created.status).toBe(201);
    const sales = (await created.json()) as { id: string };
    expect(await problem(await call(agent.token, "PATCH", `/v1/departments/${sales.id}`, { archived: true }))).toMatchObject({ status: 403, code: "admin_only" });
    expect(await (await call(admin.token, "PATCH", `/v1/departments/${sales.id}`, { name: "Pre-sales", paid: true })).json()).toMatchObject({ name: "Pre-sales", paid: true, archived: false });
    expect(await (await call(admin.token, "PATCH", `/v1/departments/${sales.id}`, { archived: true })).json()).toMatchObject({ archived: true });
    // Agents read the list (the inbox filters by it); the portal no longer offers the archived one.
    expect(((await (await call(agent.token, "GET", "/v1/departments")).json()) as { data: { name: string; archived: boolean }[] }).data).toMatchObject([{ name: "Pre-sales", archived: true }]);
    expect(((await (await call(session, "GET", "/v1/portal/departments")).json()) as { data: unknown[] }).data).toEqual([]);

    expect(await problem(await call(admin.token, "PATCH", `/v1/departments/${sales.id}`, {}))).toMatchObject({ status: 422, type: expect.stringContaining("application/problem+json") });
    expect(await problem(await call(admin.token, "PATCH", `/v1/departments/${sales.id}`, { paid: "yes" }))).toMatchObject({ status: 422 });
    expect(await problem(await call(admin.token, "POST", "/v1/departments", { name: "" }))).toMatchObject({ status: 422 });
    expect(await problem(await call(other.secretKey, "PATCH", `/v1/departments/${sales.id}`, { name: "Mine" }))).toMatchObject({ status: 404, code: "department_not_found" });
  });

  it("closes and reopens a ticket as staff, and serves an internal note's file to staff only", async () => {
    const general = (await (await call(admin.token, "POST", "/v1/departments", { name: "General" })).json()) as { id: string };
    const ticket = (await (await call(session, "POST", "/v1/portal/tickets", { department: general.id, subject: "Help", body: "Hi" })).json()) as { id: string };
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64").toString("base64");
    expect((await call(agent.token, "POST", `/v1/tickets/${ticket.id}/replies`, { body: "Internal only", internal: true, attachments: [{ file_name: "n.png", data: png }] })).status).toBe(201);
    const view = (await (await call(agent.token, "GET", `/v1/tickets/${ticket.id}`)).json()) as { actions: string[]; messages: { internal: boolean; attachments: { id: string }[] }[] };
    expect(view.actions).toContain("close");
    const file = view.messages[1]!.attachments[0]!.id;
    const download = await call(agent.token, "GET", `/v1/tickets/${ticket.id}/attachments/${file}`);
    expect(download.headers.get("Content-Disposition")).toBe('attachment; filename="n.png"');
    expect((await call(session, "GET", `/v1/portal/tickets/${ticket.id}/attachments/${file}`)).status).toBe(404);
    expect(JSON.stringify(await (await call(session, "GET", `/v1/portal/tickets/${ticket.id}`)).json())).not.toContain("Internal only");

    expect(await (await call(agent.token, "POST", `/v1/tickets/${ticket.id}/close`)).json()).toMatchObject({ status: "closed", actions: expect.arrayContaining(["reopen"]) });
    expect(await problem(await call(agent.token, "POST", `/v1/tickets/${ticket.id}/close`))).toMatchObject({ status: 409, code: "ticket_already_closed" });
    expect(await (await call(agent.token, "POST", `/v1/tickets/${ticket.id}/reopen`)).json()).toMatchObject({ status: "waiting_on_staff" });
    expect(await problem(await call(other.secretKey, "POST", `/v1/tickets/${ticket.id}/close`))).toMatchObject({ status: 404, code: "ticket_not_found" });
    expect(await problem(await call(other.secretKey, "GET", `/v1/tickets/${ticket.id}/attachments/${file}`))).toMatchObject({ status: 404 });
  });

  it("lists the review queue oldest first, and refuses an unknown order", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { refunds: "manual" });
    const ids: string[] = [];
    for (const amount of [1000, 2000]) {
      const paid = await t.createPaidOrder(shop.merchantId, customer.id, { description: "Beans", unitAmount: amount });
      const res = await call(session, "POST", `/v1/portal/payments/${paid.payments[0]}/refund_request`, { reason: "Broken" });
      ids.push(((await res.json()) as { request_id: string }).request_id);
      t.clock.advance({ minutes: 1 });
    }
    const queue = (await (await call(agent.token, "GET", "/v1/requests?status=pending&order=oldest_first")).json()) as { data: { id: string; amount: { amount: number }; customer: { email: string } }[] };
    expect(queue.data.map((r) => r.id)).toEqual(ids);
    expect(queue.data[0]).toMatchObject({ amount: { amount: 1000 }, customer: { email: customer.email } });
    expect(await problem(await call(agent.token, "GET", "/v1/requests?order=sideways"))).toMatchObject({ status: 400 });
  });
});
