import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";

export interface ExampleSiteOptions {
  /** Where the Billfront BFF is reachable, e.g. http://localhost:8787. */
  billfrontUrl: string;
  /** The shop's secret API key: stays on this server, never reaches the browser. */
  secretKey: string;
  /** The signed-in customer (a real shop takes this from its own login). */
  customerId: string;
  customerEmail: string;
  /** The built app (`vite build`). */
  distDir: string;
  port?: number;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The merchant server of the React and Vue examples: serves the built app and mints a portal
 * session for the signed-in customer (POST /v1/portal_sessions with the secret
 * key) into each page view; `POST /session` mints a fresh one for the app's
 * `fetchSession` when the first expires.
 */
export function createExampleSite(options: ExampleSiteOptions) {
  const billfrontOrigin = new URL(options.billfrontUrl).origin;
  const dist = options.distDir;
  const template = readFile(`${dist}/index.html`, "utf8");
  const mint = async () => {
    const res = await fetch(`${billfrontOrigin}/v1/portal_sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${options.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ customer: options.customerId }),
    });
    return res.ok ? ((await res.json()) as { token: string }) : undefined;
  };
  const page = async () => {
    const minted = await mint();
    if (!minted) return undefined;
    return (await template)
      .replaceAll("{{BILLFRONT_URL}}", escapeHtml(billfrontOrigin))
      .replaceAll("{{SESSION}}", escapeHtml(minted.token))
      .replaceAll("{{CUSTOMER_EMAIL}}", escapeHtml(options.customerEmail));
  };
  return new Hono()
    .get("/", async (c) => {
      const html = await page();
      if (!html) return c.text("Could not open the billing area", 502);
      // The app, its widgets and their chunks come from this shop; API calls and the card form frame from Billfront.
      c.header("Content-Security-Policy", `default-src 'self'; script-src 'self'; connect-src 'self' ${billfrontOrigin}; frame-src ${billfrontOrigin}; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'`);
      c.header("Cache-Control", "no-store");
      return c.html(html);
    })
    .post("/session", async (c) => {
      const minted = await mint();
      c.header("Cache-Control", "no-store");
      return minted ? c.json({ token: minted.token }) : c.json({ error: "session_unavailable" }, 502);
    })
    .use("/assets/*", serveStatic({ root: dist, onFound: (_path, c) => c.header("Cache-Control", "public, max-age=31536000, immutable") }))
    .get("/favicon.ico", (c) => c.body(null, 204));
}

/** Serves the site; resolves once listening. */
export async function startExampleSite(options: ExampleSiteOptions & { port: number }): Promise<{ url: string; close(): Promise<void> }> {
  const app = createExampleSite(options);
  const listening = Promise.withResolvers<AddressInfo>();
  const server = serve({ fetch: app.fetch, port: options.port, hostname: "127.0.0.1" }, (info) => listening.resolve(info));
  server.once("error", listening.reject);
  const { port } = await listening.promise;
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
