import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { auditLog, customers, merchants, webhookDeliveries, webhookEndpoints, webhookEvents } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import type { TemplateVars } from "../notifications/templates/vars.ts";
import { resolveSettings, type ActivityEmails } from "../settings.ts";
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

/** Portal actions the merchant may ask to be e-mailed about (M5 `activityEmails`), and under which switch. */
const ACTIVITY: Record<string, { setting: keyof ActivityEmails; kind: TemplateVars["merchant_activity"]["kind"] }> = {
  "invoice.paid": { setting: "payments", kind: "payment" },
  "invoices.paid": { setting: "payments", kind: "payment" },
  "balance.topped_up": { setting: "payments", kind: "payment" },
  "refund.requested": { setting: "requests", kind: "refund_request" },
  "cancellation.requested": { setting: "requests", kind: "cancellation_request" },
  "ticket.opened": { setting: "tickets", kind: "ticket" },
  "ticket.replied": { setting: "tickets", kind: "ticket_reply" },
};

/** Whether an endpoint's `enabled_events` list admits an event type (`*`, `payment.*` or the exact type). */
export function endpointWants(enabled: readonly string[], type: string): boolean {
  return enabled.some((e) => e === "*" || e === type || (e.endsWith(".*") && type.startsWith(e.slice(0, -1))));
}

/**
 * Records one action (M6 audit, A9 source) in the caller's transaction, so the
 * record exists exactly when the change committed. Every mutating core
 * operation calls this once, inside its own transaction. The same call writes
 * the action's webhook event and one pending delivery per enabled endpoint
 * that wants it (M4), and, for portal activity the merchant asked about, an
 * e-mail to the notify addresses (M5).
 */
export async function recordAction(tx: Tx, ctx: Pick<CoreContext, "clock">, entry: ActionEntry): Promise<void> {
  const actor = entry.actor ?? currentActor();
  const now = ctx.clock.now();
  const subjectId = entry.subjectId ?? null;
  const customerId = entry.customerId ?? null;
  const details = entry.details ?? null;
  await tx.insert(auditLog).values({
    id: newId("aud"),
    merchantId: entry.merchantId,
    actor: actor.id,
    source: actor.source,
    action: entry.action,
    subjectId,
    customerId,
    details,
    createdAt: now,
  });
  const endpoints = await tx
    .select({ id: webhookEndpoints.id, enabledEvents: webhookEndpoints.enabledEvents })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, entry.merchantId), eq(webhookEndpoints.disabled, false), isNull(webhookEndpoints.deletedAt)));
  const eventId = newId("msg");
  await tx.insert(webhookEvents).values({
    id: eventId,
    merchantId: entry.merchantId,
    type: entry.action,
    payload: { type: entry.action, timestamp: now.toISOString(), data: { subject: subjectId, customer: customerId, source: actor.source, actor: actor.id, details } },
    createdAt: now,
  });
  const wanting = endpoints.filter((e) => endpointWants(e.enabledEvents, entry.action));
  if (wanting.length > 0) {
    await tx
      .insert(webhookDeliveries)
      .values(wanting.map((e) => ({ id: newId("whd"), merchantId: entry.merchantId, eventId, endpointId: e.id, status: "pending" as const, createdAt: now })));
  }
  const activity = ACTIVITY[entry.action];
  if (activity && actor.source === "portal") await queueActivityEmail(tx, now, entry, activity);
}

async function queueActivityEmail(tx: Tx, now: Date, entry: ActionEntry, activity: (typeof ACTIVITY)[string]): Promise<void> {
  const [merchant] = await tx.select({ settings: merchants.settings, notifyEmails: merchants.notifyEmails }).from(merchants).where(eq(merchants.id, entry.merchantId));
  if (!merchant || !resolveSettings(merchant.settings).activityEmails[activity.setting] || merchant.notifyEmails.length === 0) return;
  const [customer] = entry.customerId
    ? await tx.select({ name: customers.name, email: customers.email }).from(customers).where(and(eq(customers.merchantId, entry.merchantId), eq(customers.id, entry.customerId)))
    : [];
  const summary = typeof entry.details?.["summary"] === "string" ? entry.details["summary"] : (entry.subjectId ?? entry.action);
  for (const to of merchant.notifyEmails) {
    await queueMessage(tx as never, {
      merchantId: entry.merchantId,
      to,
      template: "merchant_activity",
      vars: { kind: activity.kind, customer: customer?.name || customer?.email || entry.customerId || "A customer", subject: summary },
      subjectId: entry.subjectId,
      at: now,
      channels: ["email"],
    });
  }
}
