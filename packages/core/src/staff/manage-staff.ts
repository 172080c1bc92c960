import { and, asc, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { recordAction } from "../audit/record-action.ts";
import { staffSessions, staffUsers } from "../db/schema/index.ts";
import { endStaffSessions } from "../staff-auth/staff-sessions.ts";
import { DomainError } from "../errors.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";

export interface StaffUserView {
  id: string;
  email: string;
  name: string | null;
  role: "agent" | "admin";
  created_at: string;
  disabled_at: string | null;
}

function toView(row: typeof staffUsers.$inferSelect): StaffUserView {
  return { id: row.id, email: row.email, name: row.name, role: row.role, created_at: row.createdAt.toISOString(), disabled_at: row.disabledAt?.toISOString() ?? null };
}

/** One staff member of this merchant (another merchant's id is not found: null). */
export async function getStaffUser(ctx: CoreContext, merchantId: string, id: string): Promise<Pick<StaffUserView, "id" | "email" | "name"> | null> {
  const [row] = await ctx.db.select().from(staffUsers).where(and(eq(staffUsers.merchantId, merchantId), eq(staffUsers.id, id)));
  return row ? { id: row.id, email: row.email, name: row.name } : null;
}

/** The merchant's staff members, oldest first, disabled ones included (never their tokens). */
export async function listStaffUsers(ctx: CoreContext, merchantId: string): Promise<StaffUserView[]> {
  const rows = await ctx.db.select().from(staffUsers).where(eq(staffUsers.merchantId, merchantId)).orderBy(asc(staffUsers.createdAt), asc(staffUsers.id));
  return rows.map(toView);
}

/** The same members as cursor pages, newest first (`GET /v1/staff`, the console's staff list). */
export async function pageStaffUsers(ctx: CoreContext, merchantId: string, query: PageQuery): Promise<Page<StaffUserView>> {
  const cols = { at: staffUsers.createdAt, id: staffUsers.id };
  const rows = await ctx.db
    .select()
    .from(staffUsers)
    .where(and(eq(staffUsers.merchantId, merchantId), pageWhere(cols, query.cursor)))
    .orderBy(...pageOrder(cols))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toView);
}

/**
 * Disables a staff member, found by id (`stf_…`) or e-mail: their token stops
 * working on the next request (authenticateStaffToken skips disabled rows).
 * Disabling one already disabled changes nothing.
 */
export async function disableStaffUser(
  ctx: CoreContext,
  merchantId: string,
  who: { id?: string | undefined; email?: string | undefined },
  options: { byStaffId?: string | undefined } = {},
): Promise<StaffUserView> {
  if (!who.id && !who.email) throw new DomainError("invalid", "staff_not_named", "Name the staff member by id or e-mail.");
  return ctx.db.transaction(async (tx) => {
    const match = who.id ? eq(staffUsers.id, who.id) : eq(staffUsers.email, who.email!);
    const rows = await tx.select().from(staffUsers).where(and(eq(staffUsers.merchantId, merchantId), match)).for("update");
    if (rows.length === 0) throw new DomainError("not_found", "staff_not_found", `No staff member ${who.id ?? who.email}.`);
    if (rows.length > 1) throw new DomainError("conflict", "staff_ambiguous", `Several staff members have ${who.email}; name one by id.`);
    const row = rows[0]!;
    // An admin who disables themselves is locked out with nobody left to undo it.
    if (options.byStaffId && row.id === options.byStaffId) throw new DomainError("conflict", "staff_disable_self", "You cannot disable your own staff account.");
    if (row.disabledAt) return toView(row);
    const [updated] = await tx.update(staffUsers).set({ disabledAt: ctx.clock.now() }).where(eq(staffUsers.id, row.id)).returning();
    // Their console sessions (cookie and embedded) end with them (M1).
    await endStaffSessions(tx, ctx.clock.now(), "staff_disabled", and(eq(staffSessions.merchantId, merchantId), eq(staffSessions.staffId, row.id))!);
    await recordAction(tx, ctx, { merchantId, action: "staff_user.disabled", subjectId: row.id, details: { role: row.role } });
    return toView(updated!);
  });
}
