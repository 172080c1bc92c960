import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { addCard, createDepartment, createPricePoint, createProduct, createSubscription, setMerchantBranding, setMerchantSettings } from "@billfront/core/server";
import { placeBilledOrder } from "@billfront/core/testing";
import { startTestServer } from "@billfront/bff/testing";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../scripts/chromium.mjs";

const axeSource = readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const shots = process.env.BILLFRONT_SCREENSHOTS;
// The logo travels as a data: URL (an SVG), which the page's img-src allows without any other origin.
const LOGO = "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0MCIgaGVpZ2h0PSI0MCIgdmlld0JveD0iMCAwIDQwIDQwIj48Y2lyY2xlIGN4PSIyMCIgY3k9IjIwIiByPSIyMCIgZmlsbD0iIzZiM2UxZCIvPjxwYXRoIGQ9Ik0xMSAxNWgxNXY4YTcgNyAwIDAgMS03IDdoLTFhNyA3IDAgMCAxLTctN3oiIGZpbGw9IiNmNmU3ZDMiLz48cGF0aCBkPSJNMjYgMTdoMmEzIDMgMCAwIDEgMCA2aC0yIiBmaWxsPSJub25lIiBzdHJva2U9IiNmNmU3ZDMiIHN0cm9rZS13aWR0aD0iMiIvPjwvc3ZnPg==";
const RETURN_URL = "https://shop.example/account";

