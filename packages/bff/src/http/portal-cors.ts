import { isOriginKnown } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { problem } from "./problem.ts";

const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key";
const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

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
      return c.body(null, 204, {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": ALLOWED_METHODS,
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "600",
        Vary: "Origin",
      });
    }
    await next();
    c.header("Vary", "Origin", { append: true });
    if (known) c.header("Access-Control-Allow-Origin", origin);
  };
}
