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