// W6, A5, A8: the hosted portal in Chromium against a real BFF on a real database.
describe("hosted portal, end to end in Chromium (W6, A5, A8)", () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let shop: { merchantId: string; customerId: string; subscriptionId: string; openInvoiceId: string };

  beforeAll(async () => {
    [browser, server] = await Promise.all([chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true }), startTestServer()]);
    const core = server.deps.core;
    const { merchantId } = await server.createMerchant(["https://shop.example"]);
    await setMerchantSettings(core, merchantId, {
      cancellation: "automatic",
      selfSignIn: true,
      bannerMessage: "Orders placed after 20 December ship in January.",
      customTabs: [{ label: { en: "Rewards", de: "Prämien" }, url: "https://shop.example/rewards" }],
    });
    // A pale brand colour: the page darkens it until text in it reads at 4.5:1.
    await setMerchantBranding(core, merchantId, { logoUrl: LOGO, brandColor: "#f2a900" });
    const customer = await server.createCustomer(merchantId);
    const scope = { merchantId, customerId: customer.id };
    await addCard(core, scope, { number: "4242424242424242", expMonth: 12, expYear: 2031, cvc: "123" });
    const item = (description: string, unitAmount: number) => ({ customerId: customer.id, type: "one_time" as const, currency: "EUR", items: [{ description, quantity: 1, unitAmount }] });
    await placeBilledOrder(core, merchantId, item("Hand-thrown ceramic pour-over dripper with a very long name", 4900), ["approved"]);
    const declined = await placeBilledOrder(core, merchantId, item("Burr grinder", 12900), ["declined"]);
    const product = await createProduct(core, merchantId, { name: "Espresso club" });
    const price = await createPricePoint(core, merchantId, { productId: product.id, currency: "EUR", interval: "month", name: "Monthly", amount: 1800 });
    const subscription = await createSubscription(core, merchantId, { customerId: customer.id, pricePointId: price.id });
    await createDepartment(core, merchantId, { name: "Orders and delivery" });
    shop = { merchantId, customerId: customer.id, subscriptionId: subscription.id, openInvoiceId: declined.invoiceId };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Opens the hosted portal the way a session URL does: the token only in the fragment. */
  async function open(options: Parameters<typeof server.mintSession>[2] = {}, viewport = { width: 360, height: 800 }): Promise<Page> {
    const { token } = await server.mintSession(shop.merchantId, shop.customerId, typeof options === "number" ? options : { returnUrl: RETURN_URL, ...options });
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
    (page as Page & { problems: string[] }).problems = problems;
    await page.goto(`${server.url}/portal/${shop.merchantId}#${new URLSearchParams({ session: token })}`);
    return page;
  }
  const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;
  const noHorizontalScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  async function axe(page: Page) {
    // Evaluated by the test driver, not injected as a <script>: the page's CSP (which stays on) would block that.
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(await axeSource);
    const result = await page.evaluate(async () => {
      const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
      return run(document, { resultTypes: ["violations"] });
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
  async function shot(page: Page, name: string) {
    if (shots) await page.screenshot({ path: join(shots, name), fullPage: true });
  }

  it.each([320, 360])("fits %i px without horizontal scroll in the orders, payment methods and support tabs, axe-clean", async (width) => {
    const page = await open({}, { width, height: 800 });
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    expect(page.url()).toBe(`${server.url}/portal/${shop.merchantId}`);
    expect(await page.locator(".bf-banner").textContent()).toContain("ship in January");
    // Once: above the tabs, not again inside <billfront-portal> (was shown twice).
    await page.waitForTimeout(300);
    expect(await page.getByText("ship in January").count()).toBe(1);
    expect(await page.getByRole("link", { name: "Rewards" }).getAttribute("href")).toBe("https://shop.example/rewards");
    expect(await page.getByRole("link", { name: "← Back to the shop" }).getAttribute("href")).toBe(RETURN_URL);
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, `hosted-orders-${width}.png`);

    await page.getByRole("tab", { name: "Payment methods" }).click();
    await page.locator("payment-methods [part=method]").first().waitFor({ timeout: 15_000 });
    expect(await page.getByRole("tab", { name: "Payment methods" }).getAttribute("aria-selected")).toBe("true");
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, `hosted-cards-${width}.png`);

    // Keyboard: the arrow key moves to the next tab (WAI-ARIA tabs).
    await page.getByRole("tab", { name: "Payment methods" }).focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.getByRole("tab", { name: "Support" }).getAttribute("aria-selected")).toBe("true");
    await page.locator("helpdesk-tickets").getByRole("button", { name: "New ticket" }).waitFor({ timeout: 15_000 });
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, `hosted-support-${width}.png`);

    // An opened order (tables of lines and history) still fits.
    await page.getByRole("tab", { name: "Orders" }).click();
    await page.getByRole("button", { name: /View order/ }).first().click();
    await page.locator("billfront-order-details [part=history]").waitFor({ timeout: 15_000 });
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, `hosted-order-${width}.png`);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it("looks right at 1280 px", async () => {
    const page = await open({}, { width: 1280, height: 800 });
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, "hosted-orders-1280.png");
    await page.close();
  });

  it("a session minted with flow=cancel_subscription lands on the subscription's cancel dialog (A5)", async () => {
    const page = await open({ flow: "cancel_subscription", flowSubjectId: shop.subscriptionId });
    const dialog = page.getByRole("dialog", { name: "Cancel your subscription" });
    await dialog.waitFor({ timeout: 15_000 });
    expect(await dialog.isVisible()).toBe(true);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, "hosted-cancel-360.png");
    await page.close();
  });

  it("a session minted with flow=update_card lands on the add-card form; an action link's limited session shows no tabs it would be refused", async () => {
    const page = await open({ flow: "update_card" });
    await page.frameLocator("payment-methods iframe").getByLabel("Card number").waitFor({ timeout: 15_000 });
    // Found from outside: at 360 px the card form's fields ran past the frame's right edge.
    const form = page.frames().find((f) => f.url().includes("/card-form"))!;
    expect(
      await form.evaluate(() => {
        const width = document.documentElement.clientWidth;
        return document.documentElement.scrollWidth <= width && [...document.querySelectorAll("input")].every((i) => i.getBoundingClientRect().right <= width);
      }),
    ).toBe(true);
    await shot(page, "hosted-update-card-360.png");
    expect(await page.getByRole("tab", { name: "Payment methods" }).getAttribute("aria-selected")).toBe("true");
    await page.close();

    const limited = await open({ flow: "update_card", limited: true });
    await limited.frameLocator("payment-methods iframe").getByLabel("Card number").waitFor({ timeout: 15_000 });
    expect(await limited.getByRole("heading", { level: 1 }).textContent()).toBe("Update your payment method");
    expect(await limited.getByRole("tab").count()).toBe(0);
    expect(await limited.locator("my-orders, helpdesk-tickets").count()).toBe(0);
    expect(await axe(limited)).toEqual([]);
    expect(problemsOf(limited)).toEqual([]);
    await limited.close();
  });

  it("a pay link's limited session shows the invoice to pay and the cards, and pays it (A5, O6)", async () => {
    const page = await open({ flow: "pay_invoice", flowSubjectId: shop.openInvoiceId, limited: true });
    const pay = page.locator("billfront-pay-invoice").getByRole("button", { name: "Pay €129.00 now" });
    await pay.waitFor({ timeout: 15_000 });
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Pay your invoice");
    expect(await page.getByRole("tab").count()).toBe(0);
    await page.locator("payment-methods [part=method]").first().waitFor({ timeout: 15_000 });
    expect(await noHorizontalScroll(page)).toBe(true);
    expect(await axe(page)).toEqual([]);
    await shot(page, "hosted-pay-invoice-360.png");
    await pay.click();
    await page.locator("billfront-pay-invoice [part=status]", { hasText: "Paid" }).waitFor({ timeout: 15_000 });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it("signs out; a reload still shows the signed-out page, with the way back to the shop and to sign in again (A8, P4)", async () => {
    const page = await open();
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "You signed out" }).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("bf-ended-title");
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("billfront.session.")))).toEqual([]);
    await page.reload();
    await page.getByRole("heading", { name: "You signed out" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("link", { name: "Back to the shop" }).getAttribute("href")).toBe(RETURN_URL);
    expect(await page.getByRole("link", { name: "Sign in again" }).getAttribute("href")).toBe(`/signin/${shop.merchantId}`);
    expect(await page.locator("my-orders").count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await shot(page, "hosted-signed-out-360.png");
    await page.close();
  });

  it("a session that expired shows the session-ended page, without the widgets", async () => {
    const { token } = await server.mintSession(shop.merchantId, shop.customerId, 1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    await page.goto(`${server.url}/portal/${shop.merchantId}#${new URLSearchParams({ session: token })}`);
    await page.getByRole("heading", { name: "Your session has ended" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("main").textContent()).toContain("closes after a while without activity");
    expect(await page.locator("my-orders").count()).toBe(0);
    await page.close();
  });

  it("switches to German, remembers it across a reload, and the widgets speak German too (W3)", async () => {
    const page = await open();
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    await page.getByLabel("Language").selectOption("de");
    await page.getByRole("tab", { name: "Bestellungen" }).waitFor();
    await expect.poll(() => page.locator("my-orders [part=order]").first().textContent()).toMatch(/Bestellung/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("de");
    expect(await page.getByRole("link", { name: "Prämien" }).count()).toBe(1);
    await page.reload();
    await page.getByRole("tab", { name: "Zahlungsmethoden" }).click();
    await page.locator("payment-methods").getByRole("button", { name: "Karte hinzufügen" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Abmelden" }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await shot(page, "hosted-cards-de-360.png");
    await page.close();
  });

  it("speaks French and Spanish around the widgets; a session in a language it does not speak is wholly English (W3)", async () => {
    const page = await open();
    await page.locator("my-orders [part=order]").first().waitFor({ timeout: 15_000 });
    await page.getByLabel("Language").selectOption("fr");
    await page.getByRole("tab", { name: "Commandes" }).waitFor();
    expect(await page.getByRole("button", { name: "Se déconnecter" }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
    for (const width of [320, 360]) {
      await page.setViewportSize({ width, height: 800 });
      expect(await noHorizontalScroll(page)).toBe(true);
      expect(await axe(page)).toEqual([]);
    }
    await shot(page, "hosted-orders-fr-360.png");
    await page.getByLabel("Langue").selectOption("es");
    await page.getByRole("tab", { name: "Métodos de pago" }).waitFor();
    expect(await page.getByRole("button", { name: "Cerrar sesión" }).count()).toBe(1);
    await page.close();

    // Italian is not spoken here: every word of the page is English (no half-translated page).
    const italian = await open({ locale: "it-IT" } as Parameters<typeof open>[0]);
    await italian.getByRole("tab", { name: "Orders" }).waitFor({ timeout: 15_000 });
    expect(await italian.evaluate(() => document.documentElement.lang)).toBe("en");
    expect(await italian.getByRole("button", { name: "Sign out" }).count()).toBe(1);
    await italian.close();
  });

  it("the page with no session and a billing area that does not exist are centred cards that fit 320 and 360 px, axe-clean", async () => {
    for (const width of [320, 360]) {
      const page = await browser.newPage({ viewport: { width, height: 700 } });
      await page.goto(`${server.url}/portal/${shop.merchantId}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 15_000 });
      expect(await noHorizontalScroll(page)).toBe(true);
      expect(await axe(page)).toEqual([]);
      await shot(page, `hosted-no-session-${width}.png`);
      const missing = await page.goto(`${server.url}/portal/mer_doesnotexist`);
      expect(missing!.status()).toBe(404);
      expect(await page.getByRole("heading", { name: "This billing area does not exist" }).count()).toBe(1);
      expect(await page.locator("main .card").count()).toBe(1);
      expect(await noHorizontalScroll(page)).toBe(true);
      expect(await axe(page)).toEqual([]);
      await shot(page, `hosted-not-found-${width}.png`);
      await page.close();
    }
  });
});
