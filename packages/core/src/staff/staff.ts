import { assertFilterIds } from "../list-filters.ts";
import { recordAction } from "../audit/record-action.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { and, eq, gt, isNull, like, lt, sql, type SQL } from "drizzle-orm";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";
import type { CoreContext } from "../context.ts";
import { auditLog, customers, portalSessions, staffUsers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId, randomToken } from "../ids.ts";
import { hashApiKey } from "../merchants/api-keys.ts";
import { assertStorable } from "../storable.ts";

export type StaffRole = "agent" | "admin";

/** Who is acting on the merchant API: the owner's secret key (an admin) or a staff member. */
export interface StaffActor {
  merchantId: string;
  role: StaffRole;
  /** `api_key:<merchant>` or `staff:<id>`, written to the audit log and on money movements. */
  actor: string;
}

const STAFF_TOKEN_SHAPE = /^st_[0-9A-Za-z]{32}$/;

/** True when the string could be a staff token at all. */
export function looksLikeStaffToken(token: string): boolean {
  return STAFF_TOKEN_SHAPE.test(token);
}

/** Adds a staff member (M1) and returns their API token, shown once; only its hash is kept. */
export async function createStaffUser(ctx: CoreContext, merchantId: string, input: { email: string; name?: string | undefined; role: StaffRole }) {
  assertStorable(input, "staff member");
  const token = `st_${randomToken(32)}`;
  const id = newId("stf");
  await ctx.db.transaction(async (tx) => {
    // One staff member per address: sign-in and `staff disable --email` find people by it.
    const [taken] = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(eq(staffUsers.merchantId, merchantId), sql`lower(${staffUsers.email}) = lower(${input.email})`, isNull(staffUsers.disabledAt)))
      .limit(1);
    if (taken) throw new DomainError("conflict", "staff_email_taken", `A staff member with ${input.email} already exists.`);
    await tx.insert(staffUsers).values({ id, merchantId, email: input.email, name: input.name ?? null, role: input.role, tokenHash: hashApiKey(token), createdAt: ctx.clock.now() });
    await recordAction(tx, ctx, { merchantId, action: "staff_user.created", subjectId: id, details: { role: input.role } });
  });
  return { id, email: input.email, role: input.role, token };
}

/** Resolves a staff token to its merchant and role, or fails with `invalid_api_key`. */
export async function authenticateStaffToken(ctx: CoreContext, token: string): Promise<StaffActor> {
  const [row] = looksLikeStaffToken(token)
    ? await ctx.db.select().from(staffUsers).where(and(eq(staffUsers.tokenHash, hashApiKey(token)), isNull(staffUsers.disabledAt)))
    : [];
  if (!row) throw new DomainError("unauthenticated", "invalid_api_key", "The API key is missing, malformed, revoked or unknown.");
  return { merchantId: row.merchantId, role: row.role, actor: `staff:${row.id}` };
}

/** Refuses an admin-only action to an agent (M1) with 403 `admin_only`. */
export function requireAdmin(actor: StaffActor): void {
  if (actor.role !== "admin") throw new DomainError("forbidden", "admin_only", "Only an admin may do this.");
}

/** Blacklists a customer or lifts it (M1, admin only): a blacklisted customer cannot open the portal. */
export async function setCustomerBlacklisted(ctx: CoreContext, actor: StaffActor, input: { customerId: string; blacklisted: boolean }): Promise<void> {
  requireAdmin(actor);
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(customers)
      .set({ blacklistedAt: input.blacklisted ? ctx.clock.now() : null })
      .where(and(eq(customers.merchantId, actor.merchantId), eq(customers.id, input.customerId)))
      .returning({ id: customers.id });
    if (updated.length === 0) throw new DomainError("not_found", "customer_not_found", `No customer ${input.customerId}.`);
    // Blacklisting ends the customer's open sessions at once (A8); lifting it does not bring them back.
    if (input.blacklisted) await endSessions(tx, ctx.clock.now(), "blacklisted", and(eq(portalSessions.merchantId, actor.merchantId), eq(portalSessions.customerId, input.customerId))!);
    await recordAction(tx, ctx, { merchantId: actor.merchantId, customerId: input.customerId, action: input.blacklisted ? "customer.blacklisted" : "customer.unblacklisted", subjectId: input.customerId });
  });
}

export interface AuditFilter {
  customer?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  source?: "portal" | "staff" | "api" | "system" | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
}

export interface AuditEntryView {
  id: string;
  actor: string;
  source: "portal" | "staff" | "api" | "system";
  action: string;
  subject_id: string | null;
  customer_id: string | null;
  details: Record<string, unknown> | null;
  created_at: string;
}

/**
 * The merchant's audit log (M6), newest first, a page at a time: filtered by
 * customer, actor, action (exact, or `ticket.*` for a noun), source and time.
 */
export async function listAudit(ctx: CoreContext, merchantId: string, query: PageQuery & AuditFilter): Promise<Page<AuditEntryView>> {
  // Another tenant's customer is 404, as on every merchant list, never an empty page.
  await assertFilterIds(ctx.db, merchantId, { customerId: query.customer });
  const cols = { at: auditLog.createdAt, id: auditLog.id };
  const filters: (SQL | undefined)[] = [
    eq(auditLog.merchantId, merchantId),
    query.customer ? eq(auditLog.customerId, query.customer) : undefined,
    query.actor ? eq(auditLog.actor, query.actor) : undefined,
    query.action ? (query.action.endsWith(".*") ? like(auditLog.action, `${query.action.slice(0, -1).replace(/[%_\\]/g, "\\$&")}%`) : eq(auditLog.action, query.action)) : undefined,
    query.source ? eq(auditLog.source, query.source) : undefined,
    query.createdAfter ? gt(auditLog.createdAt, query.createdAfter) : undefined,
    query.createdBefore ? lt(auditLog.createdAt, query.createdBefore) : undefined,
    pageWhere(cols, query.cursor),
  ];
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...filters))
    .orderBy(...pageOrder(cols))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (r) => ({
    id: r.id,
    actor: r.actor,
    source: r.source,
    action: r.action,
    subject_id: r.subjectId,
    customer_id: r.customerId,
    details: r.details ?? null,
    created_at: r.createdAt.toISOString(),
  }));
}
