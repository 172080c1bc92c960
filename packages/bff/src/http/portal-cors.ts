import { isOriginKnown } from "@billfront/core/server";
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { problem } from "./problem.ts";

const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-CSRF-Token";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

/** The answer to a preflight from an origin some merchant allows (cached ten minutes). */
function preflight(c: Context, origin: string): Response {
  return c.body(null, 204, {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": ALLOWED_METHODS,
    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  });
}

/**
 * CORS for the portal API. Preflights carry no credentials, so they are answered
 * for any origin some merchant allows; the request itself is then held to its own
 * merchant's origins by portalAuth. Unknown origins get no CORS headers at all.
 */
export function portalCors(deps: AppDeps): MiddlewareHandler {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return async function portalCorsMiddleware(c, next) {
    const origin = c.req.header("Origin");
    const known = origin !== undefined && (origin === ownOrigin || (await isOriginKnown(deps.core, origin)));
    if (c.req.method === "OPTIONS") {
      if (!known) return problem(c, 403, "origin_not_allowed", `${origin ?? "This origin"} is not allowed to call the portal API.`);
      return preflight(c, origin);
    }
    await next();
    c.header("Vary", "Origin", { append: true });
    if (known) c.header("Access-Control-Allow-Origin", origin);
  };
}

/**
 * CORS for the merchant API, for one caller only: the staff console embedded in
 * the merchant's own back office (M1), authenticated by a staff token. The answer
 * is readable by a page only on one of that merchant's allowed origins and only
 * when a staff member (never a secret key, which must not be in a browser) made
 * the call. Preflights are answered as the portal's are.
 */
export function merchantCors(deps: AppDeps): MiddlewareHandler {
  return async function merchantCorsMiddleware(c, next) {
    const origin = c.req.header("Origin");
    if (c.req.path.startsWith("/v1/portal/") || !origin) return next();
    if (c.req.method === "OPTIONS") {
      if (!(await isOriginKnown(deps.core, origin))) return problem(c, 403, "origin_not_allowed", `${origin} is not allowed to call the API.`);
      return preflight(c, origin);
    }
    await next();
    c.header("Vary", "Origin", { append: true });
    const vars = c.var as { staff?: { actor: string }; merchant?: { allowedOrigins?: string[] } };
    if (vars.staff?.actor.startsWith("staff:") && vars.merchant?.allowedOrigins?.includes(origin)) c.header("Access-Control-Allow-Origin", origin);
  };
}
