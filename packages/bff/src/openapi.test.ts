import { validate as validateOpenApi, compileErrors } from "@readme/openapi-parser";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { doc } from "./http/doc.ts";
import { idempotent } from "./http/idempotency.ts";
import { openApiDocument, toOpenApiPath, undocumentedRoutes } from "./openapi/generate.ts";
import { createdPortalSessionSchema, customerSchema, healthSchema, pageOf, portalSessionSchema } from "./openapi/schemas.ts";
import { createTestApp } from "./testing.ts";

type Operation = {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: { $ref?: string; name?: string; in?: string; required?: boolean; schema?: { enum?: string[] } }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { required?: string[]; properties: Record<string, { enum?: string[] }>; additionalProperties?: boolean } }> };
  responses: Record<string, { description?: string; $ref?: string }>;
  security: Record<string, string[]>[];
};
type Document = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

describe("OpenAPI document generated from the routes' own zod schemas", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const document = openApiDocument(t.app) as unknown as Document;
  const op = (method: string, path: string) => document.paths[path]?.[method]!;

  it("documents every /v1 route with its method, and every route has a doc() summary (lists the missing ones)", () => {
    // Every route must say what it is: add `doc({ summary, tag })` (src/http/doc.ts) to the ones listed.
    expect(undocumentedRoutes(t.app), "routes without doc({ summary, tag })").toEqual([]);
    const missing: string[] = [];
    for (const route of t.app.routes) {
      if (route.method === "ALL" || !(route.path.startsWith("/v1/") || route.path === "/healthz" || route.path === "/readyz")) continue;
      if (!document.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()]) missing.push(`${route.method} ${route.path}`);
    }
    expect(missing, "routes missing from /openapi.json").toEqual([]);
    expect(Object.keys(document.paths).length).toBeGreaterThan(90);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        expect(operation.summary, path).not.toMatch(/^(GET|POST|PUT|PATCH|DELETE) /);
        expect(operation.tags, path).not.toContain("Undocumented");
      }
    }
  });

  it("names a new undocumented route, mounted under /v1 like the real ones", () => {
    const sub = new Hono()
      .get("/widgets_for_test", doc({ summary: "List test widgets", tag: "System" }), (c) => c.json({}))
      .post("/widgets_for_test/:id{[a-z]+}", (c) => c.json({}));
    const app = new Hono().route("/v1", sub);
    expect(undocumentedRoutes(app)).toEqual(["POST /v1/widgets_for_test/:id{[a-z]+}"]);
    const generated = openApiDocument(app) as unknown as Document;
    expect(Object.keys(generated.paths)).toEqual(["/v1/widgets_for_test", "/v1/widgets_for_test/{id}"]);
    expect(generated.paths["/v1/widgets_for_test/{id}"]!.post!.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[a-z]+$" } }]);
    // A sub-app with its own onError is mounted as a wrapper around each handler; the doc() inside still counts, at any depth.
    const withOnError = new Hono().get("/y", doc({ summary: "Y", tag: "System" }), (c) => c.json({}));
    withOnError.onError((_e, c) => c.json({}, 500));
    const nested = new Hono().route("/v1", new Hono().route("/portal", withOnError));
    expect(undocumentedRoutes(nested)).toEqual([]);
    expect((openApiDocument(nested) as unknown as Document).paths["/v1/portal/y"]!.get!.summary).toBe("Y");
  });

  it("is a valid OpenAPI 3.1 document for an independent parser", async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await validateOpenApi(structuredClone(document) as never);
    expect(result.valid ? "valid" : compileErrors(result)).toBe("valid");
    expect(result.specification).toBe("OpenAPI");
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents POST /v1/portal_sessions with the body schema the route validates", () => {
    const create = op("post", "/v1/portal_sessions");
    expect(create.summary).toMatch(/portal session/i);
    expect(create.tags).toEqual(["Customers"]);
    expect(create.security).toEqual([{ merchantKey: [] }]);
    expect(Object.keys(create.responses)).toContain("201");
    const body = create.requestBody!.content["application/json"]!.schema;
    expect(create.requestBody!.required).toBe(true);
    expect(body.required).toEqual(["customer"]);
    expect(body.additionalProperties).toBe(false);
    expect(Object.keys(body.properties)).toEqual(["customer", "return_url", "locale", "flow", "flow_subject"]);
    expect(body.properties.flow!.enum).toEqual(["orders", "update_card", "pay_invoice", "cancel_subscription", "change_plan", "open_ticket"]);
    expect(body.properties.customer).toMatchObject({ type: "string", pattern: "^cus_[0-9A-Za-z]+$" });
  });

  it("says how each API is called: secret key or staff token, portal session, or nothing", () => {
    expect(Object.keys(document.components.securitySchemes)).toEqual(["merchantKey", "portalSession"]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const operation of Object.values(item)) {
        const expected = path.startsWith("/v1/portal/") || path === "/card-form/cards" ? [{ portalSession: [] }] : path.startsWith("/v1/sign_in") || path.startsWith("/v1/staff/sign_in") || path === "/v1/origin_check" || !path.startsWith("/v1/") ? [] : [{ merchantKey: [] }];
        expect(operation.security, path).toEqual(expected);
        expect(operation.responses.default, path).toEqual({ $ref: "#/components/responses/Problem" });
      }
    }
    expect(op("post", "/v1/sign_in").responses["429"]).toBeDefined();
  });

  it("documents the Idempotency-Key header exactly where the idempotency middleware runs", () => {
    const idempotencyKey = (o: Operation) => (o.parameters ?? []).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");
    for (const [method, path] of [
      ["post", "/v1/payments/{id}/refunds"],
      ["post", "/v1/orders"],
      ["post", "/v1/portal/invoices/{id}/pay"],
      ["post", "/v1/portal/tickets"],
    ] as const) {
      expect(idempotencyKey(op(method, path)), `${method} ${path}`).toBe(true);
      expect(op(method, path).responses["409"]).toBeDefined();
    }
    expect(idempotencyKey(op("get", "/v1/customers/{id}"))).toBe(false);
    expect(idempotencyKey(op("post", "/v1/customers"))).toBe(false);

    const app = new Hono().route("/v1", new Hono().post("/x", doc({ summary: "X", tag: "System" }), idempotent(t.deps, () => ({ merchantId: "m", caller: "c" })), (c) => c.json({})));
    expect(idempotencyKey((openApiDocument(app) as unknown as Document).paths["/v1/x"]!.post!)).toBe(true);
  });

  it("turns Hono path patterns into OpenAPI parameters: `:action{close|reopen}` is an enum", () => {
    const closeOrReopen = op("post", "/v1/portal/tickets/{id}/{action}");
    expect(closeOrReopen.parameters).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 64 } },
      { name: "action", in: "path", required: true, schema: { type: "string", enum: ["close", "reopen"] } },
    ]);
    expect(op("post", "/v1/requests/{id}/{decision}").parameters!.find((p) => p.name === "decision")!.schema!.enum).toEqual(["approve", "reject"]);
    // Query parameters come from validate("query", ...), with their limits.
    expect(op("get", "/v1/portal/orders").parameters).toEqual([
      { name: "limit", in: "query", required: false, schema: expect.objectContaining({ type: "integer", minimum: 1, maximum: 100 }) },
      { name: "cursor", in: "query", required: false, schema: { type: "string", minLength: 1, maxLength: 500 } },
    ]);
    expect(toOpenApiPath("/widgets/chunks/:file{[A-Za-z0-9_-]+\\.js}")).toBe("/widgets/chunks/{file}");
  });

  it("documents the error shape once: an RFC 9457 problem with a stable code", () => {
    const problem = (document.components as unknown as { schemas: { Problem: { required: string[]; properties: Record<string, unknown> } } }).schemas.Problem;
    expect(problem.required).toEqual(["type", "title", "status", "code"]);
    expect(Object.keys(problem.properties)).toContain("errors");
    expect(op("post", "/v1/customers").responses["422"]).toEqual({ $ref: "#/components/responses/Invalid" });
  });

  it("serves /openapi.json as JSON, the same document", async () => {
    const res = await t.app.request("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    const served = (await res.json()) as Document & { servers: { url: string }[] };
    expect(served.paths).toEqual(document.paths);
    expect(served.servers).toEqual([{ url: "http://billfront.test" }]);
  });

  it("serves /docs as a page whose scripts all come from this server, under the hosted pages' CSP", async () => {
    const res = await t.app.request("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Content-Security-Policy")).toMatch(/default-src 'none'; script-src 'self' 'nonce-[0-9a-f]+'; connect-src 'self'/);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!.trim());
    expect(scripts).toEqual(['src="/docs/scalar.js"', 'src="/docs/init.js"']);
    expect(html).not.toMatch(/https?:\/\//);

    const init = await t.app.request("/docs/init.js");
    expect(init.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(await init.text()).toContain('url: "/openapi.json"');
    const bundle = await t.app.request("/docs/scalar.js", { headers: { "Accept-Encoding": "gzip" } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("Content-Type")).toMatch(/^text\/javascript/);
    expect(bundle.headers.get("Content-Encoding")).toBe("gzip");
  });

  it("documents response bodies that real answers match, with the status they answer with", async () => {
    const shop = await t.createMerchant();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await t.app.request(path, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
      const documented = Object.keys(op(method.toLowerCase(), toOpenApiPath(path.replace(/cus_[0-9A-Za-z]+/, ":id"))).responses).filter((s) => /^2/.test(s));
      expect(documented, `${method} ${path}`).toEqual([String(res.status)]);
      return res.json();
    };
    const customer = customerSchema.parse(await call("POST", "/v1/customers", { email: "ada@example.com", name: "Ada", billing_address: { line1: "1 Main St", city: "Berlin", country: "DE" } }));
    customerSchema.parse(await call("GET", `/v1/customers/${customer.id}`));
    customerSchema.parse(await call("PATCH", `/v1/customers/${customer.id}`, { phone: "+4930123456" }));
    createdPortalSessionSchema.parse(await call("POST", "/v1/portal_sessions", { customer: customer.id, flow: "orders" }));
    expect(pageOf(portalSessionSchema).parse(await call("GET", `/v1/customers/${customer.id}/sessions`)).data).toHaveLength(1);
    healthSchema.parse(await call("GET", "/healthz"));
    const schema = op("post", "/v1/customers").responses["201"] as unknown as { content: { "application/json": { schema: { required: string[] } } } };
    expect(schema.content["application/json"].schema.required).toContain("blacklisted");
  });

  it("leaves the routes' behaviour alone: a documented, validated route still refuses bad input with problem+json", async () => {
    const res = await t.app.request("/v1/sign_in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ merchant: "mer_x", email: "not-an-address" }) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("Content-Type")).toBe("application/problem+json");
    const problem = (await res.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual(["json.email"]);
  });
});
