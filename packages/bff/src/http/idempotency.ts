import { beginIdempotentRequest, completeIdempotentRequest, IDEMPOTENCY_LEASE_MS, isDomainError, releaseIdempotentRequest, renewIdempotentLease } from "@billfront/core/server";
import type { Context, MiddlewareHandler } from "hono";
import { createHash } from "node:crypto";
import type { AppDeps } from "../deps.ts";
import { problem, ProblemError } from "./problem.ts";

const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/**
 * 4xx answers that are business outcomes, kept and replayed like a success:
 * 402 declined, 403 forbidden, 409 conflict / not allowed (a refund above what
 * remains, a payment already pending, an action the settings refuse), 410 gone.
 * Every other answer is not definite and releases the key: 400 and 422 (invalid
 * input: the request validators, malformed JSON, core's `invalid` errors), 404
 * (an id that names nothing is bad input too), 401, 413, 429 and every 5xx.
 * Nothing was decided for those, so the same key may be sent again, with the
 * body corrected or unchanged.
 */
const DEFINITE_REFUSALS = new Set([402, 403, 409, 410]);

/** True when a response is the request's definite answer, stored and replayed for its key (R8). */
export function isDefiniteAnswer(status: number): boolean {
  return (status >= 200 && status < 400) || DEFINITE_REFUSALS.has(status);
}

/**
 * Money-moving routes (R8): an `Idempotency-Key` is required; a retry with the
 * same key and body replays the first definite answer (`Idempotent-Replayed: true`).
 * While the request runs it renews a lease on the key; a retry meanwhile gets 409
 * with `Retry-After`, and a retry after the lease lapsed (the BFF died) runs the
 * request again, which core resumes from what it recorded under the same key.
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
    let start;
    try {
      start = await beginIdempotentRequest(deps.core, ref, hash);
    } catch (error) {
      if (!isDomainError(error) || error.code !== "idempotency_request_in_progress") throw error;
      const res = problem(c, 409, error.code, error.message, { details: error.details });
      res.headers.set("Retry-After", String(error.details?.retry_after_seconds ?? Math.ceil(IDEMPOTENCY_LEASE_MS / 1000)));
      return res;
    }
    if (start.state === "replay") {
      const type = start.status >= 400 ? "application/problem+json" : "application/json";
      return c.body(JSON.stringify(start.body), start.status as 200, { "Content-Type": type, "Idempotent-Replayed": "true" });
    }
    const { claim } = start;
    // Renewed well before it lapses; a process that dies stops renewing, which is the point.
    const heartbeat = setInterval(() => void renewIdempotentLease(deps.core, ref, claim).catch(() => undefined), IDEMPOTENCY_LEASE_MS / 3);
    heartbeat.unref?.();
    try {
      await next();
    } finally {
      clearInterval(heartbeat);
      if (isDefiniteAnswer(c.res.status)) await completeIdempotentRequest(deps.core, ref, claim, c.res.status, await c.res.clone().json().catch(() => null));
      else await releaseIdempotentRequest(deps.core, ref, claim);
    }
  };
}
