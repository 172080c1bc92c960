import { addCard, createDepartment, grantIncidents, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

/**
 * Every route that moves money, or spends what money bought, takes an
 * Idempotency-Key (R8). Routes that only converge on a state (billing runs, test
 * clock advances, a billing date change: the engine keys each period's charge
 * itself) and routes that move no money are left out on purpose.
 */
const MONEY_MOVING = [
  // Portal: payments, top-ups, purchases, requests for refunds, tickets that cost an incident, subscription steps that bill.
  "POST /v1/portal/invoices/:id/pay",
  "POST /v1/portal/invoices/pay",
  "POST /v1/portal/balance/top_ups",
  "POST /v1/portal/incident_packages/:id/purchase",
  "POST /v1/portal/tickets",
  "POST /v1/portal/payments/:id/refund_request",
  "POST /v1/portal/orders/:id/cancellation",
  "POST /v1/portal/subscriptions",
  "POST /v1/portal/subscriptions/:id/cancel",
  "POST /v1/portal/subscriptions/:id/reactivate",
  "POST /v1/portal/subscriptions/:id/resume",
  "POST /v1/portal/subscriptions/:id/trial/activate",
  "POST /v1/portal/subscriptions/:id/change",
  // Merchant API and staff: orders, refunds, voids, credit, fees, request decisions, subscription billing.
  "POST /v1/orders",
  "POST /v1/payments/:id/refunds",
  "POST /v1/payments/:id/void",
  "POST /v1/payments/:id/refund_or_void",
  "POST /v1/orders/:id/refund",
  "POST /v1/customers/:id/credits",
  "POST /v1/emails/:id/resend",
  "POST /v1/requests/:id/:decision{approve|reject}",
  "POST /v1/tickets/:id/request/:decision{approve|reject}",
  "POST /v1/tickets/:id/fees",
  "POST /v1/customers/:id/incidents",
  "PATCH /v1/fees/:id",
  "DELETE /v1/fees/:id",
  "POST /v1/subscriptions",
  "POST /v1/subscriptions/:id/bill_now",
  "POST /v1/subscriptions/:id/trial",
  // Staff operations: a cancellation that credits unused time, a resume that bills, capturing or releasing a pre-authorisation.
  "POST /v1/subscriptions/:id/cancel",
  "POST /v1/subscriptions/:id/resume",
  "POST /v1/payments/:id/capture",
  "POST /v1/payments/:id/release",
];

describe("every money-moving route takes an Idempotency-Key (R8)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const scope = { merchantId: shop.merchantId, customerId: customer.id };
  const { token } = await t.mintSession(shop.merchantId, customer.id, 24 * 3600);
  await addCard(t.core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
  const send = (method: string, path: string, body?: unknown, key?: string) =>
    t.app.request(path, {
      method,
      headers: {
        Authorization: `Bearer ${path.startsWith("/v1/portal/") ? token : shop.secretKey}`,
        "Content-Type": "application/json",
        ...(key ? { "Idempotency-Key": key } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const supportFeeEntries = async () =>
    t.core.db.select().from(schema.balanceEntries).where(and(eq(schema.balanceEntries.customerId, customer.id), eq(schema.balanceEntries.kind, "support_fee")));
  const balance = async () => ((await (await send("GET", "/v1/portal/balance")).json()) as { data: { amount: number }[] }).data[0]?.amount ?? 0;
  const openTicket = async (departmentId: string, key: string) => {
    const res = await send("POST", "/v1/portal/tickets", { department: departmentId, subject: "Install", body: "Please help" }, key);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string };
  };

  it("requires the key on exactly the money-moving routes", () => {
    const keyed = t.app.routes.filter((r) => r.handler.name === "idempotencyMiddleware").map((r) => `${r.method} ${r.path}`);
    expect([...new Set(keyed)].sort()).toEqual([...MONEY_MOVING].sort());
  });

  it.each(MONEY_MOVING)("refuses %s without an Idempotency-Key (400 idempotency_key_required)", async (route) => {
    const [method, pattern] = route.split(" ") as [string, string];
    const path = pattern.replace(/:decision\{[^}]+\}/, "approve").replace(/:id/g, "x");
    const res = await send(method, path, method === "DELETE" ? undefined : {});
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "idempotency_key_required" });
  });

  it("charges a support fee once when staff retry it with the same key (H8: it was charged twice)", async () => {
    const department = await createDepartment(t.core, shop.merchantId, { name: "Setup" });
    const ticket = await openTicket(department.id, "ticket-setup");
    const before = await balance();
    const first = await send("POST", `/v1/tickets/${ticket.id}/fees`, { amount: 2500, currency: "EUR" }, "fee-1");
    const retry = await send("POST", `/v1/tickets/${ticket.id}/fees`, { amount: 2500, currency: "EUR" }, "fee-1");
    expect(first.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    const fee = (await first.json()) as { id: string };
    expect(await retry.json()).toEqual(fee);
    const fees = await t.core.db.select().from(schema.supportFees).where(eq(schema.supportFees.ticketId, ticket.id));
    expect(fees).toHaveLength(1);
    expect((await supportFeeEntries()).filter((e) => e.reference === fee.id)).toHaveLength(1);
    expect(await balance()).toBe(before - 2500);

    // Editing and deleting the fee move the balance too: each once per key.
    for (const attempt of [1, 2]) expect((await send("PATCH", `/v1/fees/${fee.id}`, { amount: 1000 }, "fee-1-edit")).status, `edit ${attempt}`).toBe(200);
    expect(await balance()).toBe(before - 1000);
    for (const attempt of [1, 2]) expect((await send("DELETE", `/v1/fees/${fee.id}`, undefined, "fee-1-delete")).status, `delete ${attempt}`).toBe(200);
    expect(await balance()).toBe(before);
    expect((await supportFeeEntries()).filter((e) => e.reference === fee.id)).toHaveLength(3);
  });

  it("opens one ticket and takes one incident when a customer's send to a paid department is retried (H3)", async () => {
    const paid = await createDepartment(t.core, shop.merchantId, { name: "Priority", paid: true });
    await grantIncidents(t.core, shop.merchantId, { customerId: customer.id, count: 3, source: "test" });
    const first = await openTicket(paid.id, "paid-ticket");
    const retry = await openTicket(paid.id, "paid-ticket");
    expect(retry.id).toBe(first.id);
    const tickets = await t.core.db.select().from(schema.tickets).where(and(eq(schema.tickets.customerId, customer.id), eq(schema.tickets.departmentId, paid.id)));
    expect(tickets).toHaveLength(1);
    const overview = (await (await send("GET", "/v1/portal/helpdesk")).json()) as { incidents: { available: number } };
    expect(overview.incidents.available).toBe(2);
  });

  it("adds funds once when a customer's top-up is retried with the same key (A7)", async () => {
    const before = await balance();
    for (const attempt of [1, 2]) expect((await send("POST", "/v1/portal/balance/top_ups", { amount: 4000, currency: "EUR" }, "top-up-1")).status, `top-up ${attempt}`).toBe(201);
    expect(await balance()).toBe(before + 4000);
  });
});
