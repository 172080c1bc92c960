import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";
import { freePort, startExample, type RunningExample } from "./demo.ts";

/** Each framework example (item 7): its accent colour, as the page's CSS themes the widgets with it. */
const EXAMPLES = [
  { name: "react", accent: "rgb(15, 118, 110)" },
  { name: "vue", accent: "rgb(109, 40, 217)" },
] as const;

describe.each(EXAMPLES)("examples/$name, built and served by its merchant server, in Chromium", ({ name, accent }) => {
  let dir: string;
  let browser: Browser;
  let example: RunningExample;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `billfront-example-${name}-`));
    // What `npm run build` does for the example: the app and the widgets bundled by Vite into its dist/.
    await build({ root: fileURLToPath(new URL(`../examples/${name}/`, import.meta.url)), logLevel: "error" });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    example = await startExample(name, { dataDir: join(dir, "data"), bffPort: await freePort(), sitePort: await freePort() });
  }, 120_000);

  afterAll(async () => {
    await example?.stop();
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function open(width = 1280): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(example.siteUrl);
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    return { page, problems };
  }

  /** A picture of the page when BILLFRONT_SCREENSHOTS names a folder, for a person to look at. */
  const screenshot = async (page: Page, label: string) => {
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, `example-${name}-${label}.png`), fullPage: true });
  };

  it("shows every element with the seeded customer's orders, under a strict CSP, themed by the page's CSS", async () => {
    const { page, problems } = await open();
    expect(await page.locator("my-orders [part=order]").count()).toBe(6);
    expect(await page.locator("my-orders").textContent()).toBeDefined();
    expect((await page.locator("my-orders [part=order]").allTextContents()).join("\n")).toContain("Kyoto matcha set");
    await page.locator("payment-methods [part=method]", { hasText: "Visa ending 4242" }).waitFor({ timeout: 15_000 });
    await page.locator("account-details [part=fields]").waitFor({ timeout: 15_000 });
    expect(await page.locator("account-details [part=fields]").textContent()).toContain("ada@example.com");
    const newTicket = page.locator("helpdesk-tickets").getByRole("button", { name: "New ticket" });
    await newTicket.waitFor({ timeout: 15_000 });
    // The shop's --billfront-accent reaches inside the widgets' shadow DOM: "New ticket" is a primary button.
    expect(await newTicket.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(accent);
    expect(await page.locator("my-orders").evaluate((el) => getComputedStyle(el).getPropertyValue("--billfront-accent").trim())).toMatch(/^#[0-9a-f]{6}$/);
    // The secret key stays on the merchant's server: the page holds only a session token.
    const secretKey = (JSON.parse(await readFile(join(example.dataDir, "example.json"), "utf8")) as { secretKey: string }).secretKey;
    expect(await page.content()).not.toContain(secretKey);
    expect(await page.content()).toMatch(/content="bfps\./);
    await screenshot(page, "1280");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a toast when <helpdesk-tickets> fires billfront-ticket-create (on a phone)", async () => {
    const { page, problems } = await open(360);
    const helpdesk = page.locator("helpdesk-tickets");
    await helpdesk.getByRole("button", { name: "New ticket" }).click();
    await helpdesk.getByLabel("Department").selectOption({ label: "Orders and delivery" });
    await helpdesk.getByLabel("Subject").fill(`Grinder from the ${name} shop`);
    await helpdesk.getByLabel("Message").fill("It squeaks.");
    await helpdesk.getByRole("button", { name: "Send", exact: true }).click();
    // Announced: the toasts live in the page's role=status region.
    const toast = page.locator('.toasts[role="status"][aria-live="polite"] .toast');
    await toast.first().waitFor({ timeout: 15_000 });
    expect(await toast.first().textContent()).toBe(`Ticket “Grinder from the ${name} shop” sent`);
    // The reply form fits the phone too: no field pokes out of the Support card.
    await helpdesk.getByLabel("Your reply").waitFor({ timeout: 15_000 });
    const card = (await page.locator("section", { has: helpdesk }).boundingBox())!;
    const fields = await helpdesk.locator("[part=form] textarea, [part=form] input").all();
    expect(fields.length).toBeGreaterThanOrEqual(2);
    for (const field of fields) {
      const fieldBox = (await field.boundingBox())!;
      expect(fieldBox.x + fieldBox.width).toBeLessThanOrEqual(card.x + card.width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const box = (await toast.first().boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, `example-${name}-toast-360.png`) });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("gives <billfront-portal> a fetchSession property that renews the session through the merchant's server", async () => {
    const { page } = await open();
    const renewal = await page.evaluate(async () => {
      const portal = document.querySelector("billfront-portal") as HTMLElement & { fetchSession?: () => Promise<string | undefined>; session?: string };
      if (typeof portal.fetchSession !== "function") return { kind: typeof portal.fetchSession };
      const token = await portal.fetchSession();
      // The renewed token works against the portal API.
      const api = document.querySelector<HTMLMetaElement>('meta[name="billfront-api"]')!.content;
      const res = await fetch(`${api}/v1/portal/session`, { headers: { Authorization: `Bearer ${token}` } });
      return { kind: "function", token, first: portal.session, status: res.status };
    });
    expect(renewal.kind).toBe("function");
    expect(renewal.token).toMatch(/^bfps\./);
    expect(renewal.token).not.toBe(renewal.first);
    expect(renewal.status).toBe(200);
    await page.close();
  });

  it("fits a 360 px wide phone without sideways scrolling", async () => {
    const { page, problems } = await open(360);
    await page.locator("helpdesk-tickets").getByRole("button", { name: "New ticket" }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "360");
    expect(problems).toEqual([]);
    await page.close();
  });
});
