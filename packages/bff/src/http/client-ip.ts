import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";

declare module "hono" {
  interface ContextVariableMap {
    /** The caller's address, for rate limits only (never logged). */
    clientIp: string;
  }
}

/** The key of every caller without a socket (in-process `app.request()` tests): one shared bucket. */
export const NO_SOCKET_IP = "local";

/**
 * Where a request came from: the socket's address; behind a reverse proxy
 * (`TRUST_PROXY=1`), the last address in `X-Forwarded-For`, the one the
 * trusted proxy itself appended (earlier entries are whatever the client sent).
 */
export function clientIp(options: { trustProxy: boolean }): MiddlewareHandler {
  return async function clientIpMiddleware(c, next) {
    c.set("clientIp", resolveIp(c, options.trustProxy));
    await next();
  };
}

function resolveIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For")?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (forwarded && forwarded.length <= 64) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? NO_SOCKET_IP;
  } catch {
    return NO_SOCKET_IP;
  }
}
