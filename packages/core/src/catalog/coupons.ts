import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { coupons } from "../db/schema/index.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money } from "../money.ts";
import { assertStorable } from "../storable.ts";

export interface CreateCouponInput {
  code: string;
  name: string;
  percentOffBps?: number | undefined;
  amountOff?: { amount: number; currency: string } | undefined;
  duration: "once" | "repeating" | "forever";
  durationCycles?: number | undefined;
  customerApplicable?: boolean | undefined;
}

/** Adds a coupon (S6, A1): a percentage or an amount off, once, for N cycles or forever. */
export async function createCoupon(ctx: CoreContext, merchantId: string, input: CreateCouponInput): Promise<{ id: string }> {
  assertStorable(input, "coupon");
  const percent = input.percentOffBps;
  if ((percent === undefined) === (input.amountOff === undefined)) {
    throw new DomainError("invalid", "invalid_coupon", "A coupon takes either a percentage or an amount off.");
  }
  if (percent !== undefined && (!Number.isInteger(percent) || percent < 1 || percent > 10_000)) {
    throw new DomainError("invalid", "invalid_coupon", "A percentage off is 1 to 10000 basis points.");
  }
  const amountOff = input.amountOff ? money(input.amountOff.amount, input.amountOff.currency) : null;
  if (amountOff && amountOff.amount < 1) throw new DomainError("invalid", "invalid_coupon", "An amount off must be positive.");
  if (input.duration === "repeating" && !(Number.isInteger(input.durationCycles) && input.durationCycles! >= 1 && input.durationCycles! <= 120)) {
    throw new DomainError("invalid", "invalid_coupon", "A repeating coupon lasts 1 to 120 billing cycles.");
  }
  if (!/^[A-Za-z0-9_-]{2,40}$/.test(input.code)) throw new DomainError("invalid", "invalid_coupon_code", "A code is 2 to 40 letters, digits, - or _.");
  const id = newId("coupon");
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.insert(coupons).values({
        id,
        merchantId,
        code: input.code.toUpperCase(),
        name: input.name,
        kind: percent !== undefined ? "percent" : "amount",
        percentOffBps: percent ?? null,
        amountOff: amountOff?.amount ?? null,
        currency: amountOff?.currency ?? null,
        duration: input.duration,
        durationCycles: input.duration === "repeating" ? input.durationCycles! : null,
        customerApplicable: input.customerApplicable ?? true,
        createdAt: ctx.clock.now(),
      });
      await recordAction(tx, ctx, { merchantId, action: "coupon.created", subjectId: id, details: { code: input.code.toUpperCase(), duration: input.duration } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("conflict", "coupon_code_taken", `There is already a coupon ${input.code.toUpperCase()}.`);
    throw error;
  }
  return { id };
}

/** A coupon of this merchant by code (case does not matter); not found otherwise. */
export async function findCouponByCode(ctx: CoreContext, merchantId: string, code: string) {
  const [row] = await ctx.db.select().from(coupons).where(and(eq(coupons.merchantId, merchantId), eq(coupons.code, code.toUpperCase())));
  if (!row || row.deletedAt !== null) throw new DomainError("not_found", "coupon_not_found", `No coupon ${code}.`);
  return row;
}
