import { createCustomer, createMerchant, schema, setMerchantSettings } from "@billfront/core/server";
import { startTestServer } from "@billfront/bff/testing";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { generate } from "otplib";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = process.env.BILLFRONT_REPORT_DIR ? join(process.env.BILLFRONT_REPORT_DIR, "screenshots") : undefined;

// P4 in a real browser: the hosted sign-in page, the code read from the outbox, the portal at the end.
describe("self sign-in on the hosted page, in Chromium", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
    if (shots) await mkdir(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The newest sign-in e-mail's code for a customer (the outbox row the `mail` job would send). */
  const codeFor = async (customerId: string) => {
    await expect.poll(async () => (await server.database.db.select().from(schema.outboxMessages)).some((m) => m.customerId === customerId && m.template === "sign_in_code")).toBe(true);
    const mails = (await server.database.db.select().from(schema.outboxMessages))
      .filter((m) => m.customerId === customerId && m.template === "sign_in_code")
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return mails.at(-1)!.body.match(/\b(\d{6})\b/)![1]!;
  };
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const axe = async (page: Page) => {
    // Evaluated over the DevTools protocol: the page's CSP (rightly) refuses injected script tags.
    await page.evaluate(await axeSource);
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string }[] }> } }).axe.run(document);
      return result.violations.map((v) => v.id);
    });
  };
  const shot = async (page: Page, name: string) => {
    if (shots) await page.screenshot({ path: join(shots, `sign-in-${name}.png`), fullPage: true });
  };

  it("requests a code, types it from the e-mail and lands on /portal with a working session (360 px, axe-clean)", async () => {
    const shop = await createMerchant(server.deps.core, { name: "Kaffeerösterei Nord", allowedOrigins: [] });
    await setMerchantSettings(server.deps.core, shop.merchantId, { selfSignIn: true });
    const customer = await createCustomer(server.deps.core, shop.merchantId, { email: "ada@example.com", name: "Ada" });
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(`${server.url}/signin/${shop.merchantId}`);
    expect(await axe(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, "email-360");

    // An empty field says so, next to it.
    await page.getByRole("button", { name: "Send code" }).click();
    await expect.poll(() => page.locator("#email-error").textContent()).toBe("Enter your e-mail address.");
    expect(await page.getByLabel("E-mail address").getAttribute("aria-invalid")).toBe("true");

    await page.getByLabel("E-mail address").fill("ada@example.com");
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("6-digit code").waitFor();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your e-mail");
    await page.getByLabel("6-digit code").fill("000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#code-error").textContent()).toContain("not right");
    expect(await axe(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, "code-error-360");

    // The browser logs the wrong code's 401 as a failed resource; from here on nothing may fail.
    problems.length = 0;
    await page.getByLabel("6-digit code").fill(await codeFor(customer.id));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/portal\/mer_\w+$/);
    // The fragment left the address bar; the portal loaded the customer's (empty) orders with the session.
    expect(page.url()).toMatch(new RegExp(`^${server.url}/portal/mer_\\w+$`));
    await page.locator("my-orders").waitFor();
    await expect.poll(() => page.locator("my-orders").evaluate((el) => el.shadowRoot?.textContent ?? "")).toMatch(/\S/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("speaks German, and with mfaRequired walks through enrolment (QR, key, code, recovery codes) into the portal", async () => {
    const shop = await createMerchant(server.deps.core, { name: "Teehaus Süd", allowedOrigins: [] });
    await setMerchantSettings(server.deps.core, shop.merchantId, { selfSignIn: true, mfaRequired: true });
    const customer = await createCustomer(server.deps.core, shop.merchantId, { email: "grace@example.com", name: "Grace" });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "de-DE", extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
    const page = await context.newPage();
    await page.goto(`${server.url}/signin/${shop.merchantId}`);
    await page.getByLabel("E-Mail-Adresse").fill("grace@example.com");
    await page.getByRole("button", { name: "Code senden" }).click();
    await page.getByLabel("6-stelliger Code").waitFor();
    await page.getByLabel("6-stelliger Code").fill(await codeFor(customer.id));
    await page.getByRole("button", { name: "Anmelden" }).click();

    await page.getByRole("img", { name: /QR-Code/ }).waitFor();
    await expect.poll(() => page.getByRole("img", { name: /QR-Code/ }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const secret = (await page.locator("#secret").textContent())!.replace(/\s/g, "");
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await axe(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, "enrol-de-360");

    await page.getByLabel("Authenticator-Code").last().fill(await generate({ secret }));
    await page.getByRole("button", { name: "Bestätigung in zwei Schritten einschalten" }).click();
    const codes = page.getByRole("list", { name: /Wiederherstellungs\u00AD?codes speichern/ }).getByRole("listitem");
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await page.getByRole("button", { name: "Weiter zu Ihrem Konto" }).click();
    await expect.poll(() => page.locator("#saved-error").textContent()).toContain("Häkchen");
    expect(await axe(page)).toEqual([]);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, "recovery-de-360");
    await page.getByLabel("Ich habe meine Wiederherstellungscodes gespeichert").check();
    await page.getByRole("button", { name: "Weiter zu Ihrem Konto" }).click();
    await page.waitForURL(/\/portal\/mer_\w+$/);
    await page.locator("my-orders").waitFor();

    // Next time: the code step leads to the authenticator step.
    await page.goto(`${server.url}/signin/${shop.merchantId}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel("E-Mail-Adresse").fill("grace@example.com");
    await page.getByRole("button", { name: "Code senden" }).click();
    // The code step shows once the request answered, so its e-mail is queued.
    await page.getByLabel("6-stelliger Code").waitFor();
    await page.getByLabel("6-stelliger Code").fill(await codeFor(customer.id));
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: "Bestätigung in zwei Schritten" }).waitFor();
    expect(await axe(page)).toEqual([]);
    await shot(page, "mfa-de-1280");
    await context.close();
  });

  it("the link page and a link that cannot be used fit 320 and 360 px, axe-clean, in the browser's language (French, Spanish; Italian is English)", async () => {
    for (const [language, expected] of [["fr-FR,fr;q=0.9", "Continuer"], ["es-ES", "Continuar"], ["it-IT", "Continue"]] as const) {
      for (const width of [320, 360]) {
        const context = await browser.newContext({ viewport: { width, height: 700 }, extraHTTPHeaders: { "Accept-Language": language } });
        const page = await context.newPage();
        await page.goto(`${server.url}/links#not-a-real-token`);
        await page.getByRole("button", { name: expected }).waitFor();
        expect(await noHorizontalScroll(page)).toBe(true);
        expect(await axe(page)).toEqual([]);
        await shot(page, `link-${language.slice(0, 2)}-${width}`);
        // Continue with a token that is not valid: the answer is a page saying so, in the same language.
        await page.getByRole("button", { name: expected }).click();
        await page.waitForURL(/\/links$/);
        await page.getByRole("heading", { level: 1 }).waitFor();
        const heading = await page.getByRole("heading", { level: 1 }).textContent();
        expect(heading).toBe({ Continuer: "Ce lien ne peut pas être utilisé", Continuar: "Este enlace no se puede usar", Continue: "This link cannot be used" }[expected]);
        expect(await noHorizontalScroll(page)).toBe(true);
        expect(await axe(page)).toEqual([]);
        await shot(page, `link-error-${language.slice(0, 2)}-${width}`);
        await context.close();
      }
    }
  });

  it("the sign-in page fits 320 px in French, and after a refused code focus is on the field that says why", async () => {
    const shop = await createMerchant(server.deps.core, { name: "Épicerie Fine", allowedOrigins: [] });
    await setMerchantSettings(server.deps.core, shop.merchantId, { selfSignIn: true });
    await createCustomer(server.deps.core, shop.merchantId, { email: "zoe@example.com", name: "Zoé" });
    const context = await browser.newContext({ viewport: { width: 320, height: 740 }, extraHTTPHeaders: { "Accept-Language": "fr-FR,fr;q=0.9" } });
    const page = await context.newPage();
    await page.goto(`${server.url}/signin/${shop.merchantId}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Connexion à votre compte");
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, "email-fr-320");
    await page.getByLabel("Adresse e-mail").fill("zoe@example.com");
    await page.getByRole("button", { name: "Envoyer le code" }).click();
    await expect.poll(async () => (await page.locator("#email-error").textContent()) || ((await page.getByLabel("Code à 6 chiffres").isVisible()) ? "shown" : "")).toBe("shown");
    // The step changed: focus is on its heading, not on <body>.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("heading");
    await page.getByLabel("Code à 6 chiffres").fill("000000");
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect.poll(() => page.locator("#code-error").textContent()).toContain("pas le bon");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("code");
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, "code-error-fr-320");
    await context.close();
  });
});
