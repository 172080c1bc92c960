import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";

/**
 * The hosted full-page portal (W6) opened from a session URL. The token arrives
 * in the URL fragment; the page moves it into the portal element and removes it
 * from the address bar and history.
 */
export function portalPage(_deps: AppDeps) {
  return new Hono().get("/portal", (c) => {
    const updateCard = c.req.query("flow") === "update_card";
    const nonce = crypto.randomUUID().replaceAll("-", "");
    c.header(
      "Content-Security-Policy",
      `default-src 'none'; script-src 'self' 'nonce-${nonce}'; connect-src 'self'; frame-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
    c.header("Referrer-Policy", "no-referrer");
    c.header("Cache-Control", "no-store");
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${updateCard ? "Update your payment method" : "Your orders"}</title>
<link rel="icon" href="data:,">
<style>
  body { margin: 0; font-family: system-ui, sans-serif; background: #f6f7f9; color: #1b1f24; }
  main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  h1 { font-size: 1.5rem; margin: 0 0 1rem; }
  nav a { color: #0b57d0; }
</style>
<script type="module" src="/widgets/billfront.js"></script>
</head>
<body>
<main>
  <nav id="back" hidden><a href="">&larr; Back to the shop</a></nav>
  <h1>${updateCard ? "Update your payment method" : "Your orders"}</h1>
  <billfront-portal id="portal">${updateCard ? "<payment-methods></payment-methods>" : "<my-orders></my-orders>"}</billfront-portal>
</main>
<script type="module" nonce="${nonce}">
  const fragment = new URLSearchParams(location.hash.slice(1));
  const params = new URLSearchParams(location.search);
  const portal = document.getElementById("portal");
  portal.api = location.origin;
  portal.session = fragment.get("session") ?? "";
  if (params.get("locale")) portal.locale = params.get("locale");
  history.replaceState(null, "", location.pathname + location.search);
  const returnUrl = params.get("return_url");
  if (returnUrl && /^https?:/.test(returnUrl)) {
    const back = document.getElementById("back");
    back.querySelector("a").href = returnUrl;
    back.hidden = false;
  }
</script>
</body>
</html>`);
  });
}
