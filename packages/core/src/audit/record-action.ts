import type { CoreContext } from "../context.ts";
import { auditLog } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { currentActor, type Actor } from "./actor.ts";

/** A transaction handle (or the database) as core operations pass it around. */
type Tx = Pick<CoreContext["db"], "insert" | "select" | "update" | "execute">;

export interface ActionEntry {
  merchantId: string;
  /** Domain action name, dot-separated and past tense: `payment.refunded`, `subscription.paused`, `ticket.replied`. */
  action: string;
  /** The row the action is about (`pay_…`, `sub_…`, `cus_…`). */
  subjectId?: string | null | undefined;
  /** The customer the action concerns, when there is one (audit log filter). */
  customerId?: string | null | undefined;
  /** Before/after values where they matter (changed fields, amounts); never secrets or card data. */
  details?: Record<string, unknown> | undefined;
  /** Overrides the actor of the current `runAs` scope. */
  actor?: Actor | undefined;
}

/**
 * Records one action (M6 audit, A9 source) in the caller's transaction, so the
 * record exists exactly when the change committed. Every mutating core
 * operation calls this once, inside its own transaction.
 */
export async function recordAction(tx: Tx, ctx: Pick<CoreContext, "clock">, entry: ActionEntry): Promise<void> {
  const actor = entry.actor ?? currentActor();
  await tx.insert(auditLog).values({
    id: newId("aud"),
    merchantId: entry.merchantId,
    actor: actor.id,
    source: actor.source,
    action: entry.action,
    subjectId: entry.subjectId ?? null,
    details: entry.details ?? null,
    createdAt: ctx.clock.now(),
  });
}
