import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import { compress } from "hono/compress";
import { hostedDocument, hostedPageHeaders, newNonce } from "./hosted-page.ts";

/** Scalar's self-contained browser bundle, read from node_modules: the reference works offline, no CDN. */
const SCALAR_BUNDLE = new URL("./browser/standalone.js", import.meta.resolve("@scalar/api-reference"));

// Loaded from this server (script-src 'self'), so the page needs no inline script. Fonts stay the system's (no font host).
const INIT_SCRIPT = `Scalar.createApiReference("#reference", {
  url: "/openapi.json",
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  agent: { disabled: true },
  mcp: { disabled: true },
  hideClientButton: true,
  authentication: { preferredSecurityScheme: "merchantKey" },
  defaultOpenAllTags: false,
});
`;

/** `/openapi.json` (the document `document()` builds) and `/docs`, the browsable reference (Scalar) over it. */
export function apiDocsRoutes(document: () => unknown) {
  let bundle: Promise<string> | undefined;
  let json: string | undefined;
  return new Hono()
    .get("/openapi.json", (c) => {
      json ??= JSON.stringify(document());
      return c.body(json, 200, { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60" });
    })
    .get("/docs", (c) => {
      hostedPageHeaders(c, newNonce());
      return c.html(
        hostedDocument({
          lang: "en",
          title: "Billfront API reference",
          style: "body { margin: 0; }",
          body: `<noscript>The reference needs JavaScript; the raw document is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="reference"></div>
<script src="/docs/scalar.js"></script>
<script src="/docs/init.js"></script>`,
        }),
      );
    })
    .get("/docs/init.js", (c) => c.body(INIT_SCRIPT, 200, scriptHeaders("no-cache")))
    .get("/docs/scalar.js", compress(), async (c) => {
      bundle ??= readFile(SCALAR_BUNDLE, "utf8");
      return c.body(await bundle, 200, scriptHeaders("public, max-age=86400"));
    });
}

function scriptHeaders(cacheControl: string) {
  return { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": cacheControl, "X-Content-Type-Options": "nosniff" };
}
