import { beginIdempotentRequest, completeIdempotentRequest, releaseIdempotentRequest } from "@billfront/core/server";
import type { Context, MiddlewareHandler } from "hono";
import { createHash } from "node:crypto";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "./problem.ts";

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * Money-moving routes (R8): an `Idempotency-Key` is required; a retry with the
 * same key and body replays the first response (`Idempotent-Replayed: true`).
 * `identify` names the caller, so two callers' keys never collide.
 */
export function idempotent(deps: AppDeps, identify: (c: Context) => { merchantId: string; caller: string }): MiddlewareHandler {
  return async function idempotencyMiddleware(c, next) {
    const key = c.req.header("Idempotency-Key");
    if (!key || !KEY_SHAPE.test(key)) {
      throw new ProblemError(400, "idempotency_key_required", "Send an Idempotency-Key header (1-255 visible characters) with this request.");
    }
    const ref = { ...identify(c), key };
    const body = await c.req.text();
    const hash = createHash("sha256").update(`${c.req.method} ${c.req.path}\n${body}`).digest("hex");
    const start = await beginIdempotentRequest(deps.core, ref, hash);
    if (start.state === "replay") {
      const type = start.status >= 400 ? "application/problem+json" : "application/json";
      return c.body(JSON.stringify(start.body), start.status as 200, { "Content-Type": type, "Idempotent-Replayed": "true" });
    }
    try {
      await next();
    } finally {
      if (c.res.status >= 500) await releaseIdempotentRequest(deps.core, ref);
      else await completeIdempotentRequest(deps.core, ref, c.res.status, await c.res.clone().json().catch(() => null));
    }
  };
}
