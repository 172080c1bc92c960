import { createRequire } from "node:module";
import type { Hono } from "hono";
import { z, type ZodType } from "zod";
import { API_TAGS, DOCUMENTS, type DocResponse, type RouteDoc } from "../http/doc.ts";
import { VALIDATES, type ValidatedInput } from "../http/validate.ts";

// The OpenAPI 3.1 document of the BFF, read from the Hono app itself: `app.routes` lists every
// (method, path, handler) with the full mounted path, middleware included. A route's `validate()`
// middleware carries its zod schema (the one the request is checked with), its `doc()` middleware
// its summary and tag, and its auth and idempotency middleware say how it is called.

type Json = Record<string, unknown>;
type Handler = ((...args: never[]) => unknown) & { [key: string | symbol]: unknown };

/** Middleware recognised by their function names (declared in auth/ and http/idempotency.ts); openapi.test.ts fails if one is renamed. */
export const MIDDLEWARE_NAMES = {
  merchantAuth: "merchantAuthMiddleware",
  portalAuth: "portalAuthMiddleware",
  idempotency: "idempotencyMiddleware",
} as const;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** One endpoint of the app: a method and a Hono path with every handler that runs for it. */
export interface ApiRoute {
  method: string;
  /** As Hono writes it: `/v1/tickets/:id/:action{close|reopen}`. */
  path: string;
  /** As OpenAPI writes it: `/v1/tickets/{id}/{action}`. */
  openApiPath: string;
  doc?: RouteDoc;
  inputs: ValidatedInput[];
  security: "merchant" | "portal" | "none";
  idempotent: boolean;
}

/** The routes that belong in the reference: every /v1 route, /healthz and /readyz, and any other route with a `doc()`. */
export function apiRoutes(app: Hono<any, any, any>): ApiRoute[] {
  const uses: { path: RegExp; handler: Handler }[] = [];
  const groups = new Map<string, { method: string; path: string; handlers: Handler[] }>();
  for (const route of app.routes) {
    const handler = unwrap(route.handler as unknown as Handler);
    if (route.method === "ALL") {
      uses.push({ path: usePattern(route.path), handler });
      continue;
    }
    const key = `${route.method} ${route.path}`;
    const group = groups.get(key) ?? { method: route.method, path: route.path, handlers: [] };
    group.handlers.push(handler);
    groups.set(key, group);
  }
  const routes: ApiRoute[] = [];
  for (const { method, path, handlers } of groups.values()) {
    if (!METHODS.includes(method.toLowerCase() as (typeof METHODS)[number]) || path.includes("*")) continue;
    const doc = handlers.map((h) => h[DOCUMENTS] as RouteDoc | undefined).find(Boolean);
    if (!doc && !isApiPath(path)) continue;
    const chain = [...uses.filter((u) => u.path.test(path)).map((u) => u.handler), ...handlers];
    const names = new Set(chain.map((h) => h.name));
    const detected = names.has(MIDDLEWARE_NAMES.merchantAuth) ? "merchant" : names.has(MIDDLEWARE_NAMES.portalAuth) ? "portal" : "none";
    routes.push({
      method,
      path,
      openApiPath: toOpenApiPath(path),
      doc,
      inputs: handlers.map((h) => h[VALIDATES] as ValidatedInput | undefined).filter((v): v is ValidatedInput => Boolean(v)),
      security: doc?.security ?? detected,
      idempotent: names.has(MIDDLEWARE_NAMES.idempotency),
    });
  }
  return routes;
}

/** `METHOD /path` of every route that must be documented and has no `doc({ summary })`. */
export function undocumentedRoutes(app: Hono<any, any, any>): string[] {
  return apiRoutes(app)
    .filter((r) => !r.doc?.summary)
    .map((r) => `${r.method} ${r.path}`);
}

function isApiPath(path: string): boolean {
  return path.startsWith("/v1/") || path === "/v1" || path === "/healthz" || path === "/readyz";
}

/** A handler mounted from a sub-app with its own onError is wrapped; the original is kept on the wrapper. */
function unwrap(handler: Handler): Handler {
  return (handler.__COMPOSED_HANDLER as Handler | undefined) ?? handler;
}

/** Which paths a `use()` covers: `/v1/portal/*` covers `/v1/portal` and everything under it. */
function usePattern(path: string): RegExp {
  if (path === "*" || path === "/*") return /^/;
  const source = path
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z0-9_]+/g, "[^/]+"))
    .join(".*");
  return new RegExp(`^${source.replace(/\/\.\*$/, "(?:/.*)?")}$`);
}

