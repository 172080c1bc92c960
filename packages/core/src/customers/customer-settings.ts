import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { customers, merchants } from "../db/schema/index.ts";
import { resolveSettings, type PortalSettings } from "../settings.ts";

/**
 * The settings one customer's portal runs with (P6, A4): the merchant's, with
 * this customer's overrides on top. Every rule that decides what a customer may
 * do reads them here; a customer of another merchant gets the merchant's own.
 */
export async function settingsForCustomer(db: Executor, merchantId: string, customerId: string): Promise<PortalSettings> {
  const [row] = await db
    .select({ merchant: merchants.settings, customer: customers.settingsOverrides })
    .from(merchants)
    .leftJoin(customers, and(eq(customers.merchantId, merchants.id), eq(customers.id, customerId)))
    .where(eq(merchants.id, merchantId));
  return resolveSettings(row?.merchant, row?.customer);
}
