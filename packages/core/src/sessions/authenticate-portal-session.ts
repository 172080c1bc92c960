import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { apiKeys, customers, merchants, portalSessions, testClocks, type SessionEndReason } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { resolveSettings } from "../settings.ts";
import type { SessionFlow } from "./create-portal-session.ts";
import { hashSessionToken, looksLikeSessionToken } from "./session-token.ts";

export interface AuthenticatedSession extends PortalScope {
  sessionId: string;
  flow: SessionFlow | null;
  flowSubjectId: string | null;
  limited: boolean;
  checkoutOrderId: string | null;
  returnUrl: string | null;
  locale: string | null;
  expiresAt: Date;
  /** The merchant's allowed browser origins (P5), for the caller's check. */
  allowedOrigins: string[];
}

/** Last-use times are written at most this often: a busy page does not write on every request. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Resolves a portal session token (P1, A8). Unknown tokens are `session_invalid`;
 * ended ones `session_revoked`; idle or past their lifetime `session_expired`
 * (all 401). A session whose API key was revoked, whose customer was blacklisted
 * or whose shop switched the portal off is ended here and then refused.
 */
export async function authenticatePortalSession(ctx: CoreContext, token: string | undefined): Promise<AuthenticatedSession> {
  if (!token) throw new DomainError("unauthenticated", "session_missing", "Send the portal session as `Authorization: Bearer <token>`.");
  if (!looksLikeSessionToken(token)) throw invalid();
  const [row] = await ctx.db
    .select({
      session: portalSessions,
      blacklistedAt: customers.blacklistedAt,
      settings: merchants.settings,
      overrides: customers.settingsOverrides,
      allowedOrigins: merchants.allowedOrigins,
      apiKeyRevokedAt: apiKeys.revokedAt,
      clockTime: testClocks.frozenAt,
    })
    .from(portalSessions)
    .innerJoin(customers, and(eq(customers.id, portalSessions.customerId), eq(customers.merchantId, portalSessions.merchantId)))
    .innerJoin(merchants, eq(merchants.id, portalSessions.merchantId))
    .leftJoin(apiKeys, eq(apiKeys.id, portalSessions.apiKeyId))
    .leftJoin(testClocks, and(eq(testClocks.id, customers.testClockId), eq(testClocks.merchantId, customers.merchantId)))
    .where(eq(portalSessions.tokenHash, hashSessionToken(token)))
    .limit(1);
  if (!row) throw invalid();
  const session = row.session;
  if (session.endedAt) {
    // Ended because the customer is blacklisted or the portal is off, and still so: say that, as a new session would.
    if (session.endReason === "blacklisted" && row.blacklistedAt) throw blacklisted();
    if (session.endReason === "portal_disabled" && !resolveSettings(row.settings, row.overrides).portalEnabled) throw portalDisabled();
    throw revoked(session.endReason);
  }
  if (row.apiKeyRevokedAt) {
    await endSession(ctx, session.id, "api_key_revoked");
    throw revoked("api_key_revoked");
  }
  if (row.blacklistedAt) {
    await endSession(ctx, session.id, "blacklisted");
    throw blacklisted();
  }
  if (!resolveSettings(row.settings, row.overrides).portalEnabled && session.source !== "payment_link") {
    await endSession(ctx, session.id, "portal_disabled");
    throw portalDisabled();
  }
  const wall = ctx.clock.now();
  const now = row.clockTime ?? wall;
  const idleEnd = session.lastUsedAt.getTime() + session.idleMinutes * 60_000;
  if (now.getTime() >= session.expiresAt.getTime() || wall.getTime() >= session.wallExpiresAt.getTime()) {
    throw new DomainError("unauthenticated", "session_expired", "The session has reached its maximum lifetime; sign in again.", { reason: "lifetime" });
  }
  if (now.getTime() >= idleEnd) throw new DomainError("unauthenticated", "session_expired", "The session ended after a period without use; sign in again.", { reason: "idle" });
  if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    await ctx.db.update(portalSessions).set({ lastUsedAt: now }).where(and(eq(portalSessions.id, session.id), isNull(portalSessions.endedAt)));
  }
  return {
    sessionId: session.id,
    merchantId: session.merchantId,
    customerId: session.customerId,
    flow: session.flow as SessionFlow | null,
    flowSubjectId: session.flowSubjectId,
    limited: session.limited,
    checkoutOrderId: session.checkoutOrderId,
    returnUrl: session.returnUrl,
    locale: session.locale,
    expiresAt: new Date(Math.min(session.expiresAt.getTime(), idleEnd)),
    allowedOrigins: row.allowedOrigins,
  };
}

async function endSession(ctx: CoreContext, sessionId: string, reason: SessionEndReason): Promise<void> {
  await ctx.db.update(portalSessions).set({ endedAt: ctx.clock.now(), endReason: reason }).where(and(eq(portalSessions.id, sessionId), isNull(portalSessions.endedAt)));
}

function invalid(): DomainError {
  return new DomainError("unauthenticated", "session_invalid", "The session is not known here.");
}

function revoked(reason: string | null): DomainError {
  if (reason === "logout") return new DomainError("unauthenticated", "session_logged_out", "You signed out of this session; sign in again to continue.");
  const message = reason === "logout" ? "You signed out of this session." : "This session was ended by the shop.";
  return new DomainError("unauthenticated", "session_revoked", message, { reason });
}

function blacklisted(): DomainError {
  return new DomainError("forbidden", "customer_blacklisted", "This customer may not use the billing portal.");
}

function portalDisabled(): DomainError {
  return new DomainError("forbidden", "portal_disabled", "This shop's billing portal is switched off.");
}
