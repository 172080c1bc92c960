import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { merchants } from "../db/schema/index.ts";
import { createTestContext } from "../testing/index.ts";
import { isBrandColor, isLogoUrl } from "./branding.ts";
import { createMerchant } from "./create-merchant.ts";
import { getPortalBranding } from "./get-portal-branding.ts";
import { setMerchantBranding } from "./set-merchant-branding.ts";

describe("merchant branding for the hosted portal (W2, W6)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  it.each(["#0b57d0", "#FFFFFF"])("takes %s as a brand colour", (value) => expect(isBrandColor(value)).toBe(true));
  it.each(["red", "#fff", "#0b57d0;x", "url(x)", "#0b57d0 !important", "", null])("refuses %o as a brand colour", (value) => expect(isBrandColor(value)).toBe(false));
  it.each(["https://cdn.example/logo.png", "data:image/png;base64,iVBORw0KGgo=", "data:image/svg+xml;base64,PHN2Zz4="])("takes %s as a logo", (value) => expect(isLogoUrl(value)).toBe(true));
  it.each(["http://cdn.example/logo.png", "javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "data:image/png,<svg>", "https://u:p@cdn.example/x.png", "/logo.png", ""])(
    "refuses %o as a logo",
    (value) => expect(isLogoUrl(value)).toBe(false),
  );

  it("stores a checked logo and colour, refuses bad ones with a code and leaves the row as it was", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Shop", brandColor: "#112233" });
    await expect(setMerchantBranding(ctx, merchantId, { brandColor: "blue" })).rejects.toMatchObject({ type: "invalid", code: "invalid_brand_color" });
    await expect(setMerchantBranding(ctx, merchantId, { logoUrl: "javascript:alert(1)" })).rejects.toMatchObject({ type: "invalid", code: "invalid_logo_url" });
    await expect(createMerchant(ctx, { name: "Bad", logoUrl: "http://x.example/l.png" })).rejects.toMatchObject({ code: "invalid_logo_url" });
    expect(await getPortalBranding(ctx, merchantId)).toMatchObject({ brand_color: "#112233", logo_url: null });

    await expect(setMerchantBranding(ctx, merchantId, { logoUrl: "https://cdn.example/logo.png", brandColor: "#ABCDEF" })).resolves.toEqual({ logo_url: "https://cdn.example/logo.png", brand_color: "#abcdef" });
    await expect(setMerchantBranding(ctx, merchantId, { logoUrl: null })).resolves.toEqual({ logo_url: null, brand_color: "#abcdef" });
    await expect(setMerchantBranding(ctx, "mer_unknown", { brandColor: "#000000" })).rejects.toMatchObject({ code: "merchant_not_found" });
  });

  it("a value stored around these checks is not shown", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Shop" });
    await ctx.db.update(merchants).set({ brandColor: "#000;background:url(https://evil.example)", logoUrl: "javascript:alert(1)" }).where(eq(merchants.id, merchantId));
    expect(await getPortalBranding(ctx, merchantId)).toMatchObject({ brand_color: null, logo_url: null, self_sign_in: false, portal_enabled: true });
  });
});
