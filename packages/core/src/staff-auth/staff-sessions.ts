import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { createHash, timingSafeEqual } from "node:crypto";
import { recordAction } from "../audit/record-action.ts";
import { secretsOf, type CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { staffSessions, staffUsers, type StaffSessionEndReason } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId, randomToken } from "../ids.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import type { StaffActor } from "../staff/staff.ts";

export type StaffSessionKind = "cookie" | "embed";

/** What the console learns about its session (never the token or the CSRF token's hash). */
export interface StaffSessionView {
  id: string;
  kind: StaffSessionKind;
  staff: { id: string; email: string; name: string | null; role: "agent" | "admin" };
  merchant_id: string;
  created_at: string;
  /** When the session ends if nothing happens before (idle timeout), and at the latest (lifetime). */
  idle_expires_at: string;
  expires_at: string;
}

/** A staff session as the BFF uses it: who acts, and the CSRF hash a cookie session's unsafe requests must match. */
export interface AuthenticatedStaffSession {
  actor: StaffActor;
  session: StaffSessionView;
  csrfHash: string | null;
}

const COOKIE_TOKEN = /^bfss_[0-9A-Za-z]{43}$/;
const EMBED_TOKEN = /^sts_[0-9A-Za-z]{43}$/;

/** True when the string could be an embedding token (`sts_…`) at all. */
export function looksLikeStaffSessionToken(token: string): boolean {
  return EMBED_TOKEN.test(token);
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/**
 * The CSRF token of a cookie session: an HMAC of its token (so the console can
 * read it again with `GET /v1/staff/session` after a reload, while the database
 * keeps only its SHA-256).
 */
export function staffCsrfToken(ctx: CoreContext, token: string): string {
  return secretsOf(ctx).mac("staff_csrf", token).slice(0, 43);
}

/** Compares a presented CSRF token with a session's stored hash in constant time. */
export function csrfMatches(presented: string | undefined, csrfHash: string | null): boolean {
  if (!presented || !csrfHash) return false;
  const a = Buffer.from(sha256(presented), "hex");
  const b = Buffer.from(csrfHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Opens a staff session inside the caller's transaction: idle and lifetime from the merchant's settings, on the injected clock. */
export async function openStaffSession(
  ctx: CoreContext,
  tx: Executor,
  input: { merchantId: string; staffId: string; kind: StaffSessionKind },
): Promise<{ token: string; csrf: string | null; session: StaffSessionView }> {
  const settings = await loadSettings(tx, input.merchantId);
  const now = ctx.clock.now();
  const token = input.kind === "cookie" ? `bfss_${randomToken(43)}` : `sts_${randomToken(43)}`;
  const csrf = input.kind === "cookie" ? staffCsrfToken(ctx, token) : null;
  const [row] = await tx
    .insert(staffSessions)
    .values({
      id: newId("sss"),
      merchantId: input.merchantId,
      staffId: input.staffId,
      kind: input.kind,
      tokenHash: sha256(token),
      csrfHash: csrf ? sha256(csrf) : null,
      idleMinutes: settings.staffSessionIdleMinutes,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + settings.staffSessionLifetimeHours * 3_600_000),
    })
    .returning();
  const [staff] = await tx.select().from(staffUsers).where(eq(staffUsers.id, input.staffId));
  await recordAction(tx, ctx, {
    merchantId: input.merchantId,
    action: input.kind === "cookie" ? "staff_session.signed_in" : "staff_session.created",
    subjectId: row!.id,
    details: { staff_id: input.staffId },
    ...(input.kind === "cookie" ? { actor: { source: "staff" as const, id: `staff:${input.staffId}` } } : {}),
  });
  return { token, csrf, session: toView(row!, staff!) };
}

/**
 * Resolves a cookie (`bfss_…`) or embedding (`sts_…`) token to its staff
 * member and role. An unknown token is `invalid_api_key`; one that ended, sat
 * idle too long or outlived its lifetime is 401 `staff_session_expired` (and is
 * marked ended); a disabled staff member's is ended too. A good request moves
 * the idle deadline on.
 */
export async function authenticateStaffSession(ctx: CoreContext, token: string, kind: StaffSessionKind): Promise<AuthenticatedStaffSession> {
  const shape = kind === "cookie" ? COOKIE_TOKEN : EMBED_TOKEN;
  const [found] = shape.test(token)
    ? await ctx.db.select({ session: staffSessions, staff: staffUsers }).from(staffSessions).innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId)).where(and(eq(staffSessions.tokenHash, sha256(token)), eq(staffSessions.kind, kind)))
    : [];
  if (!found) throw new DomainError("unauthenticated", "invalid_api_key", "The session or API key is missing, malformed, revoked or unknown.");
  const { session, staff } = found;
  const now = ctx.clock.now();
  if (session.endedAt) throw expired();
  const reason: StaffSessionEndReason | null = staff.disabledAt
    ? "staff_disabled"
    : now.getTime() >= session.expiresAt.getTime()
      ? "expired"
      : now.getTime() >= session.lastSeenAt.getTime() + session.idleMinutes * 60_000
        ? "idle"
        : null;
  if (reason) {
    await endStaffSessions(ctx.db, now, reason, eq(staffSessions.id, session.id));
    throw expired();
  }
  const [seen] = await ctx.db.update(staffSessions).set({ lastSeenAt: now }).where(and(eq(staffSessions.id, session.id), isNull(staffSessions.endedAt))).returning();
  if (!seen) throw expired();
  return {
    actor: { merchantId: session.merchantId, role: staff.role, actor: `staff:${staff.id}` },
    session: toView(seen, staff),
    csrfHash: session.csrfHash,
  };
}

