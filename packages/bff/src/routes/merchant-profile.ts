import { getMerchantProfile, requireAdmin, updateMerchantProfile } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";

/** A BCP 47 language tag (`de`, `en-GB`): letters, digits and hyphens only. */
const localeTag = z.string().min(2).max(35).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, "must be a language tag such as de or en-GB");

/**
 * What an admin may change of the shop's profile. Shapes only: core decides what a
 * logo, a colour, a time zone and an origin may be (problem codes invalid_logo_url,
 * invalid_brand_color, invalid_time_zone, invalid_origin). `mode` is read-only:
 * it is chosen at `billfront merchant create` (keys carry it as sk_test_/sk_live_).
 */
const merchantPatch = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  logo_url: z.string().max(200_000).nullable().optional(),
  brand_color: z.string().max(64).nullable().optional(),
  default_locale: localeTag.optional(),
  time_zone: z.string().min(1).max(64).optional(),
  support_email: z.email().max(320).nullable().optional(),
  notify_emails: z.array(z.email().max(320)).max(20).optional(),
  allowed_origins: z.array(z.string().min(1).max(2048)).max(50).optional(),
});

/** Merchant API (admins only; agents get 403 `admin_only`): the shop's own profile. */
export function merchantProfileRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/merchant", doc({ summary: "Get the merchant's profile: name, branding, locale, time zone, e-mails, allowed origins, mode", tag: "Settings" }), authenticated, async (c) => {
      requireAdmin(c.var.staff);
      return c.json(await getMerchantProfile(deps.core, c.var.merchant.id));
    })
    .patch("/merchant", doc({ summary: "Update the merchant's profile (admins)", tag: "Settings" }), authenticated, validate("json", merchantPatch), async (c) => {
      requireAdmin(c.var.staff);
      const body = c.req.valid("json");
      return c.json(
        await updateMerchantProfile(deps.core, c.var.merchant.id, {
          name: body.name,
          logoUrl: body.logo_url,
          brandColor: body.brand_color,
          defaultLocale: body.default_locale,
          timeZone: body.time_zone,
          supportEmail: body.support_email,
          notifyEmails: body.notify_emails,
          allowedOrigins: body.allowed_origins,
        }),
      );
    });
}
