import { recordAction } from "../audit/record-action.ts";
import { and, eq, ne } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers, merchants, portalSessions, type MerchantSettings } from "../db/schema/index.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { settingsForCustomer } from "./customer-settings.ts";
import { DomainError } from "../errors.ts";
import { assertSettingsReferences, assertSettingsValues } from "../merchants/update-merchant.ts";
import { MERCHANT_ONLY_SETTINGS } from "../settings.ts";
import { assertStorable } from "../storable.ts";
import { customerSettingsView, type CustomerSettingsView } from "./get-customer-settings.ts";

/** A patch of one customer's overrides: a value sets the key for them, `null` drops it (they follow the merchant again). */
export type CustomerSettingsPatch = { [K in keyof MerchantSettings]?: MerchantSettings[K] | null };

/**
 * A4: settings that differ for one customer from the merchant's. The values are
 * checked as the merchant's own are (ids must be the shop's, tab addresses its
 * origins); a setting that names the shop itself (its portal slug) cannot differ.
 */
export async function setCustomerSettings(ctx: CoreContext, merchantId: string, customerId: string, patch: CustomerSettingsPatch): Promise<CustomerSettingsView> {
  assertStorable(patch, "settings");
  const fixed = Object.keys(patch).find((key) => (MERCHANT_ONLY_SETTINGS as readonly string[]).includes(key));
  if (fixed) throw new DomainError("invalid", "setting_not_overridable", `${fixed} is the shop's own and cannot differ per customer.`, { setting: fixed });
  const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== null && value !== undefined)) as MerchantSettings;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ overrides: customers.settingsOverrides, allowedOrigins: merchants.allowedOrigins })
      .from(customers)
      .innerJoin(merchants, eq(merchants.id, customers.merchantId))
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)))
      .for("no key update", { of: customers });
    if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${customerId}.`);
    assertSettingsValues(set, row.allowedOrigins);
    await assertSettingsReferences(tx, merchantId, set);
    const overrides: Record<string, unknown> = { ...row.overrides };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete overrides[key];
      else if (value !== undefined) overrides[key] = value;
    }
    await tx.update(customers).set({ settingsOverrides: overrides as MerchantSettings }).where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)));
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      const before = (row.overrides as Record<string, unknown> | null)?.[key] ?? null;
      if (JSON.stringify(before) !== JSON.stringify(value)) changed[key] = { before, after: value };
    }
    await recordAction(tx, ctx, { merchantId, customerId, action: "customer.settings_updated", subjectId: customerId, details: { changed } });
    const view = await customerSettingsView(tx, merchantId, customerId);
    // The portal switched off for this customer ends their open sessions (A8), as it does for a whole shop.
    if (!(await settingsForCustomer(tx, merchantId, customerId)).portalEnabled) {
      await endSessions(tx, ctx.clock.now(), "portal_disabled", and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.customerId, customerId), ne(portalSessions.source, "payment_link"))!);
    }
    return view;
  });
}
