import { createMerchant } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("staff users and test clocks for the console (M1, A10)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const call = (key: string, method: string, path: string, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = async (res: Response) => (await res.json()) as Record<string, any>;

  it("lists staff to admins, disables one whose token then stops working, and refuses agents with 403 admin_only", async () => {
    const admin = await json(await call(shop.secretKey, "POST", "/staff", { email: "boss@shop.example", role: "admin" }));
    const agent = await json(await call(shop.secretKey, "POST", "/staff", { email: "helper@shop.example", name: "Helper", role: "agent" }));

    const list = await json(await call(admin.token, "GET", "/staff"));
    expect(list.data.map((s: { email: string }) => s.email).sort()).toEqual(["boss@shop.example", "helper@shop.example"]);
    expect(JSON.stringify(list)).not.toContain(agent.token);

    for (const [method, path] of [["GET", "/staff"], ["POST", `/staff/${admin.id}/disable`]] as const) {
      const refused = await call(agent.token, method, path);
      expect(refused.status).toBe(403);
      expect(refused.headers.get("Content-Type")).toBe("application/problem+json");
      expect((await json(refused)).code).toBe("admin_only");
    }

    const self = await call(admin.token, "POST", `/staff/${admin.id}/disable`);
    expect(self.status).toBe(409);
    expect((await json(self)).code).toBe("staff_disable_self");

    const disabled = await call(admin.token, "POST", `/staff/${agent.id}/disable`);
    expect(disabled.status).toBe(200);
    expect((await json(disabled)).disabled_at).toEqual(expect.any(String));
    expect((await call(agent.token, "GET", "/staff/me")).status).toBe(401);
  });

  it("answers a malformed or another shop's staff id with 4xx problem+json", async () => {
    const bad = await call(shop.secretKey, "POST", "/staff/nobody/disable");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toBe("application/problem+json");
    const other = await t.createMerchant();
    const theirs = await json(await call(other.secretKey, "POST", "/staff", { email: "x@other.example", role: "agent" }));
    const notFound = await call(shop.secretKey, "POST", `/staff/${theirs.id}/disable`);
    expect(notFound.status).toBe(404);
    expect((await json(notFound)).code).toBe("staff_not_found");
  });

  it("lists a sandbox shop's test clocks and says what an advance billed; a live shop is refused", async () => {
    const created = await json(await call(shop.secretKey, "POST", "/test_clocks", { name: "June", frozen_at: "2026-06-15T12:00:00.000Z" }));
    const list = await json(await call(shop.secretKey, "GET", "/test_clocks"));
    expect(list.data).toEqual([expect.objectContaining({ id: created.id, name: "June", customers: 0 })]);
    const advanced = await json(await call(shop.secretKey, "POST", `/test_clocks/${created.id}/advance`, { to: "2026-07-15T12:00:00.000Z" }));
    expect(advanced).toMatchObject({ frozen_at: "2026-07-15T12:00:00.000Z", outcomes: [] });
    expect((await call(shop.secretKey, "GET", "/test_clocks?limit=0")).status).toBe(400);

    const live = await createMerchant(t.core, { name: "Live shop", mode: "live" });
    const refused = await call(live.secretKey, "GET", "/test_clocks");
    expect(refused.status).toBe(403);
    expect((await json(refused)).code).toBe("test_clocks_sandbox_only");
  });
});
