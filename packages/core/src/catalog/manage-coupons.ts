import { and, eq, isNull } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { coupons } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import type { Money } from "../money.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";

export interface CouponView {
  id: string;
  code: string;
  name: string;
  kind: "percent" | "amount";
  percent_off_bps: number | null;
  amount_off: Money | null;
  duration: "once" | "repeating" | "forever";
  duration_cycles: number | null;
  customer_applicable: boolean;
  created_at: string;
  /** Set once deleted: redeemed no more, still discounting where it was applied. */
  deleted_at: string | null;
}

export function toCouponView(row: typeof coupons.$inferSelect): CouponView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    percent_off_bps: row.percentOffBps,
    amount_off: row.amountOff !== null && row.currency ? { amount: row.amountOff, currency: row.currency } : null,
    duration: row.duration,
    duration_cycles: row.durationCycles,
    customer_applicable: row.customerApplicable,
    created_at: row.createdAt.toISOString(),
    deleted_at: row.deletedAt?.toISOString() ?? null,
  };
}

/** The merchant's coupons, newest first, one page at a time; deleted ones only with `includeDeleted`. */
export async function listCoupons(ctx: CoreContext, merchantId: string, query: PageQuery & { includeDeleted?: boolean | undefined }): Promise<Page<CouponView>> {
  const columns = { at: coupons.createdAt, id: coupons.id };
  const rows = await ctx.db
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), ...(query.includeDeleted ? [] : [isNull(coupons.deletedAt)]), pageWhere(columns, query.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, toCouponView);
}

/**
 * Deletes a coupon: from now on nobody can redeem it (by code, at checkout, or
 * as the retention offer), while subscriptions it is already applied to keep
 * the discount they were given for its agreed duration. The row stays (its
 * code stays taken) so invoices that show it remain explained.
 */
export async function deleteCoupon(ctx: CoreContext, merchantId: string, couponId: string): Promise<CouponView> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(coupons).where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, couponId))).for("no key update");
    if (!row) throw new DomainError("not_found", "coupon_not_found", `No coupon ${couponId}.`);
    if (row.deletedAt) throw new DomainError("conflict", "coupon_deleted", "This coupon is deleted already.");
    const [after] = await tx.update(coupons).set({ deletedAt: ctx.clock.now() }).where(eq(coupons.id, row.id)).returning();
    await recordAction(tx, ctx, { merchantId, action: "coupon.deleted", subjectId: row.id, details: { code: row.code } });
    return toCouponView(after!);
  });
}
