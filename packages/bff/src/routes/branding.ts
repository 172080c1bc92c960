import { getPortalBranding, requireAdmin, setMerchantBranding } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";

// Shapes only; core decides what a logo and a colour may be (https or data:image, #rrggbb).
const brandingBody = z.strictObject({
  logo_url: z.string().max(200_000).nullable().optional(),
  brand_color: z.string().max(64).nullable().optional(),
});

/** Merchant API (admins): the logo and brand colour of the hosted portal (W2, W6). */
export function merchantBrandingRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/branding", doc({ summary: "Get the portal's branding", tag: "Settings" }), authenticated, async (c) => c.json(await getPortalBranding(deps.core, c.var.merchant.id)))
    .put("/branding", doc({ summary: "Set the portal's logo and brand colour (admins)", tag: "Settings" }), authenticated, validate("json", brandingBody), async (c) => {
      requireAdmin(c.var.staff);
      const body = c.req.valid("json");
      return c.json(await setMerchantBranding(deps.core, c.var.merchant.id, { logoUrl: body.logo_url, brandColor: body.brand_color }));
    });
}