const PARAM = /:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?\??/g;

/** `:id` -> `{id}`; `:action{close|reopen}` -> `{action}` (its values become the parameter's enum). */
export function toOpenApiPath(path: string): string {
  return path.replace(PARAM, (_m, name: string) => `{${name}}`);
}

/** The path parameters of a Hono path, with the pattern of each `:name{pattern}`. */
function pathParams(path: string): { name: string; pattern?: string }[] {
  return [...path.matchAll(PARAM)].map((m) => ({ name: m[1]!, pattern: m[2]?.slice(1, -1) }));
}

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends (`input`) or receives (`output`). */
export function jsonSchema(schema: ZodType, io: "input" | "output" = "input"): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  return rest;
}

/** RFC 9457 problem document with Billfront's stable `code` (http/problem.ts writes it). */
export const problemSchema = z.looseObject({
  type: z.string().meta({ description: "A URI naming the kind of problem." }),
  title: z.string(),
  status: z.number().int(),
  code: z.string().meta({ description: "Stable machine-readable code, e.g. `invalid_request`, `not_found`, `idempotency_key_required`." }),
  detail: z.string().optional(),
  instance: z.string().optional(),
  request_id: z.string().optional(),
  errors: z
    .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() }))
    .optional()
    .meta({ description: "One entry per refused field." }),
});

const ERROR_RESPONSES: Record<string, string> = {
  BadRequest: "The request is malformed, e.g. a missing Idempotency-Key or an invalid query.",
  Unauthenticated: "The credentials are missing, malformed, revoked or expired.",
  Forbidden: "The caller may not do this (e.g. an agent calling an admin action).",
  NotFound: "No such object for this caller (another tenant's id is not found, too).",
  Conflict: "The object's state does not allow this, or a request with the same Idempotency-Key is still running.",
  Invalid: "A field is invalid; `errors` names each one.",
  TooManyRequests: "Rate limited; retry after the `Retry-After` header's seconds.",
  Problem: "An error, as an RFC 9457 problem document.",
};

const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: "OK", 201: "Created", 202: "Accepted", 204: "No content" };

function ref(kind: "schemas" | "responses" | "parameters", name: string) {
  return { $ref: `#/components/${kind}/${name}` };
}

function response(r: DocResponse): Json {
  if (!r.schema && !r.contentType) return { description: r.description };
  return { description: r.description, content: { [r.contentType ?? "application/json"]: r.schema ? { schema: jsonSchema(r.schema, "output") } : {} } };
}

/** The properties of an object schema as parameters (`in` path, query, header or cookie). */
function parameters(input: ValidatedInput, location: "path" | "query" | "header" | "cookie"): Json[] {
  const schema = jsonSchema(input.schema);
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: location, required: location === "path" || required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operationId(method: string, openApiPath: string): string {
  const words = openApiPath
    .replace(/^\/v1(?=\/|$)/, "")
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment.startsWith("{") ? `by_${segment.slice(1, -1)}` : segment))
    .join("_")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words].map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
}

