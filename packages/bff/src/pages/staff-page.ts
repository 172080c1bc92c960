import { designCss } from "@billfront/core/design-css";
import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { escapeHtml } from "./escape-html.ts";
import { hostedDocument, hostedPageHeaders, newNonce } from "./hosted-page.ts";
import { negotiateLocale, type SignInLocale } from "./sign-in-copy.ts";

const COPY: Record<SignInLocale, { title: string; noscript: string }> = {
  en: { title: "Staff console", noscript: "The staff console needs JavaScript. Turn it on and reload this page." },
  de: { title: "Mitarbeiterkonsole", noscript: "Die Mitarbeiterkonsole benötigt JavaScript. Aktivieren Sie es und laden Sie die Seite neu." },
  fr: { title: "Console du personnel", noscript: "La console du personnel nécessite JavaScript. Activez-le et rechargez cette page." },
  es: { title: "Consola del personal", noscript: "La consola del personal necesita JavaScript. Actívelo y vuelva a cargar esta página." },
};

/**
 * The staff console's own page (M1), `/staff`: `<billfront-console>` in cookie
 * mode (no token: it signs staff in and keeps the HttpOnly session cookie on
 * this origin). Strict CSP with a nonce, never framed (the cookie is
 * SameSite=Strict and clickjacking a back office must not be possible), never cached.
 */
export function staffPage(_deps: AppDeps) {
  return new Hono().get("/staff", (c) => {
    const locale = negotiateLocale(c.req.query("locale"), c.req.header("Accept-Language"), undefined);
    const copy = COPY[locale];
    const nonce = newNonce();
    hostedPageHeaders(c, nonce);
    c.header("X-Frame-Options", "DENY");
    c.header("Vary", "Accept-Language");
    return c.html(
      hostedDocument({
        lang: locale,
        title: copy.title,
        style:
          designCss(":root") +
          `
  html { background: var(--_bf-subtle); }
  body { margin: 0; min-height: 100vh; }
  billfront-console { display: block; max-width: 80rem; margin: 0 auto; padding: 1rem; box-sizing: border-box; }
`,
        body: `<billfront-console locale="${escapeHtml(locale)}"></billfront-console>
<noscript><main><h1>${escapeHtml(copy.title)}</h1><p>${escapeHtml(copy.noscript)}</p></main></noscript>
<script type="module" src="/widgets/console.js"></script>`,
      }),
    );
  });
}
