import { startTestServer } from "@billfront/bff/testing";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";

// The API reference at /docs renders in Chromium from this server alone: no CDN, no font host, under the hosted pages' CSP.
describe("API reference (/docs), end to end in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    [browser, server] = await Promise.all([chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true }), startTestServer()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("lists the operations by tag, loading nothing from anywhere but the BFF", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const elsewhere: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    // Offline: anything not asked of the BFF fails, and is recorded.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith("data:")) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    await page.goto(`${server.url}/docs`);
    await page.getByText("Create a portal session (a sign-in URL for the hosted portal)").first().waitFor({ timeout: 30_000 });
    const text = await page.locator("body").innerText();
    for (const tag of ["Customers", "Portal", "Helpdesk", "Subscriptions", "Sign-in"]) expect(text).toContain(tag);
    expect(text).toContain("Billfront API");
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: `${process.env.BILLFRONT_SCREENSHOTS}/api-docs.png` });
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
