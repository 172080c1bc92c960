import { findMerchant, findMerchantBySlug, resolveSettings } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { hostedPageHeaders, newNonce } from "./hosted-page.ts";
import { negotiateLocale, SIGN_IN_COPY, type SignInCopy, type SignInLocale } from "./sign-in-copy.ts";
import { signInHtml, signInUnavailableHtml } from "./sign-in-html.ts";

const param = z.object({ merchant: z.string().min(1).max(64) });
const query = z.object({ locale: z.string().max(35).optional() });

/**
 * The hosted self sign-in page (P4), `/signin/<merchant id>`: e-mail, then the
 * code (or the e-mailed link), then — when the customer has MFA on — the
 * authenticator code, or — when the shop requires MFA and the customer has
 * none — enrolment with QR code and recovery codes; then the portal. Only with
 * the shop's `selfSignIn` setting on (403 otherwise). English and German.
 */
export function signInPage(deps: AppDeps) {
  return new Hono().get("/signin/:merchant", validate("param", param), validate("query", query), async (c) => {
    // The merchant's id, or its portal slug (P6) for a friendlier address.
    const named = c.req.valid("param").merchant;
    const merchant = (await findMerchant(deps.core, named)) ?? (await findMerchantBySlug(deps.core, named));
    const locale: SignInLocale = negotiateLocale(c.req.valid("query").locale, c.req.header("Accept-Language"), merchant?.defaultLocale);
    const copy: SignInCopy = SIGN_IN_COPY[locale];
    const nonce = newNonce();
    hostedPageHeaders(c, nonce);
    c.header("Content-Language", locale);
    if (!merchant) return c.html(signInUnavailableHtml(locale, copy, copy.notFound), 404);
    const settings = resolveSettings(merchant.settings);
    if (!settings.selfSignIn) return c.html(signInUnavailableHtml(locale, copy, copy.errors.self_sign_in_disabled), 403);
    if (!settings.portalEnabled) return c.html(signInUnavailableHtml(locale, copy, copy.errors.portal_disabled), 403);
    return c.html(signInHtml({ nonce, locale, copy, merchantId: merchant.id, shopName: merchant.name }));
  });
}
