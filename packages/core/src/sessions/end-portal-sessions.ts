import { recordAction } from "../audit/record-action.ts";
import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers, portalSessions, type SessionEndReason } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import { toSessionView, type PortalSessionView } from "./views.ts";

/** The customer signs out (A8): this session ends at once. */
export async function logoutPortalSession(ctx: CoreContext, scope: PortalScope & { sessionId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await endSessions(tx, ctx.clock.now(), "logout", and(eq(portalSessions.merchantId, scope.merchantId), eq(portalSessions.customerId, scope.customerId), eq(portalSessions.id, scope.sessionId))!);
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "session.logged_out", subjectId: scope.sessionId });
  });
}

/** The merchant ends one session (A8); another merchant's session is "not found". */
export async function revokePortalSession(ctx: CoreContext, merchantId: string, sessionId: string): Promise<PortalSessionView> {
  return ctx.db.transaction(async (tx) => {
    const ended = await endSessions(tx, ctx.clock.now(), "merchant", and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.id, sessionId))!);
    const [row] = ended.length > 0 ? ended : await tx.select().from(portalSessions).where(and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.id, sessionId)));
    if (!row) throw new DomainError("not_found", "session_not_found", `No session ${sessionId}.`);
    await recordAction(tx, ctx, { merchantId, customerId: row.customerId, action: "session.revoked", subjectId: sessionId, details: { was_open: ended.length > 0 } });
    return toSessionView(row);
  });
}

/** The merchant ends every open session of one customer (A8); returns how many ended. */
export async function revokeCustomerSessions(ctx: CoreContext, merchantId: string, customerId: string, reason: SessionEndReason = "merchant"): Promise<{ revoked: number }> {
  await assertCustomer(ctx.db, merchantId, customerId);
  return ctx.db.transaction(async (tx) => {
    const ended = await endSessions(tx, ctx.clock.now(), reason, and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.customerId, customerId))!);
    await recordAction(tx, ctx, { merchantId, customerId, action: "customer.sessions_revoked", subjectId: customerId, details: { revoked: ended.length, reason } });
    return { revoked: ended.length };
  });
}

/** A customer's sessions, newest first, for the merchant (open and ended). */
export async function listCustomerSessions(ctx: CoreContext, merchantId: string, customerId: string, page: PageQuery): Promise<Page<PortalSessionView>> {
  await assertCustomer(ctx.db, merchantId, customerId);
  const columns = { at: portalSessions.createdAt, id: portalSessions.id };
  const rows = await ctx.db
    .select()
    .from(portalSessions)
    .where(and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.customerId, customerId), pageWhere(columns, page.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, toSessionView);
}

/** Ends the open sessions matching `where`, inside the caller's transaction when given one (blacklisting, portal off, a key revoked). */
export async function endSessions(db: Executor, at: Date, reason: SessionEndReason, where: SQL) {
  return db.update(portalSessions).set({ endedAt: at, endReason: reason }).where(and(where, isNull(portalSessions.endedAt))).returning();
}

async function assertCustomer(db: Executor, merchantId: string, customerId: string): Promise<void> {
  const [row] = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)));
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${customerId}.`);
}
