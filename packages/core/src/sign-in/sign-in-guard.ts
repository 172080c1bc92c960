import type { Executor } from "../db/open.ts";
import { merchants } from "../db/schema/index.ts";
import { eq } from "drizzle-orm";
import { DomainError } from "../errors.ts";
import { resolveSettings, type PortalSettings } from "../settings.ts";

/** A shop lets its customers sign in themselves only with `selfSignIn` on and the portal on (P4). */
export async function assertSelfSignIn(db: Executor, merchantId: string): Promise<PortalSettings> {
  const [merchant] = await db.select({ settings: merchants.settings }).from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) throw new DomainError("not_found", "merchant_not_found", `No shop ${merchantId}.`);
  const settings = resolveSettings(merchant.settings);
  if (!settings.selfSignIn) throw new DomainError("forbidden", "self_sign_in_disabled", "This shop does not offer sign-in by e-mail; open your account from the shop's website.");
  if (!settings.portalEnabled) throw new DomainError("forbidden", "portal_disabled", "This shop's billing portal is switched off.");
  return settings;
}
