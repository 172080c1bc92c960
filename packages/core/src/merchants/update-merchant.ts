import { eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants, type MerchantSettings } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { normaliseOrigin } from "./origins.ts";

/** Replaces the browser origins allowed to embed a merchant's portal (P5); returns them normalised. */
export async function setAllowedOrigins(ctx: CoreContext, merchantId: string, origins: string[]): Promise<string[]> {
  const normalised = [...new Set(origins.map(normaliseOrigin))];
  const updated = await ctx.db.update(merchants).set({ allowedOrigins: normalised }).where(eq(merchants.id, merchantId)).returning({ id: merchants.id });
  if (updated.length === 0) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
  return normalised;
}

/** Replaces a merchant's portal settings (P6); values left out fall back to the defaults. */
export async function setMerchantSettings(ctx: CoreContext, merchantId: string, settings: MerchantSettings): Promise<void> {
  const updated = await ctx.db.update(merchants).set({ settings }).where(eq(merchants.id, merchantId)).returning({ id: merchants.id });
  if (updated.length === 0) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
}