function operation(route: ApiRoute): Json {
  const doc = route.doc;
  const params: Json[] = [];
  let requestBody: Json | undefined;
  for (const input of route.inputs) {
    if (input.target === "param") params.push(...parameters(input, "path"));
    else if (input.target === "query") params.push(...parameters(input, "query"));
    else if (input.target === "header") params.push(...parameters(input, "header"));
    else if (input.target === "cookie") params.push(...parameters(input, "cookie"));
    else if (input.target === "json" || input.target === "form") {
      const schema = jsonSchema(input.schema);
      const mediaType = input.target === "json" ? "application/json" : "application/x-www-form-urlencoded";
      const needed = Array.isArray(schema.required) && schema.required.length > 0;
      requestBody = { required: needed || schema.type !== "object", content: { [mediaType]: { schema } } };
    }
  }
  // A path parameter no validator names: a plain string, or the alternatives of its `{a|b}` pattern.
  for (const { name, pattern } of pathParams(route.path)) {
    const known = params.find((p) => p.in === "path" && p.name === name);
    if (known) continue;
    const alternatives = pattern && /^[A-Za-z0-9_|-]+$/.test(pattern) ? pattern.split("|") : undefined;
    params.push({ name, in: "path", required: true, schema: alternatives ? { type: "string", enum: alternatives } : { type: "string", ...(pattern ? { pattern: `^${pattern}$` } : {}) } });
  }
  if (route.idempotent) params.unshift(ref("parameters", "IdempotencyKey") as Json);

  const status = doc?.status ?? 200;
  const responses: Json = {};
  if (doc?.responses) for (const [code, r] of Object.entries(doc.responses)) responses[code] = response(r);
  else responses[String(status)] = response(doc?.response ?? { description: SUCCESS_DESCRIPTIONS[status] ?? "OK" });
  const hasParams = route.inputs.some((i) => i.target === "param") || pathParams(route.path).length > 0;
  if (route.inputs.some((i) => i.target !== "json") || route.idempotent) responses["400"] = ref("responses", "BadRequest");
  if (route.security !== "none") {
    responses["401"] = ref("responses", "Unauthenticated");
    responses["403"] = ref("responses", "Forbidden");
  }
  if (hasParams) responses["404"] = ref("responses", "NotFound");
  if (route.idempotent || route.method !== "GET") responses["409"] = ref("responses", "Conflict");
  if (route.inputs.length > 0) responses["422"] = ref("responses", "Invalid");
  responses["429"] = ref("responses", "TooManyRequests");
  responses.default = ref("responses", "Problem");

  return {
    operationId: doc?.operationId ?? operationId(route.method, route.openApiPath),
    summary: doc?.summary ?? `${route.method} ${route.openApiPath}`,
    ...(doc?.description ? { description: doc.description } : {}),
    tags: [doc?.tag ?? "Undocumented"],
    ...(doc?.deprecated ? { deprecated: true } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: route.security === "merchant" ? [{ merchantKey: [] }] : route.security === "portal" ? [{ portalSession: [] }] : [],
  };
}

const VERSION: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

/** The whole OpenAPI 3.1 document of the app's API routes. */
export function openApiDocument(app: Hono<any, any, any>, options: { serverUrl?: string } = {}): Json {
  const paths: Record<string, Json> = {};
  const seen = new Map<string, number>();
  const usedTags = new Set<string>();
  for (const route of apiRoutes(app)) {
    const op = operation(route);
    // Two routes may derive the same name (e.g. `{a}` and `{b}` at one place): the later gets a number.
    const count = seen.get(op.operationId as string) ?? 0;
    seen.set(op.operationId as string, count + 1);
    if (count) op.operationId = `${op.operationId}${count + 1}`;
    for (const tag of op.tags as string[]) usedTags.add(tag);
    const item = (paths[route.openApiPath] ??= {});
    item[route.method.toLowerCase()] = op;
  }
  const tags = [...Object.entries(API_TAGS).map(([name, description]) => ({ name, description })), { name: "Undocumented", description: "Routes without a doc()." }].filter((t) =>
    usedTags.has(t.name),
  );
  const problem = { description: "", content: { "application/problem+json": { schema: ref("schemas", "Problem") } } };
  return {
    openapi: "3.1.1",
    info: {
      title: "Billfront API",
      version: VERSION,
      description: [
        "The merchant API (`/v1/*`, `Authorization: Bearer sk_...` secret key or a staff member's `st_...` token) and the portal API",
        "(`/v1/portal/*`, `Authorization: Bearer` with a portal session token). JSON fields are snake_case, amounts integer minor units",
        "with an ISO 4217 `currency`; errors are RFC 9457 problem documents with a stable `code`. Money-moving calls require an",
        "`Idempotency-Key` header. This document is generated from the schemas the server validates requests with.",
      ].join(" "),
      license: { name: "MIT", identifier: "MIT" },
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags,
    paths,
    components: {
      schemas: { Problem: jsonSchema(problemSchema, "output") },
      responses: Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([name, description]) => [name, { ...problem, description }])),
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: "1-255 visible ASCII characters, unique per operation. A retry with the same key and body replays the first definite answer (`Idempotent-Replayed: true`).",
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]{1,255}$" },
        },
      },
      securitySchemes: {
        merchantKey: { type: "http", scheme: "bearer", description: "The merchant's secret API key (`sk_live_...`, `sk_test_...`) or a staff member's token (`st_...`). The staff console also reaches these routes with its `billfront_staff` cookie (unsafe methods need `X-CSRF-Token` and this origin's `Origin`) or an `sts_` embedding token from `POST /v1/staff_sessions`." },
        portalSession: { type: "http", scheme: "bearer", description: "A portal session token (`bfps.<merchant>.<secret>`) from `POST /v1/portal_sessions` or self sign-in." },
      },
    },
  };
}
