import { and, eq, lt } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { idempotencyKeys } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/** How long a key and its response are kept (R8: at least 24 hours). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyRef {
  merchantId: string;
  caller: string;
  key: string;
}

export type IdempotencyStart = { state: "new" } | { state: "replay"; status: number; body: unknown };

/**
 * Claims an idempotency key for a request (R8). New key: the caller runs the
 * request. Same key and body, finished: its first response is replayed. Same key,
 * different body: `idempotency_key_reused`. Same key still running: `idempotency_request_in_progress`.
 */
export async function beginIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef, requestHash: string): Promise<IdempotencyStart> {
  const now = ctx.clock.now();
  const where = and(eq(idempotencyKeys.merchantId, ref.merchantId), eq(idempotencyKeys.caller, ref.caller), eq(idempotencyKeys.key, ref.key));
  await ctx.db.delete(idempotencyKeys).where(and(where, lt(idempotencyKeys.expiresAt, now)));
  const claimed = await ctx.db
    .insert(idempotencyKeys)
    .values({ ...ref, requestHash, status: "running", createdAt: now, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return { state: "new" };
  const [existing] = await ctx.db.select().from(idempotencyKeys).where(where);
  if (!existing) return beginIdempotentRequest(ctx, ref, requestHash); // expired and removed in between
  if (existing.requestHash !== requestHash) {
    throw new DomainError("invalid", "idempotency_key_reused", "This Idempotency-Key was used for a different request; use a new key.");
  }
  if (existing.status === "running") {
    throw new DomainError("conflict", "idempotency_request_in_progress", "A request with this Idempotency-Key is still being processed; retry shortly.");
  }
  return { state: "replay", status: existing.responseStatus!, body: existing.responseBody };
}

/** Stores the response to replay for later requests with the same key. */
export async function completeIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef, status: number, body: unknown): Promise<void> {
  await ctx.db
    .update(idempotencyKeys)
    .set({ status: "done", responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.merchantId, ref.merchantId), eq(idempotencyKeys.caller, ref.caller), eq(idempotencyKeys.key, ref.key)));
}

/** Releases a key whose request failed on our side, so the client can retry it. */
export async function releaseIdempotentRequest(ctx: CoreContext, ref: IdempotencyRef): Promise<void> {
  await ctx.db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.merchantId, ref.merchantId), eq(idempotencyKeys.caller, ref.caller), eq(idempotencyKeys.key, ref.key)));
}
