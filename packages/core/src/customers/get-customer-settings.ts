import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers, merchants, type MerchantSettings } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { resolveSettings, type PortalSettings } from "../settings.ts";

/** One customer's settings as the merchant API shows them (A4): what applies, and which keys differ from the shop's. */
export interface CustomerSettingsView {
  customer: string;
  /** The settings this customer's portal runs with: the merchant's, with the overrides on top. */
  settings: PortalSettings;
  /** Only the keys set for this customer, as stored. */
  overrides: MerchantSettings;
  /** The names of those keys, sorted. */
  overridden: string[];
}

/** A customer's effective settings and their overrides; a customer of another merchant is not found. */
export async function getCustomerSettings(ctx: CoreContext, merchantId: string, customerId: string): Promise<CustomerSettingsView> {
  return customerSettingsView(ctx.db, merchantId, customerId);
}

export async function customerSettingsView(db: Executor, merchantId: string, customerId: string): Promise<CustomerSettingsView> {
  const [row] = await db
    .select({ merchant: merchants.settings, overrides: customers.settingsOverrides })
    .from(customers)
    .innerJoin(merchants, eq(merchants.id, customers.merchantId))
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)));
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${customerId}.`);
  return {
    customer: customerId,
    settings: resolveSettings(row.merchant, row.overrides),
    overrides: row.overrides,
    overridden: Object.keys(row.overrides).sort(),
  };
}
