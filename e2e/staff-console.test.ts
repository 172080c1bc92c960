import { createCustomer, createDepartment, createMerchant, createStaffUser, getTicket, openTicket, schema, setMerchantSettings } from "@billfront/core/server";
import { startTestServer } from "@billfront/bff/testing";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { generate } from "otplib";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = process.env.BILLFRONT_REPORT_DIR ? join(process.env.BILLFRONT_REPORT_DIR, "screenshots") : process.env.BILLFRONT_SCREENSHOTS;

// M1 in a real browser: /staff, the e-mailed code (from the outbox), TOTP, the HttpOnly cookie, reload, sign-out.
describe("staff sign-in on /staff, in Chromium", () => {
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

  const codeFor = async (email: string, after = 0) => {
    const mails = async () => (await server.database.db.select().from(schema.outboxMessages)).filter((m) => m.to === email && m.template === "staff_sign_in_code");
    await expect.poll(async () => (await mails()).length).toBeGreaterThan(after);
    return (await mails()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1)!.body.match(/\b(\d{6})\b/)![1]!;
  };
  const axe = async (page: Page) => {
    await page.evaluate(await axeSource);
    return page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe.run(document);
      return result.violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    });
  };
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  /** axe and no sideways scrolling at 1280, 768 and 360 px, back at 1280 after. */
  const atEveryWidth = async (page: Page, state: string) => {
    for (const width of [1280, 768, 360]) {
      await page.setViewportSize({ width, height: 800 });
      await page.waitForTimeout(50);
      { const v = await axe(page); if (v.length) console.log("AXE", state, width, v); expect(v.length, `${state} at ${width}`).toBe(0); }
      expect(await noHorizontalScroll(page), `${state} at ${width}`).toBe(true);
      if (shots) await page.screenshot({ path: join(shots, `staff-${state}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };
  const focusedId = (page: Page) => page.evaluate(() => document.querySelector("billfront-console")?.shadowRoot?.querySelector("bf-console-sign-in")?.shadowRoot?.activeElement?.id ?? null);

  it("an agent signs in with the e-mailed code; the cookie is HttpOnly; reload keeps them in; sign-out ends the session", async () => {
    const shop = await createMerchant(server.deps.core, { name: "Kaffeerösterei Nord", allowedOrigins: [] });
    const agent = await createStaffUser(server.deps.core, shop.merchantId, { email: "agent@nord.example", role: "agent" });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${server.url}/staff?locale=en`);
    await page.getByLabel("E-mail address").waitFor();
    await atEveryWidth(page, "email");

    // Keyboard only: type, Enter.
    await page.getByLabel("E-mail address").focus();
    await page.keyboard.type(agent.email);
    await page.keyboard.press("Enter");
    await page.getByLabel("Sign-in code").waitFor();
    expect(await page.getByLabel("Sign-in code").getAttribute("autocomplete")).toBe("one-time-code");
    await expect.poll(() => focusedId(page)).toBe("code");
    await atEveryWidth(page, "code");

    // A wrong code: the error is shown and read out, focus stays on the field.
    await page.keyboard.type("000000");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("not right");
    await expect.poll(() => focusedId(page)).toBe("code");
    await atEveryWidth(page, "code-error");

    await page.getByLabel("Sign-in code").fill(await codeFor(agent.email));
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await page.getByText(agent.email).count()).toBeGreaterThan(0);

    // The session cookie is HttpOnly, SameSite=Strict: the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain("billfront_staff");
    const [cookie] = (await context.cookies()).filter((c) => c.name === "billfront_staff");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });

    // A reload keeps the session (the CSRF token comes back from GET /v1/staff/session) and unsafe calls work.
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    const csrfOk = await page.evaluate(async () => {
      const session = (await (await fetch("/v1/staff/session")).json()) as { csrf_token: string };
      const res = await fetch("/v1/customers", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": session.csrf_token }, body: JSON.stringify({ email: "walk-in@nord.example" }) });
      const forged = await fetch("/v1/customers", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: "forged@nord.example" }) });
      return [res.status, forged.status];
    });
    expect(csrfOk).toEqual([201, 403]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You have signed out.").waitFor();
    await page.getByLabel("E-mail address").waitFor();
    // The old cookie no longer works anywhere.
    const replay = await fetch(`${server.url}/v1/staff/me`, { headers: { Cookie: `billfront_staff=${cookie!.value}` } });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe("staff_session_expired");
    expect(problems).toEqual([]);
    await context.close();
  });

  it("with TOTP required, enrols (QR and key shown once) and then signs in with an authenticator code", async () => {
    const shop = await createMerchant(server.deps.core, { name: "Northwind", allowedOrigins: [] });
    await setMerchantSettings(server.deps.core, shop.merchantId, { staffMfa: "required" });
    const admin = await createStaffUser(server.deps.core, shop.merchantId, { email: "admin@northwind.example", role: "admin" });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/staff?locale=en`);
    await page.getByLabel("E-mail address").fill(admin.email);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Sign-in code").fill(await codeFor(admin.email));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Set up two-step verification" }).waitFor();
    await expect.poll(() => focusedId(page)).toBe("totp");
    await atEveryWidth(page, "enrol");
    const secret = (await page.locator("code.secret").textContent())!.trim();
    await page.getByLabel("Authenticator code").fill(await generate({ secret }));
    await page.getByRole("button", { name: "Confirm and sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("E-mail address").waitFor();

    // Next time: the TOTP step (no enrolment again). A fresh time step so the code is not a replay.
    const sent = (await server.database.db.select().from(schema.outboxMessages)).filter((m) => m.to === admin.email).length;
    await page.getByLabel("E-mail address").fill(admin.email);
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("Sign-in code").fill(await codeFor(admin.email, sent));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Two-step verification" }).waitFor();
    await atEveryWidth(page, "totp");
    const step = Math.floor(Date.now() / 30_000);
    await expect.poll(() => Math.floor(Date.now() / 30_000), { timeout: 35_000, interval: 500 }).toBeGreaterThan(step);
    await page.getByLabel("Authenticator code").fill(await generate({ secret }));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
    await context.close();
  });
  it("an agent signed in on /staff answers a ticket with an internal note and a reply; the customer sees the reply and not the note; the admin-only screens are refused by the server", async () => {
    const core = server.deps.core;
    const shop = await createMerchant(core, { name: "Teehaus Süd", allowedOrigins: [] });
    const agent = await createStaffUser(core, shop.merchantId, { email: "agent@sued.example", role: "agent" });
    const customer = await createCustomer(core, shop.merchantId, { email: "ada@example.com", name: "Ada Lovelace" });
    const department = await createDepartment(core, shop.merchantId, { name: "General" });
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    const ticket = await openTicket(core, scope, { departmentId: department.id, subject: "Grinder noise", body: "It squeaks." });

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${server.url}/staff?locale=en`);
    await page.getByLabel("E-mail address").fill(agent.email);
    await page.keyboard.press("Enter");
    await page.getByLabel("Sign-in code").fill(await codeFor(agent.email));
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    // No Settings for an agent, and the server refuses the admin-only calls whatever the page shows (M1).
    expect(await page.locator("billfront-console").getByRole("button", { name: "Settings" }).count()).toBe(0);
    const refused = await page.evaluate(async () => {
      const { csrf_token } = (await (await fetch("/v1/staff/session")).json()) as { csrf_token: string };
      const put = await fetch("/v1/settings", { method: "PUT", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf_token }, body: JSON.stringify({ refunds: "off" }) });
      const keys = await fetch("/v1/api_keys");
      return [put.status, ((await put.json()) as { code: string }).code, keys.status];
    });
    expect(refused).toEqual([403, "admin_only", 403]);

    await page.locator("billfront-console").getByRole("button", { name: "Helpdesk" }).click();
    await page.locator("billfront-console").getByRole("button", { name: "Grinder noise" }).click();
    const screen = page.locator("bf-console-ticket");
    await screen.getByLabel("Internal note (staff only)").check();
    await screen.getByLabel("Message").fill("Customer sounds unhappy; offer a free descaling.");
    await screen.getByRole("button", { name: "Add note" }).click();
    await screen.getByText("The internal note was added.").waitFor();
    await screen.getByLabel("Reply to the customer").check();
    await screen.getByLabel("Message").fill("Please clean the burrs; we will send a brush.");
    await screen.getByRole("button", { name: "Send reply" }).click();
    await screen.getByText("Your reply was sent").waitFor();

    // What the customer's portal reads: the reply, never the note.
    const seen = await getTicket(core, scope, ticket.id);
    const bodies = JSON.stringify(seen);
    expect(bodies).toContain("Please clean the burrs");
    expect(bodies).not.toContain("free descaling");
    expect(problems).toEqual([]);
    await context.close();
  });
});
