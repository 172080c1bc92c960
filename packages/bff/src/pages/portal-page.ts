import { findMerchantBySlug, getPortalBranding, isDomainError, type PortalBranding } from "@billfront/core/server";
import { Hono, type Context } from "hono";
import type { AppDeps } from "../deps.ts";
import { escapeHtml } from "./escape-html.ts";
import { cardPageStyle, hostedDocument, hostedPageHeaders, newNonce } from "./hosted-page.ts";

const MERCHANT_ID = /^[A-Za-z0-9_]{1,64}$/;

/**
 * The hosted full-page portal (W6), one page per merchant: session URLs and
 * exchanged links open `/portal/<merchant>#session=<token>` (the fragment is
 * never sent to a server). The page knows the merchant's logo, so `img-src`
 * allows exactly its origin; the token moves into this tab's sessionStorage.
 * `/portal#session=...` (older URLs) goes on to the merchant's page. Where it
 * opens (A5) and where "back" goes come from the session itself, never from
 * the query string. Every answer, error pages included, has the same strict CSP.
 */
export function portalPage(deps: AppDeps) {
  return new Hono()
    .get("/portal", (c) => {
      const nonce = newNonce();
      hostedPageHeaders(c, nonce);
      return c.html(page({ title: "Your account", body: entryBody(nonce) }));
    })
    // The portal slug (P6): /p/northwind is the merchant's hosted portal; a fragment (the session) survives the redirect.
    .get("/p/:slug", async (c) => {
      const merchant = await findMerchantBySlug(deps.core, c.req.param("slug").toLowerCase());
      if (!merchant) return errorPage(c, 404, "This billing area does not exist", "Check the link, or open the billing area from the shop's website.");
      return c.redirect(`/portal/${merchant.id}`, 302);
    })
    .get("/portal/:merchant", async (c) => {
      const id = c.req.param("merchant");
      const branding = MERCHANT_ID.test(id) ? await findBranding(deps, id) : undefined;
      if (!branding) return errorPage(c, 404, "This billing area does not exist", "Check the link, or open the billing area from the shop's website.");
      if (!branding.portal_enabled) return errorPage(c, 403, "The billing area is not available", "This shop's billing area is switched off. Please contact the shop.", branding);
      const nonce = newNonce();
      hostedPageHeaders(c, nonce, { imgSrc: imgSrc(branding.logo_url) });
      return c.html(
        page({
          title: `Your account · ${branding.name}`,
          lang: branding.default_locale,
          body: `<billfront-hosted-portal merchant="${escapeHtml(branding.id)}" merchant-name="${escapeHtml(branding.name)}"${attr("logo-url", branding.logo_url)}${attr("brand-color", branding.brand_color)} default-locale="${escapeHtml(branding.default_locale)}"${branding.self_sign_in ? " self-sign-in" : ""}></billfront-hosted-portal>
<noscript><main><h1>Your account</h1><p>The billing area needs JavaScript. Turn it on and reload this page.</p></main></noscript>
<script type="module" src="/widgets/billfront.js"></script>`,
        }),
      );
    });
}

async function findBranding(deps: AppDeps, id: string): Promise<PortalBranding | undefined> {
  try {
    return await getPortalBranding(deps.core, id);
  } catch (error) {
    if (isDomainError(error) && error.code === "merchant_not_found") return undefined;
    throw error;
  }
}

/** `img-src` of a merchant's page: this server and data: images, plus the logo's own origin (https, or http on localhost: core allows no other kind). */
function imgSrc(logoUrl: string | null): string {
  if (!logoUrl || !/^https?:\/\//.test(logoUrl)) return "'self' data:";
  return `'self' data: ${new URL(logoUrl).origin}`;
}

function attr(name: string, value: string | null): string {
  return value ? ` ${name}="${escapeHtml(value)}"` : "";
}

/** The entry page: on to the merchant's page named in the token, the token still only in the fragment; no token: say there is no session. */
function entryBody(nonce: string): string {
  return `<main><section class="card" id="ended" hidden><h1>Your session has ended</h1><p>This link or session is no longer valid. To continue, open the billing area again from the shop's website or from the shop's latest e-mail.</p></section>
<noscript><p>The billing area needs JavaScript. Turn it on and reload this page.</p></noscript></main>
<script nonce="${nonce}">
  const token = new URLSearchParams(location.hash.slice(1)).get("session") || "";
  history.replaceState(null, "", location.pathname);
  const merchant = /^bfps\\.([A-Za-z0-9_]{1,64})\\.[A-Za-z0-9_-]+$/.exec(token);
  if (merchant) {
    location.replace("/portal/" + merchant[1] + "#" + new URLSearchParams({ session: token }));
  } else {
    document.getElementById("ended").hidden = false;
  }
</script>`;
}

function errorPage(c: Context, status: 403 | 404, title: string, text: string, branding?: PortalBranding): Response {
  hostedPageHeaders(c, newNonce());
  const shop = branding ? `<p class="shop">${escapeHtml(branding.name)}</p>` : "";
  return c.html(page({ title, body: `<main><section class="card" aria-labelledby="title">${shop}<h1 id="title">${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></section></main>` }), status);
}

function page(input: { title: string; body: string; lang?: string }): string {
  return hostedDocument({
    lang: input.lang ?? "en",
    title: input.title,
    // The hosted portal adopts the same design sheet itself; the entry and error pages are one centred card.
    style: cardPageStyle(`
  billfront-hosted-portal:not(:defined) { display: block; min-height: 100vh; background: var(--_bf-subtle); }
`),
    body: input.body,
  });
}
