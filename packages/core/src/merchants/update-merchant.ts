import { recordAction } from "../audit/record-action.ts";
import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customTabsSchema, MAX_CUSTOM_TABS, portalSlugSchema, subscriptionActionsSchema } from "../api-schemas.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { coupons, customers, departments, merchants, portalSessions, pricePoints, products, type MerchantSettings } from "../db/schema/index.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { DomainError } from "../errors.ts";
import { assertCurrency } from "../money.ts";
import { isOriginAllowed, normaliseOrigin } from "./origins.ts";
import { resolveSettings, type PortalSettings } from "../settings.ts";
import { assertStorable } from "../storable.ts";

/** Replaces the browser origins allowed to embed a merchant's portal (P5); returns them normalised. */
export async function setAllowedOrigins(ctx: CoreContext, merchantId: string, origins: string[]): Promise<string[]> {
  const normalised = [...new Set(origins.map(normaliseOrigin))];
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ allowedOrigins: merchants.allowedOrigins }).from(merchants).where(eq(merchants.id, merchantId)).for("no key update");
    if (!before) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    await tx.update(merchants).set({ allowedOrigins: normalised }).where(eq(merchants.id, merchantId));
    await recordAction(tx, ctx, { merchantId, action: "merchant.allowed_origins_updated", subjectId: merchantId, details: { before: before.allowedOrigins, after: normalised } });
  });
  return normalised;
}

/** Replaces a merchant's portal settings (P6); values left out fall back to the defaults. Every id a setting names must be the merchant's own. */
export async function setMerchantSettings(ctx: CoreContext, merchantId: string, settings: MerchantSettings): Promise<void> {
  await writeSettings(ctx, merchantId, () => settings);
}

/**
 * Changes some of a merchant's portal settings (P6, PUT /v1/settings): the keys
 * given replace the stored ones, the rest stay as they were (and keys never set
 * keep following the defaults). Returns the settings now in force.
 */
export async function updateMerchantSettings(ctx: CoreContext, merchantId: string, patch: MerchantSettings): Promise<PortalSettings> {
  const written = await writeSettings(ctx, merchantId, (stored) => {
    const merged: Record<string, unknown> = { ...stored };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) merged[key] = value;
    // Field access merges like the top level: fields left out keep their current access (A3).
    if (patch.customerFields) merged.customerFields = { ...stored.customerFields, ...patch.customerFields };
    return merged as MerchantSettings;
  });
  return resolveSettings(written);
}

/** Under the merchant's row lock: the new settings from the stored ones, checked, written. */
async function writeSettings(ctx: CoreContext, merchantId: string, next: (stored: MerchantSettings) => MerchantSettings): Promise<MerchantSettings> {
  try {
    return await ctx.db.transaction(async (tx) => {
      const [merchant] = await tx
        .select({ settings: merchants.settings, allowedOrigins: merchants.allowedOrigins })
        .from(merchants)
        .where(eq(merchants.id, merchantId))
        .for("no key update");
      if (!merchant) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
      const settings = next(merchant.settings);
      assertStorable(settings, "settings");
      assertSettingsValues(settings, merchant.allowedOrigins);
      await assertSettingsReferences(tx, merchantId, settings);
      if (settings.portalSlug != null) await assertSlugFree(tx, merchantId, settings.portalSlug);
      await tx.update(merchants).set({ settings }).where(eq(merchants.id, merchantId));
      // The keys that changed, with their values before and after (M6).
      const changed: Record<string, { before: unknown; after: unknown }> = {};
      for (const key of new Set([...Object.keys(merchant.settings), ...Object.keys(settings)])) {
        const before = (merchant.settings as Record<string, unknown>)[key] ?? null;
        const after = (settings as Record<string, unknown>)[key] ?? null;
        if (JSON.stringify(before) !== JSON.stringify(after)) changed[key] = { before, after };
      }
      await recordAction(tx, ctx, { merchantId, action: "settings.updated", subjectId: merchantId, details: { changed } });
      // Switching the portal off ends every open session (A8); payment-link sessions stay, as checkout does (O7).
      if (settings.portalEnabled === false) {
        // A customer whose own override keeps the portal on (A4) keeps their sessions.
        const keptOn = tx.select({ id: customers.id }).from(customers).where(and(eq(customers.merchantId, merchantId), sql`${customers.settingsOverrides} ->> 'portalEnabled' = 'true'`));
        await endSessions(tx, ctx.clock.now(), "portal_disabled", and(eq(portalSessions.merchantId, merchantId), ne(portalSessions.source, "payment_link"), notInArray(portalSessions.customerId, keptOn))!);
      }
      return settings;
    });
  } catch (error) {
    // Two shops claiming one address at the same moment: the unique index decides, the loser hears what a late one hears.
    if (isUniqueViolation(error)) throw new DomainError("conflict", "portal_slug_taken", "Another shop already uses that portal address.", { setting: "portalSlug" });
    throw error;
  }
}

