import { designCss } from "@billfront/core/design-css";
import { escapeHtml } from "./escape-html.ts";
import type { Context } from "hono";

/** A fresh CSP nonce for one page. */
export function newNonce(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/**
 * The headers of every page this server hosts (portal, links, checkout, their
 * error pages): one strict Content-Security-Policy (scripts only from here and
 * with this page's nonce, no framing by anyone), no referrer, no caching.
 */
export function hostedPageHeaders(c: Context, nonce: string, options: { formAction?: string; frameSrc?: string; imgSrc?: string } = {}): void {
  c.header(
    "Content-Security-Policy",
    [
      "default-src 'none'",
      `script-src 'self' 'nonce-${nonce}'`,
      "connect-src 'self'",
      `frame-src ${options.frameSrc ?? "'self'"}`,
      "style-src 'self' 'unsafe-inline'",
      `img-src ${options.imgSrc ?? "'self' data:"}`,
      "base-uri 'none'",
      `form-action ${options.formAction ?? "'none'"}`,
      "frame-ancestors 'none'",
    ].join("; "),
  );
  c.header("Referrer-Policy", "no-referrer");
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
}

/** The document around every hosted page: language, viewport, title, no favicon request, the page's styles, then its body. */
export function hostedDocument(input: { lang: string; title: string; style: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(input.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="icon" href="data:,">
<style>${input.style}</style>
</head>
<body>
${input.body}
</body>
</html>`;
}

/**
 * The styles of a hosted page that is one centred card (sign-in, links, ended
 * sessions, errors): the design system for the document (`designCss(":root")`,
 * the same tokens and parts as the widgets), then the card's layout. Fits 320 px.
 */
export function cardPageStyle(extra = ""): string {
  return (
    designCss(":root") +
    `
  html { background: var(--_bf-subtle); }
  body { min-height: 100vh; }
  body > main, noscript > main { max-width: 30rem; margin: 0 auto; padding: 2.5rem 1rem 3rem; }
  body > main > section { padding: 1.5rem; }
  body > main > section > * + * { margin-top: 0; }
  h1 { font-size: 1.375rem; margin: 0 0 0.5rem; overflow-wrap: break-word; hyphens: auto; }
  p { margin: 0 0 0.75rem; }
  p:last-child { margin-bottom: 0; }
  .shop { font-weight: 700; margin: 0 0 0.5rem; color: var(--_bf-muted); font-size: 0.875rem; }
` +
    extra
  );
}

/** A page that only says something (a link that cannot be used, a billing area that does not exist): one card, a heading, a sentence. */
export function messagePageHtml(input: { lang: string; title: string; text: string; shop?: string | undefined }): string {
  const shop = input.shop ? `<p class="shop">${escapeHtml(input.shop)}</p>` : "";
  return hostedDocument({
    lang: input.lang,
    title: input.title,
    style: cardPageStyle(),
    body: `<main><section class="card" aria-labelledby="title">${shop}<h1 id="title">${escapeHtml(input.title)}</h1><p>${escapeHtml(input.text)}</p></section></main>`,
  });
}
