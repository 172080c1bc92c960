import { and, asc, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import { endpointWants, recordAction } from "../audit/record-action.ts";
import { secretsOf, type CoreContext } from "../context.ts";
import { merchants, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents, type WebhookSecret } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import { requireAdmin, type StaffActor } from "../staff/staff.ts";
import { assertStorable } from "../storable.ts";
import { generateWebhookSecret } from "./signing.ts";
import { checkEndpointUrl } from "./url-policy.ts";

/** A rotated-out secret keeps signing this long, so receivers can move over (M4). */
export const SECRET_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  disabled: boolean;
  created_at: string;
  updated_at: string;
}

type EndpointRow = typeof webhookEndpoints.$inferSelect;

function view(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    enabled_events: row.enabledEvents,
    disabled: row.disabled,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const sealContext = (endpointId: string) => `webhook_secret:${endpointId}`;

/** The secrets that sign a delivery now: the current one and any rotated out less than 24 h ago. */
export function liveSecrets(ctx: CoreContext, row: Pick<EndpointRow, "id" | "secrets">, now: Date): string[] {
  const box = secretsOf(ctx);
  return row.secrets.filter((s) => !s.expiresAt || new Date(s.expiresAt) > now).map((s) => box.open(s.sealed, sealContext(row.id)));
}

async function merchantMode(ctx: CoreContext, merchantId: string): Promise<"test" | "live"> {
  const [merchant] = await ctx.db.select({ mode: merchants.mode }).from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) throw new DomainError("not_found", "merchant_not_found", "No such merchant.");
  return merchant.mode;
}

async function lockEndpoint(tx: Parameters<Parameters<CoreContext["db"]["transaction"]>[0]>[0], merchantId: string, id: string): Promise<EndpointRow> {
  const [row] = await tx
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, merchantId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)))
    .for("no key update");
  if (!row) throw new DomainError("not_found", "webhook_endpoint_not_found", `No webhook endpoint ${id}.`);
  return row;
}

export interface EndpointInput {
  url: string;
  enabledEvents: string[];
  description?: string | null | undefined;
  disabled?: boolean | undefined;
}

/** A new endpoint; its secret is in the answer this once (M4, admins only). */
export async function createWebhookEndpoint(ctx: CoreContext, actor: StaffActor, input: EndpointInput): Promise<WebhookEndpointView & { secret: string }> {
  requireAdmin(actor);
  assertStorable(input, "webhook endpoint");
  const url = checkEndpointUrl(input.url, await merchantMode(ctx, actor.merchantId));
  const secret = generateWebhookSecret();
  const id = newId("we");
  const now = ctx.clock.now();
  const sealed: WebhookSecret = { sealed: secretsOf(ctx).seal(secret, sealContext(id)), createdAt: now.toISOString(), expiresAt: null };
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ id, merchantId: actor.merchantId, url, description: input.description ?? null, enabledEvents: input.enabledEvents, disabled: input.disabled ?? false, secrets: [sealed], createdAt: now, updatedAt: now })
      .returning();
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "webhook_endpoint.created", subjectId: id, details: { url, enabled_events: input.enabledEvents } });
    return { ...view(row!), secret };
  });
}

export async function listWebhookEndpoints(ctx: CoreContext, actor: StaffActor, page: PageQuery): Promise<Page<WebhookEndpointView>> {
  requireAdmin(actor);
  const cols = { at: webhookEndpoints.createdAt, id: webhookEndpoints.id };
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.merchantId, actor.merchantId), isNull(webhookEndpoints.deletedAt), pageWhere(cols, page.cursor)))
    .orderBy(...pageOrder(cols))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, view);
}

export async function getWebhookEndpoint(ctx: CoreContext, actor: StaffActor, id: string): Promise<WebhookEndpointView> {
  requireAdmin(actor);
  const [row] = await ctx.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.merchantId, actor.merchantId), eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt)));
  if (!row) throw new DomainError("not_found", "webhook_endpoint_not_found", `No webhook endpoint ${id}.`);
  return view(row);
}