/** Ends a staff session on sign-out (only the caller's own). */
export async function endStaffSession(ctx: CoreContext, merchantId: string, sessionId: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const ended = await endStaffSessions(tx, ctx.clock.now(), "logout", and(eq(staffSessions.merchantId, merchantId), eq(staffSessions.id, sessionId))!);
    if (ended > 0) await recordAction(tx, ctx, { merchantId, action: "staff_session.signed_out", subjectId: sessionId });
  });
}

/** Ends every open staff session matching `where` (a sign-out, a disabled staff member); returns how many. */
export async function endStaffSessions(tx: Executor, now: Date, reason: StaffSessionEndReason, where: SQL): Promise<number> {
  const rows = await tx
    .update(staffSessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(where, isNull(staffSessions.endedAt)))
    .returning({ id: staffSessions.id });
  return rows.length;
}

/**
 * Embedding (M1): the merchant's server, with its secret key, mints a session
 * for one of its staff members (by id or e-mail) for `<billfront-console
 * token>` on its own back office. Same idle timeout and lifetime as a cookie
 * session; no CSRF token (a bearer token is never sent by the browser on its own).
 */
export async function createEmbedStaffSession(ctx: CoreContext, actor: StaffActor, who: { staffId?: string | undefined; email?: string | undefined }): Promise<{ token: string; session: StaffSessionView }> {
  if (!actor.actor.startsWith("api_key:")) throw new DomainError("forbidden", "secret_key_only", "Only the merchant's secret key may create staff sessions.");
  if (!who.staffId && !who.email) throw new DomainError("invalid", "staff_not_named", "Name the staff member by id or e-mail.");
  return ctx.db.transaction(async (tx) => {
    const match = who.staffId ? eq(staffUsers.id, who.staffId) : eqLower(who.email!);
    const [staff] = await tx.select().from(staffUsers).where(and(eq(staffUsers.merchantId, actor.merchantId), match, isNull(staffUsers.disabledAt)));
    if (!staff) throw new DomainError("not_found", "staff_not_found", `No active staff member ${who.staffId ?? who.email}.`);
    const { token, session } = await openStaffSession(ctx, tx, { merchantId: actor.merchantId, staffId: staff.id, kind: "embed" });
    return { token, session };
  });
}

function eqLower(email: string): SQL {
  return sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`;
}

function expired(): DomainError {
  return new DomainError("unauthenticated", "staff_session_expired", "Your staff session has ended; sign in again.");
}

function toView(row: typeof staffSessions.$inferSelect, staff: typeof staffUsers.$inferSelect): StaffSessionView {
  return {
    id: row.id,
    kind: row.kind,
    staff: { id: staff.id, email: staff.email, name: staff.name, role: staff.role },
    merchant_id: row.merchantId,
    created_at: row.createdAt.toISOString(),
    idle_expires_at: new Date(Math.min(row.lastSeenAt.getTime() + row.idleMinutes * 60_000, row.expiresAt.getTime())).toISOString(),
    expires_at: row.expiresAt.toISOString(),
  };
}
