import { schema } from "@billfront/core/server";
import { eq } from "drizzle-orm";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PUBLIC_URL } from "./testing.ts";

const SHOP = "https://shop.example";
const OTHER_SHOP = "https://other-shop.example";

describe("BFF foundation", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  let shop: { merchantId: string; secretKey: string };
  let other: { merchantId: string; secretKey: string };
  let ada: string;
  let bob: string;
  let foreign: string;

  beforeAll(async () => {
    shop = await t.createMerchant([SHOP]);
    other = await t.createMerchant([OTHER_SHOP]);
    ada = (await t.createCustomer(shop.merchantId, "ada@example.com")).id;
    bob = (await t.createCustomer(shop.merchantId, "bob@example.com")).id;
    foreign = (await t.createCustomer(other.merchantId, "eve@example.com")).id;
    await t.createPaidOrder(shop.merchantId, ada, { description: "Ada's beans", unitAmount: 2400, placedAt: new Date("2026-06-01T00:00:00Z") });
    await t.createPaidOrder(shop.merchantId, ada, { description: "Ada's matcha", unitAmount: 3200, currency: "JPY", placedAt: new Date("2026-06-02T00:00:00Z") });
    await t.createPaidOrder(shop.merchantId, bob, { description: "Bob's grinder", unitAmount: 8900 });
    await t.createPaidOrder(other.merchantId, foreign, { description: "Eve's order", unitAmount: 100 });
  });

  const mint = (body: unknown, key: string | null = shop.secretKey) =>
    t.app.request("/v1/portal_sessions", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const orders = (token: string | undefined, init: { origin?: string; query?: string } = {}) =>
    t.app.request(`/v1/portal/orders${init.query ?? ""}`, {
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.origin ? { Origin: init.origin } : {}) },
    });
  const problemOf = async (res: Response) => {
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    return (await res.json()) as { code: string; status: number; errors?: { field: string }[] };
  };

  describe("POST /v1/portal_sessions (P1)", () => {
    it("mints an opaque session, stored only as a hash, with a 30-minute idle timeout and an 8-hour lifetime", async () => {
      const res = await mint({ customer: ada });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; token: string; url: string; expires_at: string; idle_expires_at: string };
      expect(body.url).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/portal/${shop.merchantId}#session=`));
      expect(body.token).toMatch(new RegExp(`^bfps\\.${shop.merchantId}\\.[A-Za-z0-9]{43}$`));
      expect(body.id).toMatch(/^pss_/);
      expect(new Date(body.idle_expires_at).getTime() - t.clock.now().getTime()).toBe(30 * 60 * 1000);
      expect(new Date(body.expires_at).getTime() - t.clock.now().getTime()).toBe(8 * 3600 * 1000);
      const stored = await t.database.db.select().from(schema.portalSessions).where(eq(schema.portalSessions.id, body.id));
      expect(JSON.stringify(stored)).not.toContain(body.token.split(".")[2]);
      // The JWKS still publishes only public keys (links are signed tokens).
      const jwks = (await (await t.app.request("/.well-known/jwks.json")).json()) as { keys: { kid: string; d?: string }[] };
      expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
    });

    it("refuses a missing or wrong API key with 401 invalid_api_key", async () => {
      for (const key of [null, "sk_test_nope", other.secretKey.replace(/.$/, (c) => (c === "a" ? "b" : "a"))]) {
        const res = await mint({ customer: ada }, key);
        expect(res.status).toBe(401);
        expect((await problemOf(res)).code).toBe("invalid_api_key");
      }
    });

    it("answers 404 for an unknown customer and for another merchant's customer", async () => {
      for (const customer of ["cus_doesnotexist", foreign]) {
        const res = await mint({ customer });
        expect(res.status).toBe(404);
        expect((await problemOf(res)).code).toBe("customer_not_found");
      }
    });

    it("answers 400 malformed_json and 422 naming the bad field", async () => {
      const malformed = await mint("{not json");
      expect(malformed.status).toBe(400);
      expect((await problemOf(malformed)).code).toBe("malformed_json");
      const bad = await mint({ customer: 42, surprise: true });
      expect(bad.status).toBe(422);
      const p = await problemOf(bad);
      expect(p.code).toBe("validation_failed");
      expect(p.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(["json.customer"]));
    });

    it("accepts a return URL only on the merchant's allowed origins (A5)", async () => {
      expect((await mint({ customer: ada, return_url: `${SHOP}/account` })).status).toBe(201);
      const res = await mint({ customer: ada, return_url: "https://evil.example/phish" });
      expect(res.status).toBe(422);
      expect((await problemOf(res)).code).toBe("return_url_not_allowed");
    });
  });

  describe("GET /v1/portal/orders (O1)", () => {
    const tokenFor = async (customerId: string) => ((await (await mint({ customer: customerId })).json()) as { token: string }).token;

    it("returns only the session customer's orders", async () => {
      const res = await orders(await tokenFor(ada));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { items: { description: string }[]; status: string; total: unknown }[] };
      expect(body.data.map((o) => o.items[0]!.description)).toEqual(["Ada's matcha", "Ada's beans"]);
      expect(body.data[0]).toMatchObject({ status: "paid", total: { amount: 3200, currency: "JPY" } });
    });

    it("401s a missing, garbled, foreign-signed or expired session with a code", async () => {
      expect((await problemOf(await orders(undefined))).code).toBe("session_missing");
      expect((await problemOf(await orders("garbage.token.here"))).code).toBe("session_invalid");

      const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519" });
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: "EdDSA", kid: (await exportJWK(publicKey)).x!, typ: "billfront-portal+jwt" })
        .setIssuer(TEST_PUBLIC_URL).setAudience(shop.merchantId).setSubject(ada).setExpirationTime("10m")
        .sign(privateKey);
      const forgedRes = await orders(forged);
      expect(forgedRes.status).toBe(401);
      expect((await problemOf(forgedRes)).code).toBe("session_invalid");

      const { token } = await t.mintSession(shop.merchantId, ada, 60);
      t.clock.advance({ seconds: 60 });
      const expired = await orders(token);
      expect(expired.status).toBe(401);
      expect((await problemOf(expired)).code).toBe("session_expired");
    });

    it("mints no session for a customer of another merchant", async () => {
      await expect(t.mintSession(shop.merchantId, foreign)).rejects.toMatchObject({ code: "customer_not_found" });
    });

    it("400s a bad cursor or limit", async () => {
      const token = await tokenFor(ada);
      const cursor = await orders(token, { query: "?cursor=bogus" });
      expect(cursor.status).toBe(400);
      expect((await problemOf(cursor)).code).toBe("invalid_cursor");
      const limit = await orders(token, { query: "?limit=0" });
      expect(limit.status).toBe(400);
      expect((await problemOf(limit)).errors!.map((e) => e.field)).toEqual(["query.limit"]);
    });
  });

  describe("CORS (P5)", () => {
    it("answers preflights for known origins only", async () => {
      const preflight = (origin: string) =>
        t.app.request("/v1/portal/orders", { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "GET" } });
      const ok = await preflight(SHOP);
      expect(ok.status).toBe(204);
      expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
      const refused = await preflight("https://evil.example");
      expect(refused.status).toBe(403);
      expect(refused.headers.get("Access-Control-Allow-Origin")).toBeNull();
    });

    it("lets a merchant's own origin read, and refuses another merchant's origin", async () => {
      const token = await tokenFor(ada);
      const ok = await orders(token, { origin: SHOP });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("Access-Control-Allow-Origin")).toBe(SHOP);
      const wrong = await orders(token, { origin: OTHER_SHOP });
      expect(wrong.status).toBe(403);
      expect((await problemOf(wrong)).code).toBe("origin_not_allowed");
    });

    async function tokenFor(customerId: string) {
      return ((await (await mint({ customer: customerId })).json()) as { token: string }).token;
    }
  });

  it("serves /healthz and problem+json for unknown routes", async () => {
    expect(await (await t.app.request("/healthz")).json()).toEqual({ status: "ok" });
    const res = await t.app.request("/v1/nothing-here");
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe("route_not_found");
  });
});
