import { and, asc, eq, isNull, lt, lte, or } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEvents } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { liveSecrets } from "./endpoints.ts";
import { signWebhook } from "./signing.ts";
import { resolvesToPrivate } from "./url-policy.ts";

/** Waits after the 1st, 2nd... failed try: 30 s, 2 min, 10 min, 1 h, 6 h, 24 h; the 7th failure is final (`failed`). */
export const WEBHOOK_BACKOFF_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000, 86_400_000] as const;
export const MAX_WEBHOOK_ATTEMPTS = WEBHOOK_BACKOFF_MS.length + 1;
/** A receiver has this long to answer (M4). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A worker's hold on a delivery while it waits for the receiver; past it another worker takes it over. */
const WEBHOOK_LEASE_MS = 60_000;
/** How much of a receiver's answer is kept with an attempt. */
const SNIPPET_CHARS = 200;

/** When the next try of a delivery that failed `attempts` times is due (from the injected clock). */
export function nextWebhookAttemptAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + WEBHOOK_BACKOFF_MS[Math.min(Math.max(attempts, 1), WEBHOOK_BACKOFF_MS.length) - 1]!);
}

type Claimed = {
  delivery: typeof webhookDeliveries.$inferSelect;
  token: string;
  url: string;
  secrets: string[];
  body: string;
  live: boolean;
};

/**
 * Sends due webhook deliveries (M4), as the outbox dispatcher sends e-mail: each
 * is claimed in a short transaction (SKIP LOCKED, a lease, a token), posted with
 * no transaction open (fetch, 10 s timeout), then the attempt and outcome are
 * recorded under the token. A 2xx is success; anything else backs off
 * (WEBHOOK_BACKOFF_MS) until MAX_WEBHOOK_ATTEMPTS, then the delivery is `failed`.
 */
export async function dispatchWebhooks(ctx: CoreContext, options: { limit?: number; timeoutMs?: number } = {}): Promise<{ succeeded: number; failed: number; dead: number }> {
  const outcome = { succeeded: 0, failed: 0, dead: 0 };
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const claim = await claimNext(ctx);
    if (!claim) break;
    if ("dead" in claim) {
      outcome.dead++;
      continue;
    }
    const result = await post(claim, options.timeoutMs ?? WEBHOOK_TIMEOUT_MS, ctx);
    const now = ctx.clock.now();
    const ok = result.error === null;
    const dead = !ok && claim.delivery.attempts >= MAX_WEBHOOK_ATTEMPTS;
    await ctx.db.transaction(async (tx) => {
      await tx.insert(webhookAttempts).values({ id: newId("wha"), deliveryId: claim.delivery.id, attemptedAt: result.startedAt, statusCode: result.status, durationMs: result.durationMs, error: result.error, responseSnippet: result.snippet });
      await tx
        .update(webhookDeliveries)
        .set({
          claimedUntil: null,
          claimToken: null,
          status: ok ? "succeeded" : dead ? "failed" : "pending",
          lastError: result.error,
          deliveredAt: ok ? now : null,
          nextAttemptAt: ok || dead ? null : nextWebhookAttemptAt(now, claim.delivery.attempts),
        })
        .where(and(eq(webhookDeliveries.id, claim.delivery.id), eq(webhookDeliveries.claimToken, claim.token)));
    });
    if (ok) outcome.succeeded++;
    else if (dead) outcome.dead++;
    else outcome.failed++;
  }
  return outcome;
}

async function claimNext(ctx: CoreContext): Promise<Claimed | { dead: true } | null> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          eq(webhookDeliveries.status, "pending"),
          or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now)),
          or(isNull(webhookDeliveries.claimedUntil), lt(webhookDeliveries.claimedUntil, now)),
        ),
      )
      .orderBy(asc(webhookDeliveries.createdAt), asc(webhookDeliveries.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId));
    const giveUp = (lastError: string) => tx.update(webhookDeliveries).set({ status: "failed", lastError, claimedUntil: null, claimToken: null, nextAttemptAt: null }).where(eq(webhookDeliveries.id, row.id));
    if (row.attempts >= MAX_WEBHOOK_ATTEMPTS) {
      await giveUp(row.lastError ?? "lease_expired");
      return { dead: true as const };
    }
    if (!endpoint || endpoint.disabled || endpoint.deletedAt) {
      await giveUp("endpoint_disabled");
      return { dead: true as const };
    }
    const [event] = await tx.select({ id: webhookEvents.id, payload: webhookEvents.payload }).from(webhookEvents).where(eq(webhookEvents.id, row.eventId));
    const [merchant] = await tx.select({ mode: merchants.mode }).from(merchants).where(eq(merchants.id, row.merchantId));
    const token = newId("clm");
    const claimed = { attempts: row.attempts + 1, claimedUntil: new Date(now.getTime() + WEBHOOK_LEASE_MS), claimToken: token };
    await tx.update(webhookDeliveries).set(claimed).where(eq(webhookDeliveries.id, row.id));
    return { delivery: { ...row, ...claimed }, token, url: endpoint.url, secrets: liveSecrets(ctx, endpoint, now), body: JSON.stringify(event!.payload), live: merchant?.mode === "live" };
  });
}

interface PostResult {
  startedAt: Date;
  status: number | null;
  durationMs: number;
  error: string | null;
  snippet: string | null;
}

async function post(claim: Claimed, timeoutMs: number, ctx: CoreContext): Promise<PostResult> {
  const startedAt = ctx.clock.now();
  const started = performance.now();
  const done = (status: number | null, error: string | null, snippet: string | null = null): PostResult => ({ startedAt, status, durationMs: Math.round(performance.now() - started), error, snippet });
  try {
    if (claim.live && (await resolvesToPrivate(claim.url))) return done(null, "blocked_address");
    // Standard Webhooks: the message id is the event id (receivers deduplicate on it), the timestamp is in seconds.
    const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
    const eventId = claim.delivery.eventId;
    const response = await fetch(claim.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Billfront-Webhooks/1",
        "webhook-id": eventId,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signWebhook(claim.secrets, eventId, timestamp, claim.body),
      },
      body: claim.body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text().catch(() => "");
    const snippet = text.slice(0, SNIPPET_CHARS) || null;
    return response.status >= 200 && response.status < 300 ? done(response.status, null, snippet) : done(response.status, `http_${response.status}`, snippet);
  } catch (error) {
    return done(null, errorClass(error));
  }
}

/** A failure as a short class, never a message (it can carry the URL's secrets or the receiver's words). */
function errorClass(error: unknown): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return "timeout";
  const cause = error instanceof Error ? (error as { cause?: { code?: unknown } }).cause : undefined;
  if (cause && typeof cause.code === "string") return cause.code;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "error";
}
