import { findMerchant, isOriginAllowed, resolveSettings } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { cardFormApi } from "../routes/portal-payments.ts";
import { cardFormHtml } from "./card-form-html.ts";
import { LOOK_PARAMS, parseLook } from "./card-form-look.ts";

const query = z.object({
  merchant: z.string().min(1).max(64),
  /** The embedding page's origin: the only window the form will talk to. */
  origin: z.url({ protocol: /^https?$/ }),
  locale: z.string().min(2).max(35).optional(),
  /**
   * `payment`: the card pays for something now, so the customer chooses whether to keep it (R1);
   * `authorize`: the same, for an amount held now and captured by the shop later.
   */
  context: z.enum(["save", "payment", "authorize"]).optional(),
  // The embedding page's look (W2): each checked against its own strict pattern by parseLook, and dropped if it fails.
  ...Object.fromEntries(LOOK_PARAMS.map((p) => [p, z.string().max(300).optional()])),
});

/**
 * The card form (R1): served from the BFF's origin and shown in an iframe, so
 * the merchant's page and its scripts never see the card number. It may be
 * framed only by the merchant's allowed origins, and it reports back only a
 * token-backed card summary, to that exact origin.
 */
export function cardFormPage(deps: AppDeps) {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return new Hono()
    .get("/card-form", validate("query", query), async (c) => {
      const params = c.req.valid("query");
      const { merchant: merchantId, origin: rawOrigin, locale, context } = params;
      const origin = new URL(rawOrigin).origin;
      const merchant = await findMerchant(deps.core, merchantId);
      if (!merchant || (origin !== ownOrigin && !isOriginAllowed(merchant.allowedOrigins, origin))) {
        return c.text("This page may not show the card form.", 403);
      }
      const nonce = crypto.randomUUID().replaceAll("-", "");
      c.header(
        "Content-Security-Policy",
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors ${origin}`,
      );
      c.header("Referrer-Policy", "no-referrer");
      c.header("Cache-Control", "no-store");
      const settings = resolveSettings(merchant.settings);
      // Paying now with "add payment methods" off: no choice to keep the card, it pays this once (single use).
      const paying = context === "payment" || context === "authorize";
      const singleUse = paying && !settings.addPaymentMethods;
      const saveChoice = paying && !singleUse ? { checked: settings.saveCardDefault } : undefined;
      const look = parseLook(params as Record<string, string | undefined>);
      return c.html(cardFormHtml({ nonce, parentOrigin: origin, locale: locale ?? merchant.defaultLocale, purpose: context ?? "save", saveChoice, singleUse, look }));
    })
    .route("/card-form", cardFormApi(deps));
}
