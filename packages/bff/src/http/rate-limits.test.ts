import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "@billfront/core/server";
import { createTestApp } from "../testing.ts";
import { RateLimits } from "./rate-limits.ts";

type Body = Record<string, any>;

/** Luhn-valid 16-digit Visa-looking numbers that are not sandbox test cards (the attack of issue 11: random valid numbers). */
function randomValidCard(seed: number): string {
  const body = `4${String(100000000000000 + seed * 7919).slice(0, 14)}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d *= 2;
    sum += d > 9 ? d - 9 : d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

// Issue 11 item 9: abuse limits, counted in the database, answered with 429 rate_limited and Retry-After.
describe("abuse limits", async () => {
  const t = await createTestApp({ trustProxy: true });
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);

  const request = async (method: string, path: string, options: { ip: string; token?: string; body?: unknown }) => {
    const res = await t.app.request(path, {
      method,
      headers: { "Content-Type": "application/json", "X-Forwarded-For": `10.9.9.9, ${options.ip}`, ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
      ...(options.body ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body, retryAfter: res.headers.get("Retry-After") };
  };
  const saveCard = (token: string, seed: number, ip = "192.0.2.50") =>
    request("POST", "/card-form/cards", { ip, token, body: { number: randomValidCard(seed), exp_month: 12, exp_year: 2030, cvc: "123" } });

  it("saves at most 5 cards per session per hour: the 6th is 429 and no card is stored for it", async () => {
    // A session that outlives the hour, to see the window end.
    const { token } = await t.mintSession(shop.merchantId, customer.id, 2 * 3600);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await saveCard(token, i)).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const listed = await request("GET", "/v1/portal/payment_methods", { ip: "192.0.2.50", token });
    expect(listed.body.data).toHaveLength(5);
    const limited = await saveCard(token, 99);
    expect(limited).toMatchObject({ status: 429, body: { code: "rate_limited" } });
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    t.clock.advance({ seconds: Number(limited.retryAfter) });
    expect((await saveCard(token, 100)).status).toBe(201);
  });

  it("saves at most 20 cards per customer per day, over any number of sessions", async () => {
    const other = await t.createCustomer(shop.merchantId, "many-sessions@example.com");
    let saved = 0;
    let seed = 1000;
    for (let s = 0; s < 4; s++) {
      const { token } = await t.mintSession(shop.merchantId, other.id);
      for (let i = 0; i < 5; i++) if ((await saveCard(token, seed++)).status === 201) saved++;
    }
    expect(saved).toBe(20);
    const { token: fresh } = await t.mintSession(shop.merchantId, other.id);
    expect(await saveCard(fresh, seed++)).toMatchObject({ status: 429, body: { code: "rate_limited" } });
  });

  it("session guessing: 30 unknown tokens from one IP in 5 minutes, then 429 even for a real token; successes cost nothing", async () => {
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const ip = "192.0.2.60";
    for (let i = 0; i < 40; i++) expect((await request("GET", "/v1/portal/session", { ip, token })).status).toBe(200);
    const fake = () => `bfps.${shop.merchantId}.${"x".repeat(11)}${crypto.randomUUID().replaceAll("-", "")}`;
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await request("GET", "/v1/portal/orders", { ip, token: fake() })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    const blocked = await request("GET", "/v1/portal/session", { ip, token });
    expect(blocked).toMatchObject({ status: 429, body: { code: "rate_limited" } });
    expect(Number(blocked.retryAfter)).toBeLessThanOrEqual(300);
    // Another address is not affected; after the window the first one works again.
    expect((await request("GET", "/v1/portal/session", { ip: "192.0.2.61", token })).status).toBe(200);
    t.clock.advance({ minutes: 5 });
    expect((await request("GET", "/v1/portal/session", { ip, token })).status).toBe(200);
  });

  it("API-key guessing: 30 wrong secret keys from one IP, then 429", async () => {
    const ip = "192.0.2.70";
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await request("GET", "/v1/settings", { ip, token: `sk_test_${crypto.randomUUID().replaceAll("-", "")}` })).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await request("GET", "/v1/settings", { ip, token: shop.secretKey })).status).toBe(429);
    expect((await request("GET", "/v1/settings", { ip: "192.0.2.71", token: shop.secretKey })).status).toBe(200);
  });

  it("link exchange: 60 per IP in 15 minutes, then 429 (JSON problem, or a page for the form)", async () => {
    const ip = "192.0.2.80";
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await request("POST", "/links", { ip, body: { token: `not-a-link-${i}` } })).status);
    expect(statuses.slice(0, 60).every((s) => s === 401)).toBe(true);
    expect(statuses[60]).toBe(429);
    const form = await t.app.request("/links", { method: "POST", headers: { "X-Forwarded-For": ip }, body: new URLSearchParams({ token: "x" }) });
    expect(form.status).toBe(429);
    expect(form.headers.get("Retry-After")).toBeTruthy();
    expect(await form.text()).toContain("Too many links");
  });

  it("fails open when the limiter's store fails: the request goes on, one log line names the limiter and no personal data", async () => {
    const lines: string[] = [];
    const broken = new Proxy(t.core.db, {
      get: (target, prop) => (prop === "insert" || prop === "select" || prop === "delete" ? () => { throw new Error("connection refused for ann@example.com"); } : Reflect.get(target, prop)),
    }) as Database;
    const limits = new RateLimits({ ...t.deps, core: { ...t.core, db: broken }, errorLog: (line) => lines.push(line) });
    await expect(limits.consume("signInPerAddress", "mer_1:ann@example.com")).resolves.toBeUndefined();
    await expect(limits.assertNotExhausted("authFailuresPerIp", "192.0.2.1")).resolves.toBeUndefined();
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", code: "rate_limiter_unavailable", limiter: "signInPerAddress", error: "Error" });
    expect(lines.join("\n")).not.toMatch(/ann@example\.com|192\.0\.2\.1|connection refused/);
  });

  it("without TRUST_PROXY the forwarded header is ignored: every in-process caller shares the socketless key", async () => {
    const plain = await createTestApp();
    try {
      const shop2 = await plain.createMerchant();
      const key = (i: number) => `sk_test_${i}${crypto.randomUUID().replaceAll("-", "")}`;
      for (let i = 0; i < 30; i++) {
        await plain.app.request("/v1/settings", { headers: { Authorization: `Bearer ${key(i)}`, "X-Forwarded-For": `203.0.113.${i}` } });
      }
      const res = await plain.app.request("/v1/settings", { headers: { Authorization: `Bearer ${shop2.secretKey}`, "X-Forwarded-For": "203.0.113.200" } });
      expect(res.status).toBe(429);
    } finally {
      await plain.close();
    }
  });
});
