import { eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { resolveSettings } from "../settings.ts";
import { toBrandingView, type BrandingView } from "./branding.ts";

/** What a hosted page shows of a shop before anyone is signed in (W6): its public name and brand, and whether customers may sign in themselves (P4). */
export interface PortalBranding extends BrandingView {
  id: string;
  name: string;
  default_locale: string;
  self_sign_in: boolean;
  portal_enabled: boolean;
}

/** The merchant's public face on the hosted portal; an unknown merchant is `merchant_not_found`. */
export async function getPortalBranding(ctx: CoreContext, merchantId: string): Promise<PortalBranding> {
  const [row] = await ctx.db
    .select({ id: merchants.id, name: merchants.name, defaultLocale: merchants.defaultLocale, logoUrl: merchants.logoUrl, brandColor: merchants.brandColor, settings: merchants.settings })
    .from(merchants)
    .where(eq(merchants.id, merchantId))
    .limit(1);
  if (!row) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
  const settings = resolveSettings(row.settings);
  return {
    id: row.id,
    name: row.name,
    default_locale: row.defaultLocale,
    ...toBrandingView(row),
    self_sign_in: settings.selfSignIn,
    portal_enabled: settings.portalEnabled,
  };
}
