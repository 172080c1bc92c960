import { addCard, chargeSupportFee, createCustomer, createDepartment, issueInvoice, createOrder, openTicket, schema } from "@billfront/core/server";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

interface Page<T = { id: string }> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

describe("merchant API lists: one cursor page shape, filters, tenancy", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const stranger = await t.createCustomer(other.merchantId, "stranger@example.com");
  const strangerOrder = await t.createPaidOrder(other.merchantId, stranger.id, { description: "Theirs", unitAmount: 500 });

  const get = async <T = Page>(path: string, key = shop.secretKey) => {
    const res = await t.app.request(`/v1${path}`, { headers: { Authorization: `Bearer ${key}` } });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as T & { code?: string } };
  };
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  /** Every row of a list, page by page; fails on a repeated row. */
  const walk = async (path: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const sep = path.includes("?") ? "&" : "?";
      const { status, body }: { status: number; body: Page } = await get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(status).toBe(200);
      expect(body.data.length).toBeLessThanOrEqual(limit);
      expect(body.has_more).toBe(body.next_cursor !== null);
      ids.push(...body.data.map((r) => r.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    expect(new Set(ids).size).toBe(ids.length);
    return ids;
  };

  // 23 customers created at the same instant (the test clock stands still): the cursor must break ties by id.
  const crowd: string[] = [];
  for (let i = 0; i < 23; i++) crowd.push((await createCustomer(t.core, shop.merchantId, { email: `crowd${i}@example.com`, name: `Crowd ${i}` })).id);

  it("walks every customer exactly once across pages, even when they share a timestamp, newest first then by id", async () => {
    const ids = await walk("/customers", 5);
    expect(ids).toHaveLength(23);
    expect(new Set(ids)).toEqual(new Set(crowd));
    expect(ids).toEqual([...ids].sort().reverse());
    const last = await get("/customers?limit=23");
    expect(last.body).toMatchObject({ has_more: false, next_cursor: null });
  });

  it("filters customers by email (any case), q over name, e-mail and external id, creation time and blacklist", async () => {
    const start = t.clock.advance({ hours: 1 });
    const ada = await createCustomer(t.core, shop.merchantId, { email: "Ada@Example.com", name: "Ada Lovelace", externalId: "CRM-100%" });
    t.clock.advance({ hours: 1 });
    const bob = await createCustomer(t.core, shop.merchantId, { email: "bob@builders.example", name: "Bob", externalId: "CRM-1000" });
    const ids = async (query: string) => (await get(`/customers?${query}`)).body.data.map((c) => c.id);

    expect(await ids("email=ada@example.COM")).toEqual([ada.id]);
    expect(await ids("q=lovelace")).toEqual([ada.id]);
    expect(await ids("q=BUILDERS")).toEqual([bob.id]);
    expect(await ids("q=crm-100")).toEqual([bob.id, ada.id]);
    // `%` and `_` are literal, not wildcards.
    expect(await ids(`q=${encodeURIComponent("100%")}`)).toEqual([ada.id]);
    expect(await ids("q=_")).toEqual([]);
    expect(await ids(`created_after=${encodeURIComponent(start.toISOString())}`)).toEqual([bob.id, ada.id]);
    expect(await ids(`created_after=${encodeURIComponent(start.toISOString())}&created_before=${encodeURIComponent(new Date(start.getTime() + 3600_000).toISOString())}`)).toEqual([ada.id]);
    expect((await send("POST", `/customers/${bob.id}/blacklist`, { blacklisted: true })).status).toBe(200);
    expect(await ids("blacklisted=true")).toEqual([bob.id]);
    expect(await ids("blacklisted=false")).not.toContain(bob.id);
    // Another merchant's key sees none of them.
    expect((await get("/customers", other.secretKey)).body.data.map((c) => c.id)).toEqual([stranger.id]);
  });

  it("refuses a cursor it never issued with 422 cursor_invalid, and limits outside 1-100 or unknown filters with 400", async () => {
    for (const cursor of ["nope", Buffer.from('["not a date","cus_x"]').toString("base64url"), Buffer.from("{}").toString("base64url")]) {
      const res = await get(`/customers?cursor=${cursor}`);
      expect(res.status).toBe(422);
      expect(res.type).toBe("application/problem+json");
      expect(res.body.code).toBe("cursor_invalid");
    }
    for (const query of ["limit=0", "limit=101", "limit=abc", "colour=blue", "blacklisted=yes", "created_after=yesterday", "created_after=0000-01-01T00:00:00Z", "created_before=0001-01-01T00:30:00%2B01:00"]) {
      const res = await get(`/customers?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe("validation_failed");
    }
    expect((await get("/customers?limit=100")).body.data.length).toBeGreaterThan(23);
    expect((await get("/customers")).body.data).toHaveLength(20);
  });

  const [alice, carol] = [crowd[0]!, crowd[1]!];
  const placedAt = new Date("2026-06-01T09:00:00.000Z");
  const aliceOrders: string[] = [];
  for (let i = 0; i < 6; i++) aliceOrders.push((await t.createPaidOrder(shop.merchantId, alice, { description: `Beans ${i}`, unitAmount: 1000 + i, placedAt })).orderId);
  const declined = await t.createPaidOrder(shop.merchantId, carol, { description: "Grinder", unitAmount: 9900, placedAt: new Date("2026-06-10T09:00:00.000Z"), attempts: ["declined"] });

  it("pages through orders sharing a placed time, and filters them by customer, type, state and placed time", async () => {
    expect(new Set(await walk(`/orders?customer=${alice}`, 4))).toEqual(new Set(aliceOrders));
    const all = await get<Page<{ id: string; customer_id: string; type: string; state: string; status: string; total: { amount: number; currency: string }; placed_at: string }>>("/orders?limit=100");
    expect(all.body.data.map((o) => o.id)).toEqual([declined.orderId, ...all.body.data.slice(1).map((o) => o.id)]);
    expect(all.body.data.find((o) => o.id === declined.orderId)).toMatchObject({ customer_id: carol, type: "one_time", status: "pending", total: { amount: 9900, currency: "EUR" }, placed_at: "2026-06-10T09:00:00.000Z" });
    expect(all.body.data.find((o) => o.id === aliceOrders[0])).toMatchObject({ status: "paid", customer_id: alice });

    const recurring = await send("POST", "/orders", { customer: carol, type: "recurring", currency: "EUR", items: [{ description: "Monthly beans", quantity: 1, unit_amount: 1500 }] }, { "Idempotency-Key": "rec-1" });
    expect(recurring.status).toBe(201);
    const recurringId = ((await recurring.json()) as { order: { id: string } }).order.id;
    const byType = (await get<Page<{ id: string; type: string; state: string }>>("/orders?type=recurring")).body.data;
    expect(byType.map((o) => o.id)).toEqual([recurringId]);
    const state = byType[0]!.state;
    const byState = (await get<Page<{ state: string }>>(`/orders?state=${state}&limit=100`)).body.data;
    expect(byState.length).toBeGreaterThan(0);
    expect(byState.every((o) => o.state === state)).toBe(true);
    expect((await get(`/orders?placed_after=${encodeURIComponent("2026-06-05T00:00:00Z")}&placed_before=${encodeURIComponent("2026-06-11T00:00:00Z")}`)).body.data.map((o) => o.id)).toEqual([declined.orderId]);
    expect((await get(`/orders?placed_before=${encodeURIComponent(placedAt.toISOString())}`)).body.data).toEqual([]);
    expect((await get("/orders?state=paid")).status).toBe(400);
    // The derived status is filtered too, walking pages without repeats or gaps.
    expect(new Set(await walk("/orders?status=paid", 4))).toEqual(new Set(aliceOrders));
    expect((await get(`/orders?status=pending&customer=${carol}`)).body.data.map((o) => o.id)).toContain(declined.orderId);
    expect((await get("/orders?status=refunded")).body).toEqual({ data: [], has_more: false, next_cursor: null });
    expect((await get("/orders?status=open")).status).toBe(400);
  });

  it("shows one order to the merchant with lines, totals, history and documents; another merchant's ids are 404", async () => {
    const { body, status } = await get<{ id: string; customer_id: string; items: unknown[]; total: unknown; paid: unknown; history: { type: string }[]; documents: { kind: string; pdf_url: string; total: unknown }[] }>(`/orders/${aliceOrders[0]}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: aliceOrders[0], customer_id: alice, total: { amount: 1000, currency: "EUR" }, paid: { amount: 1000, currency: "EUR" } });
    expect(body.items).toHaveLength(1);
    expect(body.history.map((h) => h.type)).toContain("payment");
    expect(body.documents.map((d) => d.kind).sort()).toEqual(["invoice", "receipt"]);
    expect(body.documents[0]!.pdf_url).toMatch(/^\/v1\/documents\/doc_[0-9A-Za-z]+\/pdf$/);

    const theirs = await get(`/orders/${strangerOrder.orderId}`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("order_not_found");
    // A filter naming another merchant's customer, order or ticket is 404 too (never an empty page hiding the mistake).
    for (const [path, code] of [
      [`/orders?customer=${stranger.id}`, "customer_not_found"],
      [`/payments?order=${strangerOrder.orderId}`, "order_not_found"],
      [`/invoices?customer=${stranger.id}`, "customer_not_found"],
      [`/subscriptions?customer=${stranger.id}`, "customer_not_found"],
      [`/credit_notes?customer=cus_nobody`, "customer_not_found"],
      [`/tickets?customer=${stranger.id}`, "customer_not_found"],
      [`/support_fees?ticket=tkt_nobody`, "ticket_not_found"],
      [`/tickets?department=dep_nobody`, "department_not_found"],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.code, path).toBe(code);
    }
    expect((await get(`/payments?customer=${alice}`, other.secretKey)).status).toBe(404);
  });

  it("lists payments and refunds by customer, order, status and kind; invoices by status; credit notes", async () => {
    const declinedOnly = (await get<Page<{ id: string; status: string; customer_id: string; amount: unknown }>>("/payments?status=declined")).body.data;
    expect(declinedOnly).toHaveLength(1);
    expect(declinedOnly[0]).toMatchObject({ id: declined.payments[0], customer_id: carol, amount: { amount: 9900, currency: "EUR" } });
    expect(new Set(await walk(`/payments?customer=${alice}`, 4))).toEqual(new Set(await Promise.all(aliceOrders.map(async (o) => (await get<Page>(`/payments?order=${o}`)).body.data[0]!.id))));
    expect((await get(`/payments?order=${aliceOrders[2]}`)).body.data).toHaveLength(1);

    const invoices = (await get<Page<{ id: string; status: string; total: unknown; customer_id: string }>>(`/invoices?customer=${carol}&status=open`)).body.data;
    expect(invoices.map((i) => i.id)).toContain(declined.invoiceId);
    expect(invoices.every((i) => i.status === "open" && i.customer_id === carol)).toBe(true);
    expect((await get(`/invoices?customer=${alice}&status=paid&limit=100`)).body.data).toHaveLength(6);
    expect((await get(`/invoices?status=void`)).body.data).toEqual([]);
    expect((await get(`/invoices?status=issued`)).status).toBe(400);

    // A card payment, settled, then refunded: a refund row and a credit note.
    const dave = (await createCustomer(t.core, shop.merchantId, { email: "dave@example.com" })).id;
    await addCard(t.core, { merchantId: shop.merchantId, customerId: dave }, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    const order = await createOrder(t.core, shop.merchantId, { customerId: dave, type: "one_time", currency: "EUR", items: [{ description: "Kettle", quantity: 1, unitAmount: 4000 }] });
    const invoice = await issueInvoice(t.core, shop.merchantId, { orderId: order.id });
    const { token } = await t.mintSession(shop.merchantId, dave, 24 * 3600);
    const paid = await t.app.request(`/v1/portal/invoices/${invoice.id}/pay`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": "pay-dave" }, body: "{}" });
    expect(paid.status).toBe(201);
    const paymentId = ((await paid.json()) as { payment_id: string }).payment_id;
    t.clock.advance({ days: 3 });
    const refund = await send("POST", `/payments/${paymentId}/refunds`, { amount: 1500 }, { "Idempotency-Key": "refund-dave" });
    expect(refund.status).toBe(201);
    const refunds = (await get<Page<{ kind: string; payment_id: string | null; amount: unknown }>>(`/payments?customer=${dave}&kind=refund`)).body.data;
    expect(refunds).toMatchObject([{ kind: "refund", payment_id: paymentId, amount: { amount: 1500, currency: "EUR" } }]);
    const payment = (await get<Page<{ kind: string; refunded: unknown; funding: string }>>(`/payments?customer=${dave}&kind=payment`)).body.data;
    expect(payment).toMatchObject([{ kind: "payment", refunded: { amount: 1500, currency: "EUR" }, funding: "card" }]);
    const notes = (await get<Page<{ kind: string; total: unknown; order_id: string }>>(`/credit_notes?customer=${dave}`)).body.data;
    expect(notes).toMatchObject([{ kind: "credit_note", total: { amount: 1500, currency: "EUR" }, order_id: order.id }]);
    expect((await get(`/credit_notes?customer=${alice}`)).body.data).toEqual([]);
  });

  it("gives any document of the merchant and any order summary as a PDF; another merchant's is 404", async () => {
    const docs = (await get<{ documents: { id: string; file_name: string }[] }>(`/orders/${aliceOrders[1]}`)).body.documents;
    for (const doc of docs) {
      const res = await t.app.request(`/v1/documents/${doc.id}/pdf`, { headers: { Authorization: `Bearer ${shop.secretKey}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get("Content-Type")).toBe("application/pdf");
      expect(res.headers.get("Content-Disposition")).toContain(doc.file_name);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");
    }
    const summary = await t.app.request(`/v1/orders/${aliceOrders[1]}/summary.pdf`, { headers: { Authorization: `Bearer ${shop.secretKey}` } });
    expect(summary.status).toBe(200);
    expect(Buffer.from(await summary.arrayBuffer()).subarray(0, 4).toString()).toBe("%PDF");

    const [theirDoc] = await t.core.db.select().from(schema.documents).where(eq(schema.documents.merchantId, other.merchantId));
    const theirs = await get(`/documents/${theirDoc!.id}/pdf`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe("document_not_found");
    expect((await get(`/orders/${strangerOrder.orderId}/summary.pdf`)).status).toBe(404);
    expect((await get("/documents/x/pdf")).status).toBe(400);
  });

  it("pages tickets by status, department and customer, and support fees by customer and ticket", async () => {
    const general = await createDepartment(t.core, shop.merchantId, { name: "General" });
    const billing = await createDepartment(t.core, shop.merchantId, { name: "Billing" });
    const opened: string[] = [];
    for (let i = 0; i < 5; i++) {
      const ticket = await openTicket(t.core, { merchantId: shop.merchantId, customerId: i < 3 ? alice : carol }, { departmentId: i % 2 ? billing.id : general.id, subject: `Help ${i}`, body: "Please" });
      opened.push(ticket.id);
    }
    expect(new Set(await walk("/tickets", 2))).toEqual(new Set(opened));
    const rows = (await get<Page<{ id: string; customer_id: string; department: { id: string }; status: string }>>(`/tickets?customer=${alice}&department=${general.id}`)).body.data;
    expect(rows.map((r) => r.id).sort()).toEqual([opened[0], opened[2]].sort());
    expect(rows.every((r) => r.customer_id === alice && r.department.id === general.id)).toBe(true);
    const status = rows[0]!.status;
    expect((await get<Page<{ status: string }>>(`/tickets?status=${status}`)).body.data.every((r) => r.status === status)).toBe(true);
    expect((await get(`/tickets?status=closed`)).body.data).toEqual([]);

    const fee = await chargeSupportFee(t.core, shop.merchantId, { ticketId: opened[3]!, amount: 2500, currency: "EUR", actor: "staff:test" });
    await chargeSupportFee(t.core, shop.merchantId, { ticketId: opened[0]!, amount: 700, currency: "EUR", actor: "staff:test" });
    const fees = (await get<Page<{ id: string; ticket_id: string; customer_id: string; amount: unknown }>>(`/support_fees?customer=${carol}`)).body.data;
    expect(fees).toMatchObject([{ id: fee.id, ticket_id: opened[3], customer_id: carol, amount: { amount: 2500, currency: "EUR" } }]);
    expect((await get(`/support_fees?ticket=${opened[0]}`)).body.data).toHaveLength(1);
    expect(await walk("/support_fees", 1)).toHaveLength(2);
  });
});

describe("merchant API lists that were whole lists: e-mails, requests, refund queue, sessions, API keys, products page too", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const other = await t.createMerchant();
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Page & { code?: string } };
  };
  /** Two pages of `limit` rows and the rest: each page has the shape, the pages chain, no row twice, newest first. */
  const twoPages = async (path: string, limit: number, expected: string[]) => {
    const sep = path.includes("?") ? "&" : "?";
    const first = await call("GET", `${path}${sep}limit=${limit}`);
    expect(first.status).toBe(200);
    expect(first.body.data).toHaveLength(limit);
    expect(first.body.has_more).toBe(true);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call("GET", `${path}${sep}limit=${limit}&cursor=${encodeURIComponent(first.body.next_cursor!)}`);
    expect(second.status).toBe(200);
    expect(second.body.data.length).toBeGreaterThan(0);
    const ids = [...first.body.data, ...second.body.data].map((r) => r.id);
    let cursor = second.body.next_cursor;
    for (let pages = 0; cursor && pages < 50; pages++) {
      const next = await call("GET", `${path}${sep}limit=${limit}&cursor=${encodeURIComponent(cursor)}`);
      ids.push(...next.body.data.map((r) => r.id));
      cursor = next.body.next_cursor;
    }
    expect(second.body.has_more).toBe(second.body.next_cursor !== null);
    expect(ids).toEqual(expected);
    const all = await call("GET", `${path}${sep}limit=100`);
    expect(all.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(all.body.data.map((r) => r.id)).toEqual(expected);
    // A cursor this API never issued and a limit above 100 are refused.
    expect((await call("GET", `${path}${sep}cursor=bogus`)).body.code).toBe("cursor_invalid");
    expect((await call("GET", `${path}${sep}limit=101`)).status).toBe(400);
  };

  it("pages e-mails (with the status, channel and customer filters) and one customer's e-mails", async () => {
    const ada = await t.createCustomer(shop.merchantId, "ada@example.com");
    t.clock.advance({ minutes: 1 });
    const bob = await t.createCustomer(shop.merchantId, "bob@example.com");
    t.clock.advance({ minutes: 1 });
    const eve = await t.createCustomer(shop.merchantId, "eve@example.com");
    const everyone = (await call("GET", "/emails?limit=100")).body.data.map((e) => e.id);
    expect(everyone.length).toBeGreaterThanOrEqual(3);
    await twoPages("/emails", 1, everyone);
    await twoPages("/emails?status=pending&channel=email", 1, everyone);
    expect((await call("GET", `/emails?customer=${bob.id}`)).body.data).toHaveLength(1);
    expect((await call("GET", "/emails?status=sent")).body).toEqual({ data: [], has_more: false, next_cursor: null });
    expect((await call("GET", "/emails?page=2")).status).toBe(400);

    const [welcome] = (await call("GET", `/customers/${ada.id}/emails`)).body.data;
    t.clock.advance({ minutes: 1 });
    const copy = await call("POST", `/emails/${welcome!.id}/resend`, {}, { "Idempotency-Key": "pages-resend-1" });
    expect(copy.status).toBe(201);
    const copyId = (copy.body as unknown as { id: string }).id;
    await twoPages(`/customers/${ada.id}/emails`, 1, [copyId, welcome!.id]);
    expect((await call("GET", `/customers/${eve.id}/emails?limit=0`)).status).toBe(400);
    // Another merchant's customer is 404 as a filter and as a path, never an empty page.
    const stranger = await t.createCustomer(other.merchantId, "stranger@example.com");
    expect((await call("GET", `/emails?customer=${stranger.id}`)).body.code).toBe("customer_not_found");
    expect((await call("GET", `/customers/${stranger.id}/emails`)).body.code).toBe("customer_not_found");
  });

  it("pages the refund and cancellation requests, keeping the status filter", async () => {
    const customer = await t.createCustomer(shop.merchantId, "req@example.com");
    const ids: string[] = [];
    for (const [i, status] of (["pending", "rejected", "pending", "pending"] as const).entries()) {
      const id = `req_pages${i}`;
      await t.core.db.insert(schema.customerRequests).values({ id, merchantId: shop.merchantId, customerId: customer.id, kind: "refund", orderId: "ord_pages", status, createdAt: t.clock.advance({ minutes: 1 }) });
      ids.unshift(id);
    }
    await twoPages("/requests", 2, ids);
    await twoPages("/requests?status=pending", 1, ["req_pages3", "req_pages2", "req_pages0"]);
    expect((await call("GET", "/requests?status=maybe")).status).toBe(400);
    expect(((await (await t.app.request("/v1/requests", { headers: { Authorization: `Bearer ${other.secretKey}` } })).json()) as Page).data).toEqual([]);
  });

  it("pages the refund retry queue, newest first", async () => {
    const customer = await t.createCustomer(shop.merchantId, "queue@example.com");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `txn_pagesq${i}`;
      await t.core.db.insert(schema.transactions).values({ id, merchantId: shop.merchantId, customerId: customer.id, kind: "refund", status: "pending", amount: 100 + i, currency: "EUR", attempts: 1, createdAt: t.clock.advance({ minutes: 1 }) });
      ids.unshift(id);
    }
    await twoPages("/refund_queue", 2, ids);
  });

  it("pages a customer's portal sessions, newest first", async () => {
    const customer = await t.createCustomer(shop.merchantId, "sessions@example.com");
    for (let i = 0; i < 3; i++) {
      t.clock.advance({ minutes: 1 });
      expect((await call("POST", "/portal_sessions", { customer: customer.id })).status).toBe(201);
    }
    const ids = (await call("GET", `/customers/${customer.id}/sessions`)).body.data.map((s) => s.id);
    expect(ids).toHaveLength(3);
    await twoPages(`/customers/${customer.id}/sessions`, 2, ids);
  });

  it("pages API keys, newest first", async () => {
    const created: string[] = [];
    for (let i = 0; i < 2; i++) {
      t.clock.advance({ minutes: 1 });
      const res = await call("POST", "/api_keys");
      expect(res.status).toBe(201);
      created.unshift((res.body as unknown as { id: string }).id);
    }
    const ids = (await call("GET", "/api_keys")).body.data.map((k) => k.id);
    expect(ids).toHaveLength(3);
    expect(ids.slice(0, 2)).toEqual(created);
    await twoPages("/api_keys", 1, ids);
  });

  it("pages products newest first, each with its prices, keeping include_archived", async () => {
    const ids: string[] = [];
    for (const name of ["Tea", "Coffee", "Cocoa"]) {
      t.clock.advance({ minutes: 1 });
      const res = await call("POST", "/products", { name });
      expect(res.status).toBe(201);
      ids.unshift((res.body as unknown as { id: string }).id);
    }
    expect((await call("POST", `/products/${ids[2]}/prices`, { name: "Monthly", amount: 500, currency: "EUR", interval: "month" })).status).toBe(201);
    await twoPages("/products", 2, ids);
    await twoPages("/products?include_archived=true", 1, ids);
    const last = await call("GET", `/products?limit=1&cursor=${encodeURIComponent((await call("GET", "/products?limit=2")).body.next_cursor!)}`);
    expect(last.body.data).toMatchObject([{ id: ids[2], prices: [{ name: "Monthly" }] }]);
  });
});
