import { addCard } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("helpdesk on the API (H1)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const { token } = await t.mintSession(shop.merchantId, customer.id);
  // Every write carries a fresh Idempotency-Key, as a client sending one intended action each time would (R8).
  const headers = (auth: string) => ({ Authorization: `Bearer ${auth}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() });
  const portal = (path: string, method = "GET", body?: unknown) => t.app.request(`/v1/portal${path}`, { method, headers: headers(token), ...(body ? { body: JSON.stringify(body) } : {}) });
  const staff = (path: string, body: unknown) => t.app.request(`/v1${path}`, { method: "POST", headers: headers(shop.secretKey), body: JSON.stringify(body) });

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

  it("takes attachments typed by content, serves them back, and refuses a lying extension or an oversized body", async () => {
    const department = (await (await staff("/departments", { name: "Returns" })).json()) as { id: string };
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString("base64");
    const created = await portal("/tickets", "POST", { department: department.id, subject: "Cracked", body: "Photo attached", attachments: [{ file_name: "crack.png", data: png }] });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; messages: { attachments: { id: string; content_type: string }[] }[] };
    const file = ticket.messages[0]!.attachments[0]!;
    expect(file.content_type).toBe("image/png");
    const download = await portal(`/tickets/${ticket.id}/attachments/${file.id}`);
    expect(download.headers.get("Content-Type")).toBe("image/png");
    expect(download.headers.get("Content-Disposition")).toBe('attachment; filename="crack.png"');
    expect(Buffer.from(await download.arrayBuffer()).toString("base64")).toBe(png);

    const exe = Buffer.from([0x4d, 0x5a, 0x90, 0x00]).toString("base64");
    const lying = await portal(`/tickets/${ticket.id}/replies`, "POST", { body: "invoice", attachments: [{ file_name: "invoice.pdf", data: exe }] });
    expect(lying.status).toBe(422);
    expect(((await lying.json()) as { code: string }).code).toBe("attachment_type_not_allowed");

    const huge = await portal(`/tickets/${ticket.id}/replies`, "POST", { body: "x".repeat(9 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe("payload_too_large");
  });

  it("charges one incident for a ticket to a paid department and refuses one when none are left (H3)", async () => {
    const paid = (await (await staff("/departments", { name: "Priority", paid: true })).json()) as { id: string };
    const refused = await portal("/tickets", "POST", { department: paid.id, subject: "Urgent", body: "Help" });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe("no_incidents_left");
    expect((await staff(`/customers/${customer.id}/incidents`, { count: 2 })).status).toBe(201);
    const before = (await (await portal("/helpdesk")).json()) as { incidents: { available: number } };
    expect(before.incidents.available).toBe(2);
    expect((await portal("/tickets", "POST", { department: paid.id, subject: "Urgent", body: "Help" })).status).toBe(201);
    const after = (await (await portal("/helpdesk")).json()) as { incidents: { available: number } };
    expect(after.incidents.available).toBe(1);
  });

  it("charges, edits and deletes a support fee on a ticket through the merchant API (H8)", async () => {
    const department = (await (await staff("/departments", { name: "Setup" })).json()) as { id: string };
    const ticket = (await (await portal("/tickets", "POST", { department: department.id, subject: "Install", body: "Please" })).json()) as { id: string };
    const fee = (await (await staff(`/tickets/${ticket.id}/fees`, { amount: 3000, currency: "EUR" })).json()) as { id: string; balance: { amount: number } };
    expect(fee.balance.amount).toBe(-3000);
    const call = (method: string, path: string, body?: unknown) =>
      t.app.request(`/v1${path}`, { method, headers: headers(shop.secretKey), ...(body ? { body: JSON.stringify(body) } : {}) });
    expect(((await (await call("PATCH", `/fees/${fee.id}`, { amount: 1200 })).json()) as { balance: { amount: number } }).balance.amount).toBe(-1200);
    expect(((await (await call("DELETE", `/fees/${fee.id}`)).json()) as { balance: { amount: number } }).balance.amount).toBe(0);
  });
});

describe("incident packages, staff-set ticket incidents and the catalog on the API (H4, H7)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const { token } = await t.mintSession(shop.merchantId, customer.id);
  const portal = (path: string, method = "GET", body?: unknown, key?: string) =>
    t.app.request(`/v1/portal${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...(key ? { "Idempotency-Key": key } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const staff = (path: string, method: string, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });

  it("sells a lifetime pack from the catalog, which grants its incidents when paid", async () => {
    const product = (await (await staff("/products", "POST", { name: "Support pack", incidents: 5 })).json()) as { id: string };
    const daily = await staff(`/products/${product.id}/prices`, "POST", { name: "Daily", amount: 100, currency: "EUR", interval: "day" });
    expect(daily.status).toBe(422);
    expect(await daily.json()).toMatchObject({ code: "incident_plan_period" });
    const price = (await (await staff(`/products/${product.id}/prices`, "POST", { name: "5 incidents", amount: 2500, currency: "EUR" })).json()) as { id: string };
    const catalog = (await (await staff("/products", "GET")).json()) as { data: { incidents: number; prices: { id: string }[] }[] };
    expect(catalog.data[0]).toMatchObject({ incidents: 5, prices: [{ id: price.id }] });

    const packages = (await (await portal("/incident_packages")).json()) as { data: { prices: { id: string }[] }[] };
    expect(packages.data[0]!.prices[0]!.id).toBe(price.id);
    const noCard = await portal(`/incident_packages/${price.id}/purchase`, "POST", {}, "buy-0");
    expect(noCard.status).toBe(422);
    expect(await noCard.json()).toMatchObject({ code: "no_payment_method" });
    expect((await (await portal("/orders")).json()) as { data: unknown[] }).toMatchObject({ data: [] });
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    const bought = await portal(`/incident_packages/${price.id}/purchase`, "POST", {}, "buy-1");
    expect(bought.status).toBe(201);
    expect(await bought.json()).toMatchObject({ payment: { status: "approved" }, incidents: { available: 5 } });
    const replay = await portal(`/incident_packages/${price.id}/purchase`, "POST", {}, "buy-1");
    expect(await replay.json()).toMatchObject({ incidents: { available: 5 } });
    expect(((await (await portal("/helpdesk")).json()) as { incidents: { available: number } }).incidents.available).toBe(5);
  });

  it("lets staff raise and lower the incidents a ticket used", async () => {
    const paid = (await (await staff("/departments", "POST", { name: "Hotline", paid: true })).json()) as { id: string };
    const ticket = (await (await portal("/tickets", "POST", { department: paid.id, subject: "Outage", body: "Down" }, "ticket-outage")).json()) as { id: string; incidents_used: number };
    expect(ticket.incidents_used).toBe(1);
    expect(await (await staff(`/tickets/${ticket.id}/incidents`, "PUT", { count: 3 })).json()).toMatchObject({ incidents_used: 3, customer: { available: 2 } });
    expect(await (await staff(`/tickets/${ticket.id}/incidents`, "PUT", { count: 0 })).json()).toMatchObject({ incidents_used: 0, customer: { available: 5 } });
    const bad = await staff(`/tickets/${ticket.id}/incidents`, "PUT", { count: -2 });
    expect(bad.status).toBe(422);
    expect((await staff(`/tickets/tkt_nope/incidents`, "PUT", { count: 1 })).status).toBe(404);
  });
});
