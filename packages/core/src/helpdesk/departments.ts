import { and, asc, eq, sql } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { departments } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { requireAdmin, type StaffActor } from "../staff/staff.ts";
import { assertStorable } from "../storable.ts";
import { createDepartment } from "./tickets.ts";
import type { DepartmentView } from "./views.ts";

/** A department as staff manage it (H1): archived ones included, with what an admin may do to it. */
export interface StaffDepartmentView extends DepartmentView {
  archived: boolean;
  created_at: string;
}

const NAME_MAX = 100;

function toView(row: typeof departments.$inferSelect): StaffDepartmentView {
  return { id: row.id, name: row.name, paid: row.paid, archived: row.archivedAt !== null, created_at: row.createdAt.toISOString() };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > NAME_MAX) throw new DomainError("invalid", "invalid_department_name", `A department name of 1 to ${NAME_MAX} characters is needed.`);
  return trimmed;
}

/** Every department of the merchant, archived last, for the staff inbox's filter and the admins' management (H1). */
export async function listStaffDepartments(ctx: CoreContext, merchantId: string): Promise<StaffDepartmentView[]> {
  const rows = await ctx.db
    .select()
    .from(departments)
    .where(eq(departments.merchantId, merchantId))
    .orderBy(sql`${departments.archivedAt} is not null`, asc(departments.name), asc(departments.id));
  return rows.map(toView);
}

/** An admin adds a department, paid (costs an incident per ticket, H3) or free (M1: agents are refused with `admin_only`). */
export async function createStaffDepartment(ctx: CoreContext, actor: StaffActor, input: { name: string; paid?: boolean | undefined }): Promise<StaffDepartmentView> {
  requireAdmin(actor);
  assertStorable(input, "department");
  const name = checkName(input.name);
  await assertUniqueName(ctx, actor.merchantId, name);
  const created = await createDepartment(ctx, actor.merchantId, { name, paid: input.paid ?? false });
  const [row] = await ctx.db.select().from(departments).where(and(eq(departments.merchantId, actor.merchantId), eq(departments.id, created.id)));
  return toView(row!);
}

/**
 * An admin renames a department, makes it paid or free, archives or restores it (M1, H1).
 * Archiving stops new tickets in it; its tickets (and their incidents) stay as they are.
 * Paid or free applies to tickets opened from now on: what earlier tickets cost is not changed.
 */
export async function updateDepartment(
  ctx: CoreContext,
  actor: StaffActor,
  departmentId: string,
  input: { name?: string | undefined; paid?: boolean | undefined; archived?: boolean | undefined },
): Promise<StaffDepartmentView> {
  requireAdmin(actor);
  assertStorable(input, "department");
  const name = input.name === undefined ? undefined : checkName(input.name);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(departments)
      .where(and(eq(departments.merchantId, actor.merchantId), eq(departments.id, departmentId)))
      .for("no key update");
    if (!row) throw new DomainError("not_found", "department_not_found", `No department ${departmentId}.`);
    if (name !== undefined && name.toLowerCase() !== row.name.toLowerCase()) await assertUniqueName(ctx, actor.merchantId, name, tx);
    const next = {
      name: name ?? row.name,
      paid: input.paid ?? row.paid,
      archivedAt: input.archived === undefined ? row.archivedAt : input.archived ? (row.archivedAt ?? ctx.clock.now()) : null,
    };
    await tx.update(departments).set(next).where(eq(departments.id, row.id));
    await recordAction(tx, ctx, {
      merchantId: actor.merchantId,
      action: "department.updated",
      subjectId: row.id,
      details: { before: { name: row.name, paid: row.paid, archived: row.archivedAt !== null }, after: { name: next.name, paid: next.paid, archived: next.archivedAt !== null } },
    });
    return toView({ ...row, ...next });
  });
}

async function assertUniqueName(ctx: CoreContext, merchantId: string, name: string, db: Executor = ctx.db): Promise<void> {
  const [taken] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.merchantId, merchantId), sql`lower(${departments.name}) = lower(${name})`))
    .limit(1);
  if (taken) throw new DomainError("conflict", "department_name_taken", `A department named ${name} already exists.`);
}
