import { and, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { idempotencyKeys } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { randomToken } from "../ids.ts";

/** How long a key and its response are kept (R8: at least 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long a running request holds its key without renewing it. The request
 * renews it while alive; once it lapses the request is presumed dead (its BFF
 * crashed) and the next retry with the same key and body takes the key over.
 */
export const IDEMPOTENCY_LEASE_MS = 30 * 1000;

export interface IdempotencyRef {
  merchantId: string;
  caller: string;
  key: string;
}

/**
 * `new`: the caller runs the request, holding the key by `claim`; `takenOver`
 * says an earlier request with this key died mid-way (the core operation resumes
 * from what it recorded under the same key). `replay`: the first definite answer.
 */
export type IdempotencyStart = { state: "new"; claim: string; takenOver: boolean } | { state: "replay"; status: number; body: unknown };

/**
 * Claims an idempotency key for a request (R8). New key: the caller runs the
 * request. Same key and body, finished: its first response is replayed. Same key,
 * different body: `idempotency_key_reused`. Same key still running under a live
 * lease: `idempotency_request_in_progress` with `retry_after_seconds`; under a
 * lapsed lease: taken over, and the caller runs the request again.
 */
export async function beginIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef, requestHash: string): Promise<IdempotencyStart> {
  const now = ctx.clock.now();
  const where = byRef(ref);
  const claim = randomToken(20);
  const leaseUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS);
  await ctx.db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  const claimed = await ctx.db
    .insert(idempotencyKeys)
    .values({ ...ref, requestHash, status: "running", claimId: claim, leaseUntil, createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return { state: "new", claim, takenOver: false };
  const [existing] = await ctx.db.select().from(idempotencyKeys).where(where);
  if (!existing) return beginIdempotentRequest(ctx, ref, requestHash); // expired or released in between
  if (existing.requestHash !== requestHash) {
    throw new DomainError("invalid", "idempotency_key_reused", "This Idempotency-Key was used for a different request; use a new key.");
  }
  if (existing.status === "done") return { state: "replay", status: existing.responseStatus!, body: existing.responseBody };
  if (existing.leaseUntil && existing.leaseUntil > now) {
    const retryAfterSeconds = Math.max(1, Math.ceil((existing.leaseUntil.getTime() - now.getTime()) / 1000));
    throw new DomainError("conflict", "idempotency_request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.", {
      retry_after_seconds: retryAfterSeconds,
    });
  }
  // The lease lapsed: its request died. Take the key over in one statement, so of
  // two retries racing for it exactly one wins; the loser sees a live lease.
  const takenOver = await ctx.db
    .update(idempotencyKeys)
    .set({ claimId: claim, leaseUntil })
    .where(and(where, eq(idempotencyKeys.status, "running"), or(isNull(idempotencyKeys.leaseUntil), lte(idempotencyKeys.leaseUntil, now))))
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length > 0) return { state: "new", claim, takenOver: true };
  return beginIdempotentRequest(ctx, ref, requestHash);
}

/** Extends a running request's lease; false when the key is no longer this request's (taken over, or gone). */
export async function renewIdempotentLease(ctx: CoreContext, ref: IdempotencyRef, claim: string): Promise<boolean> {
  const leaseUntil = new Date(ctx.clock.now().getTime() + IDEMPOTENCY_LEASE_MS);
  const renewed = await ctx.db.update(idempotencyKeys).set({ leaseUntil }).where(held(ref, claim)).returning({ key: idempotencyKeys.key });
  return renewed.length > 0;
}

/** Stores the definite response to replay for later requests with the same key. */
export async function completeIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef, claim: string, status: number, body: unknown): Promise<void> {
  await ctx.db.update(idempotencyKeys).set({ status: "done", responseStatus: status, responseBody: body, leaseUntil: null }).where(held(ref, claim));
}

/** Releases a key whose request got no definite answer (bad input, a failure on our side), so the client may send it again. */
export async function releaseIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef, claim: string): Promise<void> {
  await ctx.db.delete(idempotencyKeys).where(held(ref, claim));
}

function byRef(ref: IdempotencyRef) {
  return and(eq(idempotencyKeys.merchantId, ref.merchantId), eq(idempotencyKeys.caller, ref.caller), eq(idempotencyKeys.key, ref.key));
}

// Only the request holding the claim may touch a running key: one that was taken over must not overwrite its successor.
function held(ref: IdempotencyRef, claim: string) {
  return and(byRef(ref), eq(idempotencyKeys.status, "running"), eq(idempotencyKeys.claimId, claim));
}
