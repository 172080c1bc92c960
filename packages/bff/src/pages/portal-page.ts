import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import { hostedPageHeaders, newNonce } from "./hosted-page.ts";

/**
 * The hosted full-page portal (W6) opened from a session URL or an exchanged
 * link. The token arrives in the URL fragment; the page moves it into the portal
 * element and removes it from the address bar and history. Where it opens (A5)
 * and where "back" goes come from the session itself, never from the query.
 */
export function portalPage(_deps: AppDeps) {
  return new Hono().get("/portal", (c) => {
    const nonce = newNonce();
    hostedPageHeaders(c, nonce);
    return c.html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your account</title>
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
  <h1 id="title">Your orders</h1>
  <billfront-portal id="portal"></billfront-portal>
</main>
<script type="module" nonce="${nonce}">
  const session = new URLSearchParams(location.hash.slice(1)).get("session") ?? "";
  history.replaceState(null, "", location.pathname);
  const portal = document.getElementById("portal");
  portal.api = location.origin;
  portal.session = session;
  const info = session ? await fetch("/v1/portal/session", { headers: { Authorization: "Bearer " + session } }).then((r) => (r.ok ? r.json() : null), () => null) : null;
  if (info?.locale) portal.locale = info.locale;
  const updateCard = info?.flow === "update_card";
  document.getElementById("title").textContent = updateCard ? "Update your payment method" : "Your orders";
  document.title = updateCard ? "Update your payment method" : "Your orders";
  portal.append(document.createElement(updateCard ? "payment-methods" : "my-orders"));
  if (info?.return_url) {
    const back = document.getElementById("back");
    back.querySelector("a").href = info.return_url;
    back.hidden = false;
  }
</script>
</body>
</html>`);
  });
}
