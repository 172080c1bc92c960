import { describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

// Rule 4: bad input gets a clear 4xx answer, never a 500. Every route, a dozen malformed bodies.
describe("bad input on every route", async () => {
  const t = await createTestApp();
  const shop = await t.createMerchant();
  const c = await t.createCustomer(shop.merchantId);
  const { token } = await t.mintSession(shop.merchantId, c.id);
  const paths: [string, string][] = [
    ["POST", "/v1/customers"], ["GET", "/v1/customers/x"], ["POST", "/v1/portal_sessions"], ["POST", "/v1/orders"],
    ["POST", "/v1/payments/x/refunds"], ["POST", "/v1/payments/x/void"], ["POST", "/v1/orders/x/refund"], ["GET", "/v1/refund_queue"],
    ["POST", "/v1/customers/x/credits"], ["GET", "/v1/customers/x/balance"], ["GET", "/v1/customers/x/emails"], ["POST", "/v1/emails/x/resend"],
    ["GET", "/v1/requests?status=bogus"], ["POST", "/v1/requests/x/approve"], ["POST", "/v1/departments"], ["POST", "/v1/tickets/x/replies"],
    ["GET", "/v1/portal/orders?limit=abc"], ["GET", "/v1/portal/orders/x"], ["GET", "/v1/portal/orders/x/summary.pdf"], ["GET", "/v1/portal/documents/x/pdf"],
    ["GET", "/v1/portal/transactions/x/documents/receipt"], ["POST", "/v1/portal/payment_methods/x/default"], ["DELETE", "/v1/portal/payment_methods/x"],
    ["PUT", "/v1/portal/orders/x/payment_method"], ["POST", "/v1/portal/invoices/x/pay"], ["POST", "/v1/portal/invoices/pay"], ["GET", "/v1/portal/balance"],
    ["POST", "/v1/portal/balance/top_ups"], ["POST", "/v1/portal/payments/x/refund_request"], ["POST", "/v1/portal/orders/x/cancellation"],
    ["GET", "/v1/portal/tickets/x"], ["POST", "/v1/portal/tickets"], ["POST", "/v1/portal/tickets/x/replies"], ["POST", "/v1/portal/tickets/x/close"],
    ["PATCH", "/v1/customers/x"], ["PATCH", "/v1/portal/account"], ["POST", "/v1/portal/account/email/confirm"], ["PUT", "/v1/settings"],
    ["POST", "/card-form/cards"], ["GET", "/card-form?merchant=x&origin=http://a"], ["GET", "/checkout/x"], ["POST", "/checkout/x/session"], ["GET", "/links/x"],
  ];
  const bodies = [undefined, "", "{", "null", "[]", '{"amount":1e308,"currency":"EUR"}', '{"amount":-1}', '{"invoices":[]}', '{"customer":"' + c.id + '","type":"one_time","currency":"EUR","items":[{"description":"x","quantity":1,"unit_amount":9007199254740993}]}', '{"number":"4242424242424242","exp_month":13,"exp_year":2031,"cvc":"1"}', '{"department":"x","subject":"a","body":"b"}', '{"body":"' + "x".repeat(30000) + '"}'];
  it("never answers 500, and API errors are problem+json", async () => {
    const bad: string[] = [];
    for (const [method, path] of paths) {
      for (const body of bodies) {
        const auth = path.startsWith("/v1/portal") || path.startsWith("/card-form") ? token : shop.secretKey;
        const res = await t.app.request(path, { method, headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, ...(body !== undefined && method !== "GET" ? { body } : {}) });
        if (res.status >= 500) bad.push(`${method} ${path} ${body?.slice(0, 40)} -> ${res.status} ${(await res.text()).slice(0, 200)}`);
        const page = /^\/(checkout|links|card-form)/.test(path) && method === "GET";
        if (res.status >= 400 && !page && res.headers.get("Content-Type") !== "application/problem+json") bad.push(`${method} ${path} -> ${res.status} not problem+json`);
      }
    }
    expect(bad).toEqual([]);
  }, 60_000);

  // Found from outside: a string nested thousands of levels deep overflowed the stack of the input check (500).
  it("answers 422 to a JSON body nested thousands of levels deep, for a portal session and a merchant key", async () => {
    const deep = (n: number) => `{"name":${"[".repeat(n)}"x"${"]".repeat(n)},"subject":${"[".repeat(n)}"x"${"]".repeat(n)},"email":"a@example.com"}`;
    for (const [path, key] of [["/v1/portal/tickets", token], ["/v1/customers", shop.secretKey]] as const) {
      const res = await t.app.request(path, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, body: deep(8000) });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { code: string }).code).toBe("body_too_deep");
    }
  });

  // Issue 10: a NUL byte (or an unpaired surrogate) in a path id, a query or a name reached Postgres and answered 500.
  it("refuses a NUL or an unpaired surrogate in any path id, query or name on every route with 422 invalid_characters", async () => {
    const routes = t.app.routes.filter((r) => r.method !== "ALL" && !r.path.includes("*"));
    const unique = [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()];
    expect(unique.length).toBeGreaterThan(60);
    const names = ['{"name":"Jane\\u0000Doe","email":"a\\u0000@example.com","description":"x\\u0000","subject":"\\u0000","body":"\\u0000","reason":"\\u0000","code":"\\u0000"}', '{"name":"\\ud800","body":"\\udc00x"}', '{"items":[{"description":"\\u0000"}],"\\u0000":1}'];
    // Valid bodies but for one name: these reached Postgres (500), or stored an unpaired surrogate as U+FFFD.
    const named: [string, string, string, string][] = [
      ["POST", "/v1/departments", '{"name":"Billing\\u0000"}', shop.secretKey],
      ["POST", "/v1/customers", '{"email":"jane@example.com","name":"Jane\\u0000Doe"}', shop.secretKey],
      ["POST", "/v1/customers", '{"email":"jane@example.com","name":"\\ud800"}', shop.secretKey],
      ["POST", "/v1/orders", `{"customer":"${c.id}","type":"one_time","currency":"EUR","items":[{"description":"Beans\\u0000","quantity":1,"unit_amount":100}]}`, shop.secretKey],
      ["POST", "/v1/portal/tickets", '{"department":"dep_x","subject":"Help\\u0000","body":"b"}', token],
      ["GET", "/v1/portal/orders/ord_a%00b", "", token],
      ["GET", "/v1/subscriptions/sub_%00", "", shop.secretKey],
    ];
    const bad: string[] = [];
    for (const [method, url, body, key] of named) {
      const res = await t.app.request(url, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, ...(body ? { body } : {}) });
      const answer = (await res.json()) as { code?: string };
      if (res.status !== 422 || answer.code !== "invalid_characters") bad.push(`${method} ${url} ${body.slice(0, 40)} -> ${res.status} ${answer.code}`);
    }
    for (const { method, path } of unique) {
      const auth = path.startsWith("/v1/portal") || path.startsWith("/card-form") ? token : shop.secretKey;
      const requests: { url: string; body?: string }[] = [];
      if (path.includes(":")) {
        requests.push({ url: path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "x%00y") }, { url: path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "%ED%A0%80") });
      }
      const plain = path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, "x");
      requests.push({ url: `${plain}?q=%00&limit=1%00` });
      if (method !== "GET") for (const body of names) requests.push({ url: plain, body });
      for (const request of requests) {
        const res = await t.app.request(request.url, {
          method,
          headers: { Authorization: `Bearer ${auth}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
        const type = res.headers.get("Content-Type");
        const code = type === "application/problem+json" ? ((await res.json()) as { code: string }).code : await res.text();
        if (res.status !== 422 || code !== "invalid_characters") bad.push(`${method} ${request.url} ${request.body?.slice(0, 30) ?? ""} -> ${res.status} ${type} ${String(code).slice(0, 80)}`);
      }
    }
    expect(bad).toEqual([]);
  }, 60_000);
});
