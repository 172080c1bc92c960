import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("staff roles, blacklist, settings and audit log (M1, M6, P6)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);
  const call = (key: string, method: string, path: string, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const code = async (res: Response) => ((await res.json()) as { code: string }).code;

  it("refuses an agent the admin actions with 403 admin_only (departments too), and lets agents read what support work needs", async () => {
    const created = await call(shop.secretKey, "POST", "/staff", { email: "agent@shop.example", role: "agent" });
    expect(created.status).toBe(201);
    const agent = ((await created.json()) as { token: string }).token;
    expect(agent).toMatch(/^st_[0-9A-Za-z]{32}$/);

    for (const [method, path, body] of [
      ["PUT", "/settings", { refunds: "automatic" }],
      ["POST", `/customers/${customer.id}/blacklist`, { blacklisted: true }],
      ["POST", "/staff", { email: "x@shop.example", role: "admin" }],
      ["GET", "/audit_log", undefined],
      ["GET", "/api_keys", undefined],
      ["POST", "/api_keys", undefined],
    ] as const) {
      const res = await call(agent, method, path, body);
      expect(res.status).toBe(403);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      expect(await code(res)).toBe("admin_only");
    }
    // Departments are the admins' to manage (M1, issue 14); agents answer tickets in them.
    const refused = await call(agent, "POST", "/departments", { name: "General" });
    expect(refused.status).toBe(403);
    expect(await code(refused)).toBe("admin_only");
    const admin = ((await (await call(shop.secretKey, "POST", "/staff", { email: "lead@shop.example", role: "admin" })).json()) as { token: string }).token;
    const department = await call(admin, "POST", "/departments", { name: "General" });
    expect(department.status).toBe(201);
    expect((await call(agent, "GET", "/departments")).status).toBe(200);
    expect((await call("st_" + "x".repeat(32), "GET", "/settings")).status).toBe(401);
  });

  it("lets an admin rotate API keys: a new key works, the old one stops, the last one cannot be revoked", async () => {
    const created = await call(shop.secretKey, "POST", "/api_keys");
    expect(created.status).toBe(201);
    const fresh = (await created.json()) as { id: string; secret_key: string };
    expect(fresh.secret_key).toMatch(/^sk_test_/);
    const keys = (await (await call(fresh.secret_key, "GET", "/api_keys")).json()) as { data: { id: string; hint: string }[] };
    expect(keys.data).toHaveLength(2);
    expect(JSON.stringify(keys)).not.toContain(fresh.secret_key);
    const old = keys.data.find((k) => k.id !== fresh.id)!;
    expect((await call(fresh.secret_key, "DELETE", `/api_keys/${old.id}`)).status).toBe(200);
    expect((await call(shop.secretKey, "GET", "/settings")).status).toBe(401);
    const last = await call(fresh.secret_key, "DELETE", `/api_keys/${fresh.id}`);
    expect(last.status).toBe(409);
    expect(await code(last)).toBe("last_api_key");
    shop.secretKey = fresh.secret_key;
  });

  it("lets an admin change settings, validating every field by name", async () => {
    const res = await call(shop.secretKey, "PUT", "/settings", { refunds: "manual", bulkInvoicePayment: false });
    expect(await res.json()).toMatchObject({ refunds: "manual", bulkInvoicePayment: false, cancellation: "off" });
    const bad = await call(shop.secretKey, "PUT", "/settings", { refunds: "sometimes", surprise: 1 });
    expect(bad.status).toBe(422);
  });

  it("keeps a blacklisted customer out of the portal, new sessions and existing ones", async () => {
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect((await call(shop.secretKey, "POST", `/customers/${customer.id}/blacklist`, { blacklisted: true })).status).toBe(200);
    const mint = await call(shop.secretKey, "POST", "/portal_sessions", { customer: customer.id });
    expect(mint.status).toBe(403);
    expect(await code(mint)).toBe("customer_blacklisted");
    const portal = await t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${token}` } });
    expect(portal.status).toBe(403);
    expect(await code(portal)).toBe("customer_blacklisted");
    await call(shop.secretKey, "POST", `/customers/${customer.id}/blacklist`, { blacklisted: false });
    expect((await call(shop.secretKey, "POST", "/portal_sessions", { customer: customer.id })).status).toBe(201);
  });

  it("writes every change to the audit log with who made it", async () => {
    const log = (await (await call(shop.secretKey, "GET", "/audit_log")).json()) as { data: { actor: string; source: string; action: string; subject_id: string | null }[] };
    expect(log.data.map((e) => e.action)).toEqual(expect.arrayContaining(["staff_user.created", "department.created", "settings.updated", "customer.blacklisted", "customer.unblacklisted"]));
    expect(log.data.find((e) => e.action === "department.created")).toMatchObject({ source: "staff", actor: expect.stringMatching(/^staff:stf_/) });
    expect(log.data.find((e) => e.action === "customer.blacklisted")).toMatchObject({ source: "api", actor: `api_key:${shop.merchantId}`, subject_id: customer.id });
  });

  it("filters the audit log by customer, action, source and time, a page at a time", async () => {
    type Page = { data: { id: string; action: string; source: string; customer_id: string | null; created_at: string }[]; has_more: boolean; next_cursor: string | null };
    const get = async (query: string) => (await (await call(shop.secretKey, "GET", `/audit_log?${query}`)).json()) as Page;
    const mine = await get(`customer=${customer.id}`);
    expect(mine.data.length).toBeGreaterThan(0);
    expect(mine.data.every((e) => e.customer_id === customer.id)).toBe(true);
    expect((await get("action=customer.blacklisted")).data.every((e) => e.action === "customer.blacklisted")).toBe(true);
    expect((await get("action=customer.*")).data.every((e) => e.action.startsWith("customer."))).toBe(true);
    expect((await get("source=staff")).data.every((e) => e.source === "staff")).toBe(true);
    expect((await get("created_after=2100-01-01T00:00:00Z")).data).toEqual([]);
    const first = await get("limit=1");
    expect(first).toMatchObject({ has_more: true, next_cursor: expect.any(String) });
    const second = await get(`limit=1&cursor=${first.next_cursor}`);
    expect(second.data[0]!.id).not.toBe(first.data[0]!.id);
    expect((await call(shop.secretKey, "GET", "/audit_log?source=nobody")).status).toBe(400);
    // Year 0000 never reaches the database (it cannot store it): 400, not 500.
    expect((await call(shop.secretKey, "GET", "/audit_log?created_after=0000-01-01T00:00:00Z")).status).toBe(400);
    // Another tenant's customer is not found, as on every merchant list; never an empty page.
    const other = await t.createMerchant();
    const stranger = await t.createCustomer(other.merchantId, "stranger@example.com");
    const foreign = await call(shop.secretKey, "GET", `/audit_log?customer=${stranger.id}`);
    expect(foreign.status).toBe(404);
    expect(await code(foreign)).toBe("customer_not_found");
  });

  it("keeps one staff member per e-mail address: a second with the same address is 409 staff_email_taken", async () => {
    expect((await call(shop.secretKey, "POST", "/staff", { email: "twice@shop.example", role: "agent" })).status).toBe(201);
    const again = await call(shop.secretKey, "POST", "/staff", { email: "Twice@Shop.example", role: "admin" });
    expect(again.status).toBe(409);
    expect(await code(again)).toBe("staff_email_taken");
  });
});
