import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { coupons, subscriptionCoupons } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Subscription } from "./period-invoice.ts";

/**
 * Who is applying the coupon: a customer may use only coupons open to
 * customers; the shop (and the shop's retention offer, A1) may use any.
 */
export type CouponAppliedBy = "customer" | "shop" | "retention_offer";

/** Applies a coupon, by code or (for the retention offer) by id, at most once per subscription (S6, A1). */
export async function attachCoupon(tx: Transaction, sub: Subscription, input: ({ code: string } | { couponId: string }) & { at: Date; appliedBy: CouponAppliedBy }): Promise<void> {
  const which = "couponId" in input ? eq(coupons.id, input.couponId) : eq(coupons.code, input.code.toUpperCase());
  const label = "couponId" in input ? input.couponId : input.code;
  const [coupon] = await tx.select().from(coupons).where(and(eq(coupons.merchantId, sub.merchantId), which));
  // A deleted coupon is redeemed no more (where it is applied already it keeps its effect).
  if (!coupon || coupon.deletedAt !== null || (input.appliedBy === "customer" && !coupon.customerApplicable)) throw new DomainError("not_found", "coupon_not_found", `No coupon ${label}.`);
  if (coupon.kind === "amount" && coupon.currency !== sub.currency) throw new DomainError("invalid", "currency_mismatch", "This coupon is for another currency.");
  const existing = await tx.select({ id: subscriptionCoupons.id }).from(subscriptionCoupons).where(and(eq(subscriptionCoupons.subscriptionId, sub.id), eq(subscriptionCoupons.couponId, coupon.id)));
  if (existing.length) throw new DomainError("conflict", "coupon_already_applied", "This coupon was already used on this subscription.");
  await tx.insert(subscriptionCoupons).values({ id: newId("coupon"), merchantId: sub.merchantId, subscriptionId: sub.id, couponId: coupon.id, appliedAt: input.at });
}
