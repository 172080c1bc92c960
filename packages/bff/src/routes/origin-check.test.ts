import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

// P5 / issue 13: a widget on a page the merchant did not allow must be able to say so, not "check your connection".
describe("GET /v1/origin_check (P5)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["https://shop.example"]);
  const check = (merchant: string, origin?: string) => t.app.request(`/v1/origin_check?merchant=${merchant}`, { headers: origin ? { Origin: origin } : {} });

  it("says an allowed origin is allowed, readable from any page (ACAO *), never cached", async () => {
    const res = await check(shop.merchantId, "https://shop.example");
    expect(res.status).toBe(200);
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(res.headers.get("Access-Control-Allow-Credentials")).toBe(null);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const body = await res.json();
    expect(body).toEqual({ merchant_name: expect.any(String), origin: "https://shop.example", allowed: true });
  });

  it("says an origin the merchant did not list is not allowed, and tells nothing else", async () => {
    const res = await check(shop.merchantId, "https://elsewhere.example");
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const body = await res.json();
    expect(Object.keys(body).sort()).toEqual(["allowed", "merchant_name", "origin"]);
    expect(body).toMatchObject({ origin: "https://elsewhere.example", allowed: false });
    expect((await (await check(shop.merchantId)).json()).allowed).toBe(false);
  });

  it("answers 404 for an unknown merchant and 400 for a malformed one, as problem+json", async () => {
    const unknown = await check("mer_doesnotexist", "https://shop.example");
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).code).toBe("merchant_not_found");
    const bad = await check("not a merchant!", "https://shop.example");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("Content-Type")).toContain("application/problem+json");
  });
});
