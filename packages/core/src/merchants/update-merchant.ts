import { and, eq, ne } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { coupons, departments, merchants, portalSessions, type MerchantSettings } from "../db/schema/index.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { DomainError } from "../errors.ts";
import { assertCurrency } from "../money.ts";
import { normaliseOrigin } from "./origins.ts";
import { assertStorable } from "../storable.ts";

/** Replaces the browser origins allowed to embed a merchant's portal (P5); returns them normalised. */
export async function setAllowedOrigins(ctx: CoreContext, merchantId: string, origins: string[]): Promise<string[]> {
  const normalised = [...new Set(origins.map(normaliseOrigin))];
  const updated = await ctx.db.update(merchants).set({ allowedOrigins: normalised }).where(eq(merchants.id, merchantId)).returning({ id: merchants.id });
  if (updated.length === 0) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
  return normalised;
}

/** Replaces a merchant's portal settings (P6); values left out fall back to the defaults. Every id a setting names must be the merchant's own. */
export async function setMerchantSettings(ctx: CoreContext, merchantId: string, settings: MerchantSettings): Promise<void> {
  assertStorable(settings, "settings");
  await ctx.db.transaction(async (tx) => {
    await assertSettingsReferences(tx, merchantId, settings);
    const updated = await tx.update(merchants).set({ settings }).where(eq(merchants.id, merchantId)).returning({ id: merchants.id });
    if (updated.length === 0) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    // Switching the portal off ends every open session (A8); payment-link sessions stay, as checkout does (O7).
    if (settings.portalEnabled === false) {
      await endSessions(tx, ctx.clock.now(), "portal_disabled", and(eq(portalSessions.merchantId, merchantId), ne(portalSessions.source, "payment_link"))!);
    }
  });
}

/**
 * A setting that names a department or a coupon is checked against the merchant:
 * a foreign id stored here would later file a customer's refund request in
 * another shop's helpdesk, or offer another shop's coupon.
 */
export async function assertSettingsReferences(db: Executor, merchantId: string, settings: MerchantSettings): Promise<void> {
  for (const setting of ["refundDepartmentId", "cancellationDepartmentId"] as const) {
    const id = settings[setting];
    if (id == null) continue;
    const [row] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.merchantId, merchantId), eq(departments.id, id)));
    if (!row) throw new DomainError("invalid", "department_not_found", `${setting}: no department ${id}.`, { setting, department: id });
  }
  if (settings.retentionCouponId != null) {
    const id = settings.retentionCouponId;
    const [row] = await db.select({ id: coupons.id }).from(coupons).where(and(eq(coupons.merchantId, merchantId), eq(coupons.id, id)));
    if (!row) throw new DomainError("invalid", "coupon_not_found", `retentionCouponId: no coupon ${id}.`, { setting: "retentionCouponId", coupon: id });
  }
  if (settings.incidentsForFunds) assertCurrency(settings.incidentsForFunds.currency);
}
