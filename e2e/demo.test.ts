import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "@billfront/core/testing";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";
import { freePort, startDemo, type RunningDemo } from "./demo.ts";

describe("npm start demo, end to end in Chromium", () => {
  let dir: string;
  let browser: Browser;
  let demo: RunningDemo;
  let ports: { bffPort: number; sitePort: number };

  /** A portal session the merchant's server mints (P1), as a URL to open. */
  const portalUrl = async (secretKey: string, customer: string) => {
    const res = await fetch(`${demo.bffUrl}/v1/portal_sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ customer }),
    });
    return ((await res.json()) as { url: string }).url;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "billfront-e2e-"));
    ports = { bffPort: await freePort(), sitePort: await freePort() };
    browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true, downloadsPath: join(dir, "downloads") });
    demo = await startDemo({ dataDir: join(dir, "data"), ...ports });
  });

  afterAll(async () => {
    await demo?.stop();
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ordersOnExamplePage(url: string) {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(url);
    const orders = page.locator("my-orders [part=order]");
    await orders.first().waitFor({ timeout: 15_000 });
    const texts = await orders.allTextContents();
    await page.close();
    return { texts: texts.map((t) => t.replace(/\s+/g, " ").trim()), problems };
  }

  it("shows the seeded customer's orders on the example merchant page, under its strict CSP", async () => {
    expect(demo.output).toMatch(/Demo secret API key \(shown once.*\): sk_test_/);
    const { texts, problems } = await ordersOnExamplePage(demo.siteUrl);
    expect(problems).toEqual([]);
    expect(texts).toHaveLength(6);
    expect(texts.find((t) => t.includes("Espresso club"))).toMatch(/Active.*Next payment/);
    expect(texts.join("\n")).toContain("Kyoto matcha set");
    expect(texts.join("\n")).toContain("¥6,400");
    expect(texts.find((t) => t.includes("Single-origin beans"))).toMatch(/Active.*Next payment/);
    expect(texts.find((t) => t.includes("espresso machine"))).toContain("3 of 4 instalments paid");
    expect(texts.find((t) => t.includes("Tea of the month"))).toContain("Cancelled");
  });

  it("opens an order, shows its billing history and downloads its invoice PDF (issue 3)", async () => {
    const page = await browser.newPage();
    await page.goto(demo.siteUrl);
    await page.getByRole("button", { name: /View order 1003/ }).click();
    const history = page.locator("billfront-order-details [part=history]");
    await history.waitFor({ timeout: 15_000 });
    // One entry per payment in the history list.
    const rows = history.locator("li.entry");
    expect(await rows.count()).toBe(2);
    expect((await rows.nth(1).textContent())!.replace(/\s+/g, " ")).toContain("Declined");
    await expect.poll(() => page.locator("billfront-order-details [part=lines]").textContent()).toContain("VAT 20%");

    const invoiceButton = history.getByRole("button", { name: /Download Invoice INV-\d{6}/ });
    const number = (await invoiceButton.textContent())!.trim().replace("Invoice ", "");
    const download = page.waitForEvent("download");
    await invoiceButton.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`invoice-${number}.pdf`);
    const text = await pdfText(new Uint8Array(await readFile((await file.path())!)));
    expect(text).toContain(number);
    expect(text).toContain("Burr grinder");
    expect(text).toContain("€122.40");

    await page.getByRole("button", { name: /All orders/ }).click();
    await page.locator("my-orders [part=order]").first().waitFor();
    await page.close();
  });

  it("adds a test card through the card form iframe; the merchant page's own script never sees the number (R1)", async () => {
    const page = await browser.newPage();
    // Everything the merchant page's own JavaScript could observe: messages, key and input events, its DOM.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __seen: string[] }).__seen = seen;
      addEventListener("message", (e) => seen.push(JSON.stringify(e.data)));
      for (const type of ["keydown", "keyup", "input", "change", "paste"]) {
        addEventListener(type, (e) => seen.push(`${type}:${(e as KeyboardEvent).key ?? ""}:${(e.target as HTMLInputElement)?.value ?? ""}`), true);
      }
    });
    await page.goto(demo.siteUrl);
    await page.getByRole("button", { name: "Add a card" }).click();
    const form = page.frameLocator("payment-methods iframe");
    await form.getByLabel("Card number").fill("5555 5555 5555 4444");
    await form.getByLabel("Expiry (MM / YY)").fill("11 / 32");
    await form.getByLabel("Security code").fill("321");
    await form.getByRole("button", { name: "Save card" }).click();
    const card = page.locator("payment-methods [part=method]", { hasText: "Mastercard ending 4444" });
    await card.waitFor({ timeout: 15_000 });
    expect((await card.textContent())!.replace(/\s+/g, " ")).toContain("Expires 11/2032");

    const observed = await page.evaluate(() => {
      const dump = (root: Document | ShadowRoot): string =>
        [root instanceof Document ? root.documentElement.outerHTML : root.innerHTML, ...[...root.querySelectorAll("*")].filter((e) => e.shadowRoot).map((e) => dump(e.shadowRoot!))].join("\n");
      const frame = document.querySelector("payment-methods")!.shadowRoot!.querySelector("iframe");
      return { seen: (window as unknown as { __seen: string[] }).__seen.join("\n"), dom: dump(document), frameReadable: frame ? frame.contentDocument !== null : false };
    });
    expect(observed.seen).toContain("billfront:payment-method-added");
    for (const text of [observed.seen, observed.dom]) {
      expect(text.replace(/\D/g, "")).not.toContain("5555555555554444");
    }
    expect(observed.frameReadable).toBe(false);
    await page.close();
  });

  it("pays from a payment link in the hosted checkout (O7); the paid order shows in the portal", async () => {
    const state = JSON.parse(await readFile(join(dir, "demo.json"), "utf8")) as { secretKey: string; customerId: string };
    const customer = await fetch(`${demo.bffUrl}/v1/customers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "grace@example.com", name: "Grace Hopper" }),
    });
    const { id: customerId } = (await customer.json()) as { id: string };
    const created = await fetch(`${demo.bffUrl}/v1/orders`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": "e2e-checkout" },
      body: JSON.stringify({ customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Pour-over kettle", quantity: 1, unit_amount: 5900 }] }),
    });
    expect(created.status).toBe(201);
    const { payment_link, order } = (await created.json()) as { payment_link: string; order: { number: string } };

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    await page.goto(payment_link);
    // A mail scanner stops here: only the button exchanges the link (P2).
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("€59.00, paid once");
    const form = page.frameLocator("#card-form");
    await form.getByLabel("Card number").waitFor({ timeout: 15_000 });
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "checkout-light-1280.png"), fullPage: true });
    await form.getByLabel("Card number").fill("4242 4242 4242 4242");
    await form.getByLabel("Expiry (MM / YY)").fill("10 / 33");
    await form.getByLabel("Security code").fill("123");
    await form.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: "Payment received" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#done").textContent()).toContain("You paid €59.00");
    await page.goto(await portalUrl(state.secretKey, customerId));
    const row = page.locator("my-orders [part=order]", { hasText: `Order ${order.number}` });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain("Paid");
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows a card payment still waiting for the bank as pending, not declined, in the hosted checkout (was: Declined with a Pay button)", async () => {
    const state = JSON.parse(await readFile(join(dir, "demo.json"), "utf8")) as { secretKey: string };
    const customer = await fetch(`${demo.bffUrl}/v1/customers`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", name: "Ada Lovelace" }),
    });
    const { id: customerId } = (await customer.json()) as { id: string };
    const created = await fetch(`${demo.bffUrl}/v1/orders`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": "e2e-checkout-pending" },
      body: JSON.stringify({ customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unit_amount: 12900 }] }),
    });
    const { payment_link, order } = (await created.json()) as { payment_link: string; order: { number: string } };
    // A phone in dark mode: the checkout follows it, and so does the card form inside (issue 13).
    const page = await browser.newPage({ viewport: { width: 360, height: 780 }, colorScheme: "dark" });
    await page.goto(payment_link);
    await page.getByRole("button", { name: "Continue" }).click();
    const form = page.frameLocator("#card-form");
    await form.getByLabel("Card number").waitFor({ timeout: 15_000 });
    const cardForm = page.frames().find((f) => f.url().includes("/card-form"))!;
    expect(await cardForm.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe("dark");
    for (const width of [360, 320]) {
      await page.setViewportSize({ width, height: 780 });
      await page.waitForTimeout(200);
      const fits = await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      const formFits = await cardForm.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      expect({ width, fits, formFits }).toEqual({ width, fits: true, formFits: true });
    }
    await page.setViewportSize({ width: 360, height: 780 });
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "checkout-dark-360.png"), fullPage: true });
    await form.getByLabel("Card number").fill("4000 0000 0000 3220");
    await form.getByLabel("Expiry (MM / YY)").fill("10 / 33");
    await form.getByLabel("Security code").fill("123");
    await form.getByRole("button", { name: "Pay now" }).click();
    await page.getByRole("heading", { name: "Payment waiting for your bank" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("main").textContent()).not.toContain("declined");
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "checkout-pending-360.png"), fullPage: true });
    await page.goto(await portalUrl(state.secretKey, customerId));
    const row = page.locator("my-orders [part=order]", { hasText: `Order ${order.number}` });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).not.toContain("Declined");
    await page.getByRole("button", { name: new RegExp(`View order ${order.number}`) }).click();
    const history = page.locator("billfront-order-details [part=history]");
    await history.waitFor({ timeout: 15_000 });
    expect((await history.textContent())!.replace(/\s+/g, " ")).toMatch(/Pending/i);
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "order-pending-360.png"), fullPage: true });
    if (process.env.BILLFRONT_SCREENSHOTS) {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "order-pending-1280.png"), fullPage: true });
    }
    expect(await page.locator("billfront-order-details").getByRole("button", { name: /^Pay/ }).count()).toBe(0);
    await page.close();
  });

  it("opens a support ticket from the example page (H1)", async () => {
    const page = await browser.newPage();
    await page.goto(demo.siteUrl);
    const helpdesk = page.locator("helpdesk-tickets");
    await helpdesk.getByRole("button", { name: "New ticket" }).click();
    await helpdesk.getByLabel("Department").selectOption({ label: "Orders and delivery" });
    await helpdesk.getByLabel("Subject").fill("Where is my grinder?");
    await helpdesk.getByLabel("Message").fill("Order 1003 has not arrived yet.");
    await helpdesk.getByRole("button", { name: "Send", exact: true }).click();
    await helpdesk.locator("[part=conversation]").waitFor({ timeout: 15_000 });
    expect(await helpdesk.locator("[part=conversation]").textContent()).toContain("Order 1003 has not arrived yet.");
    await page.close();
  });

  it("sends a ticket to a paid department from the example page and the incident count drops by one (H3)", async () => {
    const page = await browser.newPage();
    await page.goto(demo.siteUrl);
    const helpdesk = page.locator("helpdesk-tickets");
    await helpdesk.getByRole("button", { name: "New ticket" }).click();
    await helpdesk.getByLabel("Department").selectOption({ label: "Barista hotline (a ticket here costs 1 incident)" });
    const cost = helpdesk.locator("[part=incidents]");
    await expect.poll(() => cost.textContent()).toContain("You have 3 left.");
    await helpdesk.getByLabel("Subject").fill("Shots run too fast");
    await helpdesk.getByLabel("Message").fill("18 g in, 40 g out in 15 s.");
    await helpdesk.getByRole("button", { name: "Send", exact: true }).click();
    await helpdesk.locator("[part=conversation]").waitFor({ timeout: 15_000 });
    await helpdesk.getByRole("button", { name: "← All tickets" }).click();
    await helpdesk.getByRole("button", { name: "New ticket" }).click();
    await helpdesk.getByLabel("Department").selectOption({ label: "Barista hotline (a ticket here costs 1 incident)" });
    await expect.poll(() => cost.textContent()).toContain("You have 2 left.");
    await page.close();
  });

  it("cancels the subscription at the end of the term from the example page, then keeps it after all (S1)", async () => {
    const page = await browser.newPage();
    await page.goto(demo.siteUrl);
    await page.getByRole("button", { name: /View order 1006/ }).click();
    const panel = page.locator("billfront-subscription-panel, [part=subscription]").first();
    await panel.getByRole("button", { name: "Cancel subscription" }).click();
    await page.getByLabel("At the end of the current period").check();
    const anyway = page.getByRole("button", { name: "Cancel anyway" });
    if (await anyway.isVisible().catch(() => false)) await anyway.click();
    await page.getByRole("button", { name: "Confirm cancellation" }).click();
    const keep = page.getByRole("button", { name: "Keep my subscription" });
    await keep.waitFor({ timeout: 15_000 });
    await keep.click();
    await page.getByRole("button", { name: "Cancel subscription" }).waitFor({ timeout: 15_000 });
    expect(await keep.count()).toBe(0);
    await page.close();
  });

  it("forwards an invoice from the example page; it arrives over SMTP in the dev mailbox with its PDF, beside the seeded invite (mail)", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    await page.goto(demo.siteUrl);
    await page.getByRole("button", { name: /View order 1003/ }).click();
    const forward = page.getByRole("button", { name: /Forward invoice INV-\d{6} by e-mail/ });
    await forward.waitFor({ timeout: 15_000 });
    const number = /INV-\d{6}/.exec((await forward.getAttribute("aria-label"))!)![0];
    await forward.click();
    const dialog = page.getByRole("dialog", { name: `Forward invoice ${number}` });
    await dialog.getByLabel("E-mail address").fill("accountant@example.org");
    if (process.env.BILLFRONT_SCREENSHOTS) await page.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "forward-dialog-360.png") });
    await dialog.getByRole("button", { name: "Send" }).click();
    await page.getByText(`Invoice ${number} is on its way to accountant@example.org.`).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.close();

    // The mailbox page runs no script of its own: axe is put in past its CSP.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const mailbox = await context.newPage();
    const subject = new RegExp(`sent you invoice ${number}`);
    await expect
      .poll(async () => {
        await mailbox.goto(`${demo.bffUrl}/dev/mailbox`);
        return mailbox.getByRole("link", { name: subject }).count();
      }, { timeout: 30_000, interval: 1_000 })
      .toBe(1);
    expect(await mailbox.getByRole("link", { name: /Your billing account with Northwind Coffee Roasters/ }).count()).toBeGreaterThan(0);
    await mailbox.getByRole("link", { name: subject }).click();
    await expect.poll(() => mailbox.locator("dd").nth(1).textContent()).toBe("accountant@example.org");
    expect(await mailbox.getByRole("link", { name: `invoice-${number}.pdf` }).count()).toBe(1);
    expect(await mailbox.frameLocator("iframe").getByRole("heading", { name: `Invoice ${number}` }).count()).toBe(1);
    if (process.env.BILLFRONT_SCREENSHOTS) await mailbox.screenshot({ path: join(process.env.BILLFRONT_SCREENSHOTS, "dev-mailbox-1280.png"), fullPage: true });
    await mailbox.addScriptTag({ path: createRequire(import.meta.url).resolve("axe-core/axe.min.js") });
    const violations = await mailbox.evaluate(async () => (await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()).violations.map((v) => v.id));
    expect(violations).toEqual([]);
    await context.close();
  });

  it("the demo customer signs in by themselves: asks for a code, reads it in the dev mailbox, lands in the hosted portal (P4)", async () => {
    const state = JSON.parse(await readFile(join(dir, "demo.json"), "utf8")) as { merchantId: string };
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(`${demo.bffUrl}/signin/${state.merchantId}`);
    await page.getByLabel("E-mail address").fill("ada@example.com");
    await page.getByRole("button", { name: "Send code" }).click();
    await page.getByLabel("6-digit code").waitFor();

    // The code travels over real SMTP to the demo's catcher; the mailbox page shows it.
    const mailbox = await browser.newPage();
    let code: string | undefined;
    await expect
      .poll(async () => {
        await mailbox.goto(`${demo.bffUrl}/dev/mailbox`);
        const subjects = await mailbox.getByRole("link", { name: /sign-in code/ }).allTextContents();
        code = subjects[0]?.match(/\b(\d{6})\b/)?.[1];
        return code;
      }, { timeout: 30_000, interval: 1_000 })
      .toMatch(/^\d{6}$/);
    await mailbox.close();

    await page.getByLabel("6-digit code").fill(code!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(new RegExp(`/portal/${state.merchantId}$`));
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    await page.close();
  });

  it("opens the hosted portal from a session URL minted with the demo key", async () => {
    const state = JSON.parse(await readFile(join(dir, "demo.json"), "utf8")) as { secretKey: string; customerId: string };
    const res = await fetch(`${demo.bffUrl}/v1/portal_sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${state.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ customer: state.customerId }),
    });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    expect(await page.locator("my-orders [part=order]").count()).toBe(6);
    expect(page.url()).not.toContain("session="); // the token is removed from the address bar
    await page.close();
  });

  it("the example shop opens the hosted portal with a way back to itself, and mints fresh sessions for fetchSession", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 780 } });
    await page.goto(demo.siteUrl);
    await page.getByRole("link", { name: "Open the full-page billing portal" }).click();
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole("link", { name: "← Back to the shop" }).getAttribute("href")).toBe(`${demo.siteUrl}/`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.close();
    // What the page's fetchSession asks: a new session, readable by the shop's own pages only (no CORS headers).
    const fresh = await fetch(`${demo.siteUrl}/session`, { method: "POST" });
    expect(fresh.headers.get("Access-Control-Allow-Origin")).toBe(null);
    expect(((await fresh.json()) as { token: string }).token).toMatch(/^bfps\./);
  });

  it("keeps its data across a restart and does not seed twice; BILLFRONT_SECRET is generated and shown once, and still opens the signing keys", async () => {
    const secret = demo.output.match(/Generated BILLFRONT_SECRET \(shown once[^\n]*\): (\S+)/)?.[1];
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await demo.stop();
    demo = await startDemo({ dataDir: join(dir, "data"), ...ports });
    expect(demo.output).toContain("Using demo merchant");
    expect(demo.output).not.toContain("sk_test_");
    expect(demo.output).not.toContain(secret!);
    const { texts } = await ordersOnExamplePage(demo.siteUrl);
    expect(texts).toHaveLength(6);
  });
});
