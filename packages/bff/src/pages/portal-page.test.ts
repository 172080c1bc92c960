import { schema, setMerchantSettings } from "@billfront/core/server";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

type Body = Record<string, any>;

const PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

// W6, W2, A5: the hosted portal page, the brand it shows and what a session tells it.
describe("hosted portal page (W6)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["https://shop.example"]);
  const customer = await t.createCustomer(shop.merchantId);
  const other = await t.createCustomer(shop.merchantId, "other@example.com");

  const merchant = async (method: string, path: string, body?: unknown) => {
    const res = await t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Body };
  };
  const portal = async (session: string, path: string) => {
    const res = await t.app.request(path, { headers: { Authorization: `Bearer ${session}` } });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const strictCsp = (res: Response) => {
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}'(;|$)/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    return csp;
  };

  it("serves one page per merchant under the strict CSP, with the shop's name escaped and no session in it", async () => {
    await t.database.db.update(schema.merchants).set({ name: 'Tea & "Cake" <Shop>' }).where(eq(schema.merchants.id, shop.merchantId));
    const res = await t.app.request(`/portal/${shop.merchantId}`);
    expect(res.status).toBe(200);
    const csp = strictCsp(res);
    expect(csp).toContain("img-src 'self' data:;");
    const html = await res.text();
    expect(html).toContain(`<billfront-hosted-portal merchant="${shop.merchantId}" merchant-name="Tea &amp; &quot;Cake&quot; &lt;Shop&gt;"`);
    expect(html).toContain('<script type="module" src="/widgets/billfront.js"></script>');
    expect(html).not.toContain("bfps.");
  });

  it("the portal slug (P6) names the hosted portal and the sign-in page; an unknown slug is a 404 page under the same CSP", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { portalSlug: "kaffee-nord", selfSignIn: true });
    const res = await t.app.request("/p/kaffee-nord");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/portal/${shop.merchantId}`);
    const missing = await t.app.request("/p/no-such-shop");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    const signIn = await t.app.request("/signin/kaffee-nord");
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain(shop.merchantId);
    await setMerchantSettings(t.core, shop.merchantId, {});
  });

  it("the entry page /portal forwards a token to its merchant's page; every error page has the same CSP", async () => {
    const entry = await t.app.request("/portal");
    strictCsp(entry);
    expect(await entry.text()).toContain('location.replace("/portal/"');

    const unknown = await t.app.request("/portal/mer_doesnotexist");
    expect(unknown.status).toBe(404);
    strictCsp(unknown);
    expect(await unknown.text()).toContain("This billing area does not exist");
    const odd = await t.app.request("/portal/%3Cscript%3E");
    expect(odd.status).toBe(404);
    strictCsp(odd);

    const off = await t.createMerchant();
    await t.database.db.update(schema.merchants).set({ settings: { portalEnabled: false } }).where(eq(schema.merchants.id, off.merchantId));
    const disabled = await t.app.request(`/portal/${off.merchantId}`);
    expect(disabled.status).toBe(403);
    strictCsp(disabled);
  });

  it("a brand colour must be #rrggbb and a logo https or a data: image; the page then allows exactly the logo's origin (W2)", async () => {
    for (const [body, code] of [
      [{ brand_color: "red" }, "invalid_brand_color"],
      [{ brand_color: "#0b57d0; background: url(https://evil.example)" }, "invalid_brand_color"],
      [{ logo_url: "javascript:alert(1)" }, "invalid_logo_url"],
      [{ logo_url: "http://cdn.example/logo.png" }, "invalid_logo_url"],
      [{ logo_url: "data:text/html;base64,PHNjcmlwdD4=" }, "invalid_logo_url"],
      [{ logo_url: "https://user:pw@cdn.example/logo.png" }, "invalid_logo_url"],
    ] as const) {
      const refused = await merchant("PUT", "/branding", body);
      expect(refused).toMatchObject({ status: 422, type: "application/problem+json", body: { code } });
    }
    const [row] = await t.database.db.select().from(schema.merchants).where(eq(schema.merchants.id, shop.merchantId));
    expect([row!.logoUrl, row!.brandColor]).toEqual([null, null]);

    expect(await merchant("PUT", "/branding", { logo_url: "https://cdn.example/brand/logo.png", brand_color: "#C0FFEE" })).toMatchObject({
      status: 200,
      body: { logo_url: "https://cdn.example/brand/logo.png", brand_color: "#c0ffee" },
    });
    const res = await t.app.request(`/portal/${shop.merchantId}`);
    expect(strictCsp(res)).toContain("img-src 'self' data: https://cdn.example;");
    const html = await res.text();
    expect(html).toContain('logo-url="https://cdn.example/brand/logo.png" brand-color="#c0ffee"');

    expect((await merchant("PUT", "/branding", { logo_url: PNG })).status).toBe(200);
    expect(strictCsp(await t.app.request(`/portal/${shop.merchantId}`))).toContain("img-src 'self' data:;");
  });

  it("GET /v1/portal/session tells the page the shop's brand, banner and custom tabs, leaving out what is not safe to show", async () => {
    await t.database.db
      .update(schema.merchants)
      .set({
        brandColor: "#123456;x", // written around core: not shown
        settings: {
          bannerMessage: "Shipping pauses over the holidays.",
          selfSignIn: true,
          customTabs: [
            { label: { en: "Rewards", de: "Prämien" }, url: "https://shop.example/rewards" },
            { label: "Click me", url: "javascript:alert(1)" },
            { label: "Relative", url: "/faq" },
          ],
        },
      })
      .where(eq(schema.merchants.id, shop.merchantId));
    const { token } = await t.mintSession(shop.merchantId, customer.id, { flow: "open_ticket", returnUrl: "https://shop.example/account" });
    const info = await portal(token, "/v1/portal/session");
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ flow: "open_ticket", return_url: "https://shop.example/account" });
    expect(info.body.merchant).toEqual({
      id: shop.merchantId,
      name: 'Tea & "Cake" <Shop>',
      default_locale: "en",
      banner_message: "Shipping pauses over the holidays.",
      logo_url: PNG,
      brand_color: null,
      custom_tabs: [{ label: { en: "Rewards", de: "Prämien" }, url: "https://shop.example/rewards" }],
      self_sign_in: true,
    });
    expect(await (await t.app.request(`/portal/${shop.merchantId}`)).text()).toContain(" self-sign-in>");
  });

  it("admins set custom tabs with PUT /v1/settings; only http(s) links are taken (W2)", async () => {
    const tabs = [{ label: { en: "Rewards", de: "Prämien" }, url: "https://shop.example/rewards" }];
    expect(await merchant("PUT", "/settings", { customTabs: [{ label: "x", url: "javascript:alert(1)" }] })).toMatchObject({ status: 422, body: { code: "validation_failed" } });
    expect(await merchant("PUT", "/settings", { customTabs: tabs })).toMatchObject({ status: 200, body: { customTabs: tabs } });
  });

  it("GET /v1/portal/invoices/:id shows the customer's own invoice; a pay link's session reads only its own (A5)", async () => {
    const unpaid = await t.createPaidOrder(shop.merchantId, customer.id, { description: "Kettle", unitAmount: 5900, attempts: ["declined"] });
    const paid = await t.createPaidOrder(shop.merchantId, customer.id, { description: "Filter papers", unitAmount: 700 });
    const theirs = await t.createPaidOrder(shop.merchantId, other.id, { description: "Mug", unitAmount: 1500, attempts: ["declined"] });
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect(await portal(token, `/v1/portal/invoices/${unpaid.invoiceId}`)).toMatchObject({
      status: 200,
      body: { id: unpaid.invoiceId, status: "open", payable: true, amount: { amount: 5900, currency: "EUR" }, order_id: unpaid.orderId, order_number: unpaid.number, document: { kind: "invoice" } },
    });
    expect(await portal(token, `/v1/portal/invoices/${paid.invoiceId}`)).toMatchObject({ status: 200, body: { status: "paid", payable: false } });
    expect(await portal(token, `/v1/portal/invoices/${theirs.invoiceId}`)).toMatchObject({ status: 404, body: { code: "invoice_not_found" } });

    const link = await t.mintSession(shop.merchantId, customer.id, { flow: "pay_invoice", flowSubjectId: unpaid.invoiceId, limited: true });
    expect((await portal(link.token, `/v1/portal/invoices/${unpaid.invoiceId}`)).status).toBe(200);
    expect(await portal(link.token, `/v1/portal/invoices/${paid.invoiceId}`)).toMatchObject({ status: 403, body: { code: "session_flow_only" } });
    expect(await portal(link.token, "/v1/portal/billing_history")).toMatchObject({ status: 403, body: { code: "session_flow_only" } });
  });
});
