import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";

export interface MerchantSiteOptions {
  /** Where the Billfront BFF is reachable, e.g. http://localhost:8787. */
  billfrontUrl: string;
  /** The shop's secret API key: stays on this server. */
  secretKey: string;
  /** The signed-in customer (a real shop takes this from its own login). */
  customerId: string;
  customerEmail: string;
  port?: number;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * A fake merchant website. Its server mints a portal session for the signed-in
 * customer (POST /v1/portal_sessions with the secret key) on every page view and
 * puts it into the page, which embeds <my-orders> with one script tag under a strict CSP.
 * `POST /session` mints a fresh one for the page's `fetchSession` when the first
 * expires; `/billing-portal` opens the hosted portal with a way back to this shop.
 */
export function createMerchantSite(options: MerchantSiteOptions) {
  const billfrontOrigin = new URL(options.billfrontUrl).origin;
  const template = readFile(new URL("./index.html", import.meta.url), "utf8");
  const css = readFile(new URL("./site.css", import.meta.url), "utf8");
  const script = readFile(new URL("./site.js", import.meta.url), "utf8");
  // A real shop looks the customer up from its own login here; this demo has one signed-in customer.
  const mint = async (extra: Record<string, unknown> = {}) => {
    const res = await fetch(`${billfrontOrigin}/v1/portal_sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${options.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ customer: options.customerId, ...extra }),
    });
    return res.ok ? ((await res.json()) as { token: string; url: string }) : { error: `${res.status} ${await res.text()}` };
  };
  return new Hono()
    .get("/", async (c) => {
      const minted = await mint();
      if ("error" in minted) return c.text(`Could not open the billing area: ${minted.error}`, 502);
      const { token } = minted;
      const page = (await template)
        .replaceAll("{{BILLFRONT_URL}}", escapeHtml(billfrontOrigin))
        .replaceAll("{{SESSION}}", escapeHtml(token))
        .replaceAll("{{CUSTOMER_EMAIL}}", escapeHtml(options.customerEmail));
      // Billfront works under a strict CSP: scripts, API calls and the card form frame only from the shop and Billfront (P5).
      c.header("Content-Security-Policy", `default-src 'self'; script-src 'self' ${billfrontOrigin}; connect-src 'self' ${billfrontOrigin}; frame-src ${billfrontOrigin}; style-src 'self'; object-src 'none'; base-uri 'none'`);
      c.header("Cache-Control", "no-store");
      return c.html(page);
    })
    // The page's fetchSession (issue 11): same origin, so only this shop's own pages can read the answer.
    .post("/session", async (c) => {
      const minted = await mint();
      c.header("Cache-Control", "no-store");
      if ("error" in minted) return c.json({ error: "session_unavailable" }, 502);
      return c.json({ token: minted.token });
    })
    // The hosted portal (W6), with "back to the shop" leading here (the return URL must be on the shop's allowed origins).
    .get("/billing-portal", async (c) => {
      const minted = await mint({ return_url: new URL("/", c.req.url).toString() });
      if ("error" in minted) return c.text(`Could not open the billing area: ${minted.error}`, 502);
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
      return c.redirect(minted.url, 303);
    })
    .get("/site.js", async (c) => c.body(await script, 200, { "Content-Type": "text/javascript; charset=utf-8" }))
    .get("/site.css", async (c) => c.body(await css, 200, { "Content-Type": "text/css; charset=utf-8" }))
    .get("/favicon.ico", (c) => c.body(null, 204))
    // The shop's logo, which the demo merchant's e-mails show.
    .get("/logo.svg", (c) => c.body(LOGO_SVG, 200, { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=3600" }));
}

/** Serves the site; resolves once listening. */
export async function startMerchantSite(options: MerchantSiteOptions): Promise<{ url: string; close(): Promise<void> }> {
  const app = createMerchantSite(options);
  const listening = Promise.withResolvers<AddressInfo>();
  const server = serve({ fetch: app.fetch, port: options.port ?? 8080, hostname: "127.0.0.1" }, (info) => listening.resolve(info));
  server.once("error", listening.reject);
  const { port } = await listening.promise;
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="40" viewBox="0 0 240 40" role="img" aria-label="Northwind Coffee Roasters">
<circle cx="20" cy="20" r="18" fill="#7a3e12"/><path d="M12 14h14v8a7 7 0 0 1-14 0zM26 16h3a3 3 0 0 1 0 6h-3" fill="none" stroke="#fff" stroke-width="2.5"/>
<text x="46" y="26" font-family="Georgia,serif" font-size="17" fill="#3b1d08">Northwind Coffee Roasters</text></svg>`;
