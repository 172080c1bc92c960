import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../../context.ts";
import type { Executor, Transaction } from "../../db/open.ts";
import { gatewayAttempts, GATEWAY_ATTEMPT_PURPOSES } from "../../db/schema/index.ts";
import { DomainError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { finishAttempt } from "./finish-attempt.ts";
import { recordMoneyAction } from "./record-money-action.ts";

export type GatewayAttempt = typeof gatewayAttempts.$inferSelect;
export type AttemptPurpose = (typeof GATEWAY_ATTEMPT_PURPOSES)[number];

/** What a money operation asks the gateway for, decided under its locks. */
export interface AttemptSpec {
  kind: GatewayAttempt["kind"];
  amount: number;
  currency: string;
  paymentMethodId?: string | null;
  paymentId?: string | null;
  subscriptionId?: string | null;
  try?: number;
  target: Record<string, unknown>;
  source: GatewayAttempt["source"];
  actor: string | null;
  at: Date;
}

/** The first phase's answer: a gateway call to make, or a result reached without one (paid from credit, say). */
export type Prepared<R> = { attempt: AttemptSpec } | { result: R };

/**
 * Runs one money movement by the money pattern (DESIGN.md): `prepare` guards,
 * locks in the documented order, re-checks and decides (one transaction, which
 * also writes the attempt row and commits it); then the gateway is called with
 * no transaction open, and the outcome is booked under the lock
 * (finishAttempt). The same idempotency key is the same operation: a retry
 * after success replays the booked result, a retry after a crash finishes the
 * attempt the first request left, and two racing requests make one attempt.
 */
export async function runMoneyMovement<R>(
  ctx: CoreContext,
  scope: PortalScope,
  operation: { purpose: AttemptPurpose; idempotencyKey: string },
  prepare: (tx: Transaction) => Promise<Prepared<R>>,
): Promise<R> {
  const existing = await findAttempt(ctx.db, scope, operation.idempotencyKey);
  if (existing) return resume<R>(ctx, existing, operation.purpose);
  let attemptId: string | null;
  try {
    attemptId = await ctx.db.transaction(async (tx) => {
      const decided = await prepare(tx);
      if ("attempt" in decided) return (await insertAttempt(tx, scope, operation, decided.attempt)).id;
      // Settled without the gateway (account credit, say): still recorded, so the key replays this answer.
      const settled = await insertSettled(tx, scope, operation, decided.result as Record<string, unknown>, ctx.clock.now());
      const result = decided.result as Record<string, unknown>;
      // Paid from credit: no gateway amount, the balance paid it all.
      await recordMoneyAction(tx, ctx, scope, { ...settled, amount: typeof result["balance_applied"] === "number" ? result["balance_applied"] : 0, currency: typeof (result["balance"] as { currency?: unknown } | undefined)?.currency === "string" ? (result["balance"] as { currency: string }).currency : settled.currency }, "approved", result);
      return null;
    });
  } catch (error) {
    // A request with the same key got there first (its attempt is what made this one's checks fail,
    // or its row is what the insert collided with): this request is that operation.
    const raced = await findAttempt(ctx.db, scope, operation.idempotencyKey);
    if (raced) return resume<R>(ctx, raced, operation.purpose);
    throw error;
  }
  if (attemptId === null) return (await findAttempt(ctx.db, scope, operation.idempotencyKey))!.result as R;
  return (await finishAttempt(ctx, attemptId)) as R;
}

async function resume<R>(ctx: CoreContext, attempt: GatewayAttempt, purpose: AttemptPurpose): Promise<R> {
  if (attempt.purpose !== purpose) {
    throw new DomainError("invalid", "idempotency_key_reused", "This idempotency key was used for a different operation; use a new key.");
  }
  return (await finishAttempt(ctx, attempt.id)) as R;
}

/** The attempt a customer's idempotency key made, if any. */
export async function findAttempt(db: Executor, scope: PortalScope, idempotencyKey: string): Promise<GatewayAttempt | undefined> {
  const [row] = await db
    .select()
    .from(gatewayAttempts)
    .where(and(eq(gatewayAttempts.merchantId, scope.merchantId), eq(gatewayAttempts.customerId, scope.customerId), eq(gatewayAttempts.idempotencyKey, idempotencyKey)));
  return row;
}

/** Writes a started attempt inside the caller's transaction (the job that runs outside it is made durable by its commit). */
export async function insertAttempt(
  tx: Transaction,
  scope: PortalScope,
  operation: { purpose: AttemptPurpose; idempotencyKey: string },
  spec: AttemptSpec,
  settled?: { result: Record<string, unknown> },
): Promise<GatewayAttempt> {
  const id = newId("gwa");
  const [row] = await tx
    .insert(gatewayAttempts)
    .values({
      id,
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      kind: spec.kind,
      purpose: operation.purpose,
      idempotencyKey: operation.idempotencyKey,
      gatewayKey: id,
      amount: spec.amount,
      currency: spec.currency,
      paymentMethodId: spec.paymentMethodId ?? null,
      paymentId: spec.paymentId ?? null,
      subscriptionId: spec.subscriptionId ?? null,
      try: spec.try ?? 1,
      target: spec.target,
      status: settled ? "done" : "started",
      result: settled?.result ?? null,
      source: spec.source,
      actor: spec.actor,
      createdAt: spec.at,
      finishedAt: settled ? spec.at : null,
    })
    .returning();
  return row!;
}

/** An operation settled without the gateway, recorded done with its answer (kind `none`, nothing to call). */
function insertSettled(tx: Transaction, scope: PortalScope, operation: { purpose: AttemptPurpose; idempotencyKey: string }, result: Record<string, unknown>, at: Date) {
  return insertAttempt(tx, scope, operation, { kind: "none", amount: 0, currency: "XXX", target: {}, source: "system", actor: null, at }, { result });
}
