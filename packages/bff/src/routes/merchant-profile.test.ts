import { listAudit } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("GET|PATCH /v1/merchant: the shop's own profile (admins only)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["https://shop.example"]);
  const other = await t.createMerchant(["https://other.example"]);
  const call = (key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.request(path, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const problemOf = async (res: Response) => ({ status: res.status, contentType: res.headers.get("Content-Type"), ...((await res.json()) as { code: string; errors?: { field: string }[] }) });

  it("shows the profile to an admin and changes the fields given, canonicalising them", async () => {
    const before = await call(shop.secretKey, "GET", "/v1/merchant");
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ id: shop.merchantId, name: "Test Shop", mode: "sandbox", time_zone: "UTC", allowed_origins: ["https://shop.example"], support_email: null });

    const res = await call(shop.secretKey, "PATCH", "/v1/merchant", {
      name: "Northwind Tea",
      logo_url: "https://cdn.shop.example/logo.png",
      brand_color: "#0B57D0",
      default_locale: "de-DE",
      time_zone: "europe/berlin",
      support_email: "Help@shop.example",
      notify_emails: ["ops@shop.example"],
      allowed_origins: ["https://Shop.example:443", "http://localhost:3000"],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: "Northwind Tea",
      logo_url: "https://cdn.shop.example/logo.png",
      brand_color: "#0b57d0",
      default_locale: "de-DE",
      time_zone: "Europe/Berlin",
      support_email: "help@shop.example",
      notify_emails: ["ops@shop.example"],
      allowed_origins: ["https://shop.example", "http://localhost:3000"],
    });
    // The old routes read the same rows.
    expect(await (await call(shop.secretKey, "GET", "/v1/branding")).json()).toMatchObject({ name: "Northwind Tea", brand_color: "#0b57d0" });
    // A partial change leaves the rest alone.
    const partial = await call(shop.secretKey, "PATCH", "/v1/merchant", { support_email: null });
    expect(await partial.json()).toMatchObject({ support_email: null, time_zone: "Europe/Berlin", name: "Northwind Tea" });
    const audit = (await listAudit(t.core, shop.merchantId, { limit: 100 })).data;
    expect(audit.filter((a) => a.action === "merchant.updated")).toHaveLength(2);
    expect(audit.find((a) => a.action === "merchant.updated")).toMatchObject({ actor: `api_key:${shop.merchantId}`, source: "api" });
  });

  it("refuses agents with 403 admin_only, for reading and for changing", async () => {
    const agent = ((await (await call(shop.secretKey, "POST", "/v1/staff", { email: "agent@shop.example", role: "agent" })).json()) as { token: string }).token;
    for (const [method, body] of [["GET", undefined], ["PATCH", { name: "Mine now" }]] as const) {
      const res = await call(agent, method, "/v1/merchant", body);
      expect(await problemOf(res)).toMatchObject({ status: 403, contentType: "application/problem+json", code: "admin_only" });
    }
    expect((await call("sk_test_" + "x".repeat(32), "GET", "/v1/merchant")).status).toBe(401);
  });

  it("keeps tenants apart: each key reads and changes only its own merchant", async () => {
    await call(other.secretKey, "PATCH", "/v1/merchant", { name: "Other Shop" });
    const mine = (await (await call(shop.secretKey, "GET", "/v1/merchant")).json()) as { id: string; name: string };
    expect(mine).toMatchObject({ id: shop.merchantId, name: "Northwind Tea" });
    const theirs = (await (await call(other.secretKey, "GET", "/v1/merchant")).json()) as { id: string; allowed_origins: string[] };
    expect(theirs).toMatchObject({ id: other.merchantId, allowed_origins: ["https://other.example"] });
  });

  it.each([
    [{ allowed_origins: ["http://shop.example"] }, 422, "invalid_origin"],
    [{ allowed_origins: ["https://shop.example/checkout"] }, 422, "invalid_origin"],
    [{ allowed_origins: ["https://user:pw@shop.example"] }, 422, "invalid_origin"],
    [{ allowed_origins: ["shop.example"] }, 422, "invalid_origin"],
    [{ time_zone: "Mars/Olympus" }, 422, "invalid_time_zone"],
    [{ brand_color: "red" }, 422, "invalid_brand_color"],
    [{ logo_url: "javascript:alert(1)" }, 422, "invalid_logo_url"],
    [{ support_email: "not-an-address" }, 422, "validation_failed"],
    [{ mode: "live" }, 422, "validation_failed"],
    [{ name: "" }, 422, "validation_failed"],
    [{ default_locale: "de_DE;x" }, 422, "validation_failed"],
  ])("refuses %o with %i %s and changes nothing", async (body, status, code) => {
    const res = await call(shop.secretKey, "PATCH", "/v1/merchant", body);
    expect(await problemOf(res)).toMatchObject({ status, contentType: "application/problem+json", code });
    expect(await (await call(shop.secretKey, "GET", "/v1/merchant")).json()).toMatchObject({ mode: "sandbox", time_zone: "Europe/Berlin", allowed_origins: ["https://shop.example", "http://localhost:3000"] });
  });

  it("a changed origin list takes effect at once for portal CORS and the card form's frame-ancestors", async () => {
    const preflight = (origin: string) => t.app.request("/v1/portal/orders", { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "GET" } });
    const cardForm = (origin: string) => t.app.request(`/card-form?merchant=${shop.merchantId}&origin=${encodeURIComponent(origin)}`);
    expect((await preflight("https://new.shop.example")).status).toBe(403);
    expect((await cardForm("https://new.shop.example")).status).toBe(403);

    await call(shop.secretKey, "PATCH", "/v1/merchant", { allowed_origins: ["https://new.shop.example"] });
    const allowed = await preflight("https://new.shop.example");
    expect([allowed.status, allowed.headers.get("Access-Control-Allow-Origin")]).toEqual([204, "https://new.shop.example"]);
    const form = await cardForm("https://new.shop.example");
    expect(form.status).toBe(200);
    expect(form.headers.get("Content-Security-Policy")).toContain("frame-ancestors https://new.shop.example");
    // The origin taken away is refused on the next request.
    expect((await preflight("https://shop.example")).status).toBe(403);
    expect((await cardForm("https://shop.example")).status).toBe(403);
  });
});
