import { eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertBranding, toBrandingView, type BrandingView } from "./branding.ts";

/** Sets (or with null clears) the merchant's logo and brand colour shown on the hosted portal (W2, W6). */
export async function setMerchantBranding(ctx: CoreContext, merchantId: string, input: { logoUrl?: string | null; brandColor?: string | null }): Promise<BrandingView> {
  assertBranding(input);
  const values = {
    ...(input.logoUrl !== undefined ? { logoUrl: input.logoUrl } : {}),
    ...(input.brandColor !== undefined ? { brandColor: input.brandColor?.toLowerCase() ?? null } : {}),
  };
  const [row] =
    Object.keys(values).length > 0
      ? await ctx.db.update(merchants).set(values).where(eq(merchants.id, merchantId)).returning({ logoUrl: merchants.logoUrl, brandColor: merchants.brandColor })
      : await ctx.db.select({ logoUrl: merchants.logoUrl, brandColor: merchants.brandColor }).from(merchants).where(eq(merchants.id, merchantId));
  if (!row) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
  return toBrandingView(row);
}
