import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("helpdesk on the API (H1)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const { token } = await t.mintSession(shop.merchantId, customer.id);
  const portal = (path: string, method = "GET", body?: unknown) =>
    t.app.request(`/v1/portal${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const staff = (path: string, body: unknown) =>
    t.app.request(`/v1${path}`, { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });

  it("lets a customer open a ticket, staff answer it, and the customer close it", async () => {
    const department = (await (await staff("/departments", { name: "General" })).json()) as { id: string };
    expect(((await (await portal("/departments")).json()) as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(["General"]);
    const created = await portal("/tickets", "POST", { department: department.id, subject: "Grinder noise", body: "It squeaks." });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string };
    expect(await (await staff(`/tickets/${ticket.id}/replies`, { body: "Note to self", internal: true })).json()).toEqual({ status: "waiting_on_staff" });
    expect(await (await staff(`/tickets/${ticket.id}/replies`, { body: "Clean the burrs." })).json()).toEqual({ status: "waiting_on_customer" });
    const seen = (await (await portal(`/tickets/${ticket.id}`)).json()) as { messages: { body: string }[] };
    expect(seen.messages.map((m) => m.body)).toEqual(["It squeaks.", "Clean the burrs."]);
    expect(((await (await portal(`/tickets/${ticket.id}/close`, "POST")).json()) as { status: string }).status).toBe("closed");
    const closedReply = await portal(`/tickets/${ticket.id}/replies`, "POST", { body: "Hello?" });
    expect(closedReply.status).toBe(409);
    expect(((await closedReply.json()) as { code: string }).code).toBe("ticket_closed");
    expect((await portal("/tickets/tkt_nope")).status).toBe(404);
  });
});
