import { recordAction } from "../audit/record-action.ts";
import { eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { storeMerchantLogo } from "./merchant-logo.ts";
import { assertBranding, toBrandingView, type BrandingView } from "./branding.ts";

/** Sets (or with null clears) the merchant's logo and brand colour shown on the hosted portal (W2, W6). */
export async function setMerchantBranding(ctx: CoreContext, merchantId: string, input: { logoUrl?: string | null; brandColor?: string | null }): Promise<BrandingView> {
  assertBranding(input);
  const values = {
    ...(input.logoUrl !== undefined ? { logoUrl: input.logoUrl } : {}),
    ...(input.brandColor !== undefined ? { brandColor: input.brandColor?.toLowerCase() ?? null } : {}),
  };
  const view = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select({ logoUrl: merchants.logoUrl, brandColor: merchants.brandColor }).from(merchants).where(eq(merchants.id, merchantId)).for("no key update");
    if (!before) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    const row = Object.keys(values).length > 0 ? { ...before, ...values } : before;
    if (Object.keys(values).length > 0) await tx.update(merchants).set(values).where(eq(merchants.id, merchantId));
    await recordAction(tx, ctx, { merchantId, action: "branding.updated", subjectId: merchantId, details: { before: { logo_url: before.logoUrl, brand_color: before.brandColor }, after: { logo_url: row.logoUrl, brand_color: row.brandColor } } });
    return toBrandingView(row);
  });
  // After the commit, outside any transaction: the copy documents print (fetched once, not per PDF).
  if (input.logoUrl !== undefined) await storeMerchantLogo(ctx, merchantId);
  return view;
}