export async function updateWebhookEndpoint(ctx: CoreContext, actor: StaffActor, id: string, input: Partial<EndpointInput>): Promise<WebhookEndpointView> {
  requireAdmin(actor);
  assertStorable(input, "webhook endpoint");
  const url = input.url === undefined ? undefined : checkEndpointUrl(input.url, await merchantMode(ctx, actor.merchantId));
  return ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, actor.merchantId, id);
    const change = {
      ...(url !== undefined ? { url } : {}),
      ...(input.enabledEvents !== undefined ? { enabledEvents: input.enabledEvents } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
    };
    const [row] = await tx.update(webhookEndpoints).set({ ...change, updatedAt: ctx.clock.now() }).where(eq(webhookEndpoints.id, id)).returning();
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    for (const [key, after] of Object.entries(change)) {
      const old = (before as Record<string, unknown>)[key];
      if (JSON.stringify(old) !== JSON.stringify(after)) changed[key] = { before: old, after };
    }
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "webhook_endpoint.updated", subjectId: id, details: { changed } });
    return view(row!);
  });
}

/** Deletes an endpoint: it gets nothing more; its deliveries stay for the record. */
export async function deleteWebhookEndpoint(ctx: CoreContext, actor: StaffActor, id: string): Promise<{ id: string; deleted: true }> {
  requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    await lockEndpoint(tx, actor.merchantId, id);
    await tx.update(webhookEndpoints).set({ deletedAt: ctx.clock.now(), updatedAt: ctx.clock.now() }).where(eq(webhookEndpoints.id, id));
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "webhook_endpoint.deleted", subjectId: id });
    return { id, deleted: true as const };
  });
}

/** A new secret, shown once; the old ones keep signing for 24 h (every delivery carries one signature per live secret). */
export async function rotateWebhookSecret(ctx: CoreContext, actor: StaffActor, id: string): Promise<WebhookEndpointView & { secret: string; previous_secret_expires_at: string }> {
  requireAdmin(actor);
  const secret = generateWebhookSecret();
  return ctx.db.transaction(async (tx) => {
    const row = await lockEndpoint(tx, actor.merchantId, id);
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + SECRET_ROTATION_GRACE_MS).toISOString();
    const kept = row.secrets
      .filter((s) => !s.expiresAt || new Date(s.expiresAt) > now)
      .map((s) => ({ ...s, expiresAt: s.expiresAt && s.expiresAt < expiresAt ? s.expiresAt : expiresAt }));
    const secrets: WebhookSecret[] = [{ sealed: secretsOf(ctx).seal(secret, sealContext(id)), createdAt: now.toISOString(), expiresAt: null }, ...kept];
    const [updated] = await tx.update(webhookEndpoints).set({ secrets, updatedAt: now }).where(eq(webhookEndpoints.id, id)).returning();
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "webhook_endpoint.secret_rotated", subjectId: id, details: { previous_secret_expires_at: expiresAt } });
    return { ...view(updated!), secret, previous_secret_expires_at: expiresAt };
  });
}

export interface WebhookEventView {
  id: string;
  type: string;
  created_at: string;
  payload: Record<string, unknown>;
}

/** The merchant's events, newest first, optionally of one type (M4). */
export async function listWebhookEvents(ctx: CoreContext, actor: StaffActor, query: PageQuery & { type?: string | undefined }): Promise<Page<WebhookEventView>> {
  requireAdmin(actor);
  const cols = { at: webhookEvents.createdAt, id: webhookEvents.id };
  const filters: (SQL | undefined)[] = [eq(webhookEvents.merchantId, actor.merchantId), query.type ? eq(webhookEvents.type, query.type) : undefined, pageWhere(cols, query.cursor)];
  const rows = await ctx.db
    .select()
    .from(webhookEvents)
    .where(and(...filters))
    .orderBy(...pageOrder(cols))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => ({ id: r.id, type: r.type, created_at: r.createdAt.toISOString(), payload: r.payload }));
}