/**
 * What core guarantees of any settings, however they arrive: a portal slug fit
 * for a URL, and custom tabs that lead to https pages or to the merchant's own
 * allowed origins (a tab is a link the shop puts in front of its customers).
 */
export function assertSettingsValues(settings: MerchantSettings, allowedOrigins: readonly string[]): void {
  if (settings.portalSlug != null && !portalSlugSchema.safeParse(settings.portalSlug).success) {
    throw new DomainError("invalid", "invalid_portal_slug", "A portal slug is 3 to 40 lowercase letters, digits and single hyphens.", { setting: "portalSlug" });
  }
  if (settings.customTabs !== undefined) {
    if (!customTabsSchema.safeParse(settings.customTabs).success) {
      throw new DomainError("invalid", "invalid_custom_tabs", `Give at most ${MAX_CUSTOM_TABS} tabs, each with a label and an address.`, { setting: "customTabs" });
    }
    for (const tab of settings.customTabs) {
      const url = new URL(tab.url);
      if (url.username || url.password || (url.protocol !== "https:" && !isOriginAllowed(allowedOrigins, url.origin))) {
        throw new DomainError("invalid", "custom_tab_url_not_allowed", `${url.origin} is neither https nor one of the shop's allowed origins.`, { setting: "customTabs", url: url.origin });
      }
    }
  }
  if (settings.subscriptionActions !== undefined && !subscriptionActionsSchema.safeParse(settings.subscriptionActions).success) {
    throw new DomainError("invalid", "invalid_subscription_actions", "Name subscription actions with the statuses and billing modes they are offered in.", { setting: "subscriptionActions" });
  }
}

async function assertSlugFree(db: Executor, merchantId: string, slug: string): Promise<void> {
  const [other] = await db
    .select({ id: merchants.id })
    .from(merchants)
    .where(and(sql`${merchants.settings} ->> 'portalSlug' = ${slug}`, ne(merchants.id, merchantId)))
    .limit(1);
  if (other) throw new DomainError("conflict", "portal_slug_taken", `Another shop already uses the portal address ${slug}.`, { setting: "portalSlug" });
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
  for (const setting of ["planChangeTargets", "addonsAllowed", "newSubscriptionPlans"] as const) {
    const ids = [...new Set(settings[setting] ?? [])];
    if (ids.length === 0) continue;
    const [prices, productRows] = await Promise.all([
      db.select({ id: pricePoints.id }).from(pricePoints).where(and(eq(pricePoints.merchantId, merchantId), inArray(pricePoints.id, ids))),
      db.select({ id: products.id }).from(products).where(and(eq(products.merchantId, merchantId), inArray(products.id, ids))),
    ]);
    const known = new Set([...prices, ...productRows].map((r) => r.id));
    const unknown = ids.find((id) => !known.has(id));
    if (unknown) throw new DomainError("invalid", "price_not_found", `${setting}: no price point or product ${unknown}.`, { setting, id: unknown });
  }
  if (settings.incidentsForFunds) assertCurrency(settings.incidentsForFunds.currency);
}