export interface WebhookDeliveryView {
  id: string;
  event_id: string;
  event_type: string;
  endpoint_id: string;
  status: "pending" | "succeeded" | "failed";
  attempt_count: number;
  next_attempt_at: string | null;
  delivered_at: string | null;
  created_at: string;
  attempts: { attempted_at: string; status_code: number | null; duration_ms: number; error: string | null; response_snippet: string | null }[];
}

/** One endpoint's deliveries, newest first, each with its attempts (M4). */
export async function listWebhookDeliveries(ctx: CoreContext, actor: StaffActor, endpointId: string, page: PageQuery): Promise<Page<WebhookDeliveryView>> {
  await getWebhookEndpoint(ctx, actor, endpointId);
  const cols = { at: webhookDeliveries.createdAt, id: webhookDeliveries.id };
  const rows = await ctx.db
    .select({ delivery: webhookDeliveries, type: webhookEvents.type })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.merchantId, actor.merchantId), eq(webhookDeliveries.endpointId, endpointId), pageWhere(cols, page.cursor)))
    .orderBy(...pageOrder(cols))
    .limit(page.limit + 1);
  const flat = rows.map((r) => ({ ...r.delivery, type: r.type }));
  const ids = flat.map((r) => r.id);
  const attempts = ids.length ? await ctx.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, ids)).orderBy(asc(webhookAttempts.attemptedAt), asc(webhookAttempts.id)) : [];
  return toPage(flat, page.limit, (r) => ({
    id: r.id,
    event_id: r.eventId,
    event_type: r.type,
    endpoint_id: r.endpointId,
    status: r.status,
    attempt_count: r.attempts,
    next_attempt_at: r.nextAttemptAt?.toISOString() ?? null,
    delivered_at: r.deliveredAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
    attempts: attempts
      .filter((a) => a.deliveryId === r.id)
      .map((a) => ({ attempted_at: a.attemptedAt.toISOString(), status_code: a.statusCode, duration_ms: a.durationMs, error: a.error, response_snippet: a.responseSnippet })),
  }));
}

/** Queues an event again: to one endpoint, or to every enabled endpoint that wants its type. */
export async function replayWebhookEvent(ctx: CoreContext, actor: StaffActor, eventId: string, input: { endpointId?: string | undefined }): Promise<{ event_id: string; deliveries: string[] }> {
  requireAdmin(actor);
  return ctx.db.transaction(async (tx) => {
    const [event] = await tx.select().from(webhookEvents).where(and(eq(webhookEvents.merchantId, actor.merchantId), eq(webhookEvents.id, eventId)));
    if (!event) throw new DomainError("not_found", "event_not_found", `No event ${eventId}.`);
    const live = await tx
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.merchantId, actor.merchantId), isNull(webhookEndpoints.deletedAt), ...(input.endpointId ? [eq(webhookEndpoints.id, input.endpointId)] : [eq(webhookEndpoints.disabled, false)])))
      .orderBy(desc(webhookEndpoints.createdAt));
    if (input.endpointId && live.length === 0) throw new DomainError("not_found", "webhook_endpoint_not_found", `No webhook endpoint ${input.endpointId}.`);
    const targets = input.endpointId ? live : live.filter((e) => endpointWants(e.enabledEvents, event.type));
    const now = ctx.clock.now();
    const ids = targets.map(() => newId("whd"));
    if (targets.length) {
      await tx.insert(webhookDeliveries).values(targets.map((e, i) => ({ id: ids[i]!, merchantId: actor.merchantId, eventId, endpointId: e.id, status: "pending" as const, createdAt: now })));
    }
    await recordAction(tx, ctx, { merchantId: actor.merchantId, action: "event.replayed", subjectId: eventId, details: { endpoints: targets.map((e) => e.id) } });
    return { event_id: eventId, deliveries: ids };
  });
}
