import { addCard, createDepartment, createPricePoint, createProduct, createSubscription, setMerchantSettings } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("per-customer settings (A4): PUT and GET /v1/customers/:id/settings", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["https://shop.example"]);
  const other = await t.createMerchant();
  const product = await createProduct(t.core, shop.merchantId, { name: "Coffee club" });
  const plan = await createPricePoint(t.core, shop.merchantId, { productId: product.id, name: "Monthly", amount: 1500, currency: "EUR", interval: "month" });
  let n = 0;

  const merchant = async (method: string, path: string, body?: unknown, key = shop.secretKey) => {
    const res = await t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}) });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
  };

  async function subscriber() {
    const customer = await t.createCustomer(shop.merchantId, `o${++n}@example.com`);
    await addCard(t.core, { merchantId: shop.merchantId, customerId: customer.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const sub = await createSubscription(t.core, shop.merchantId, { customerId: customer.id, pricePointId: plan.id });
    // A session opened now, then used; with the portal off for this customer, none opens (that refusal is the answer).
    const portal = async (method: string, path: string, body?: unknown) => {
      const minted = await t.mintSession(shop.merchantId, customer.id).catch((error: { code: string }) => error);
      if (!("token" in minted)) return { status: 403, body: { code: minted.code } as Record<string, any> };
      const { token } = minted;
      const res = await t.app.request(`/v1/portal${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    return { id: customer.id, sub, portal };
  }

  it("an override beats the merchant's value both ways, for that customer only", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { cancellation: "off" });
    const allowed = await subscriber();
    const bystander = await subscriber();
    const put = await merchant("PUT", `/customers/${allowed.id}/settings`, { cancellation: "automatic" });
    expect(put).toMatchObject({ status: 200, body: { customer: allowed.id, overrides: { cancellation: "automatic" }, overridden: ["cancellation"], settings: { cancellation: "automatic", reactivate: false } } });
    expect((await allowed.portal("GET", `/subscriptions/${allowed.sub.id}`)).body.actions).toEqual(["cancel"]);
    expect((await bystander.portal("GET", `/subscriptions/${bystander.sub.id}`)).body.actions).toEqual([]);
    expect((await bystander.portal("POST", `/subscriptions/${bystander.sub.id}/cancel`, { when: "now" })).body.code).toBe("cancel_not_allowed");

    // The other way: the shop allows cancelling, one customer may not.
    await setMerchantSettings(t.core, shop.merchantId, { cancellation: "automatic" });
    const refused = await subscriber();
    await merchant("PUT", `/customers/${refused.id}/settings`, { cancellation: "off" });
    const res = await refused.portal("POST", `/subscriptions/${refused.sub.id}/cancel`, { when: "now" });
    expect([res.status, res.body.code]).toEqual([403, "cancel_not_allowed"]);
    expect((await refused.portal("GET", `/subscriptions/${refused.sub.id}`)).body.status).toBe("active");
    expect((await bystander.portal("POST", `/subscriptions/${bystander.sub.id}/cancel`, { when: "now" })).body.status).toBe("cancelled");
  });

  it("portalEnabled: false for one customer blocks only their portal calls and sessions (portal_disabled); true lets one in while the shop's portal is off", async () => {
    await setMerchantSettings(t.core, shop.merchantId, {});
    const blocked = await subscriber();
    const bystander = await subscriber();
    await merchant("PUT", `/customers/${blocked.id}/settings`, { portalEnabled: false });
    const res = await blocked.portal("GET", "/orders");
    expect([res.status, res.body.code]).toEqual([403, "portal_disabled"]);
    expect((await merchant("POST", "/portal_sessions", { customer: blocked.id })).body.code).toBe("portal_disabled");
    expect((await bystander.portal("GET", "/orders")).status).toBe(200);

    await setMerchantSettings(t.core, shop.merchantId, { portalEnabled: false });
    await merchant("PUT", `/customers/${bystander.id}/settings`, { portalEnabled: true });
    expect((await bystander.portal("GET", "/orders")).status).toBe(200);
    expect((await merchant("POST", "/portal_sessions", { customer: bystander.id })).status).toBe(201);
    expect((await blocked.portal("GET", "/orders")).body.code).toBe("portal_disabled");
    await setMerchantSettings(t.core, shop.merchantId, {});
  });

  it("null drops an override, so the customer follows the shop again; GET shows effective settings and which keys are overridden", async () => {
    await setMerchantSettings(t.core, shop.merchantId, { bannerMessage: "Summer sale", bulkInvoicePayment: true });
    const customer = await subscriber();
    await merchant("PUT", `/customers/${customer.id}/settings`, { bannerMessage: "Welcome back, partner", bulkInvoicePayment: false, pauseResume: "now" });
    expect((await customer.portal("GET", "/config")).body).toMatchObject({ banner_message: "Welcome back, partner", actions: ["add_payment_method"] });
    const dropped = await merchant("PUT", `/customers/${customer.id}/settings`, { bannerMessage: null, bulkInvoicePayment: null });
    expect(dropped.body).toMatchObject({ overrides: { pauseResume: "now" }, overridden: ["pauseResume"], settings: { bannerMessage: "Summer sale", bulkInvoicePayment: true, pauseResume: "now" } });
    expect(await merchant("GET", `/customers/${customer.id}/settings`)).toMatchObject({ status: 200, body: dropped.body });
    expect((await customer.portal("GET", "/config")).body).toMatchObject({ banner_message: "Summer sale", actions: ["add_payment_method", "pay_invoices_together"] });
    // An empty banner is how one customer is shown none.
    await merchant("PUT", `/customers/${customer.id}/settings`, { bannerMessage: "" });
    expect((await customer.portal("GET", "/config")).body.banner_message).toBeNull();
  });

  it("refuses bad bodies with 422 problem+json by field or code, and leaves the overrides as they were", async () => {
    const customer = await subscriber();
    const otherDepartment = await createDepartment(t.core, other.merchantId, { name: "Theirs" });
    await merchant("PUT", `/customers/${customer.id}/settings`, { refunds: "manual" });
    const before = (await merchant("GET", `/customers/${customer.id}/settings`)).body;
    const bad: [unknown, string][] = [
      [{ refunds: "sometimes" }, "validation_failed"],
      [{ surprise: true }, "validation_failed"],
      [{ pauseResume: "later" }, "validation_failed"],
      [{ customTabs: [{ label: "x", url: "javascript:alert(1)" }] }, "validation_failed"],
      [{ subscriptionActions: { cancel: { statuses: ["sleeping"] } } }, "validation_failed"],
      [{ portalSlug: "my-shop" }, "setting_not_overridable"],
      [{ refundDepartmentId: otherDepartment.id }, "department_not_found"],
      [{ customTabs: [{ label: "Beans", url: "http://elsewhere.example/beans" }] }, "custom_tab_url_not_allowed"],
      [{ addonsAllowed: ["price_nope"] }, "price_not_found"],
      ["{not json", "malformed_json"],
    ];
    for (const [body, code] of bad) {
      const res = await merchant("PUT", `/customers/${customer.id}/settings`, body);
      expect([res.status, res.type, res.body.code], JSON.stringify(body)).toEqual([code === "malformed_json" ? 400 : 422, "application/problem+json", code]);
    }
    expect((await merchant("GET", `/customers/${customer.id}/settings`)).body).toEqual(before);
    // A tab on the shop's own allowed origin is fine.
    expect((await merchant("PUT", `/customers/${customer.id}/settings`, { customTabs: [{ label: "Shop", url: "https://shop.example/deals" }] })).status).toBe(200);
  });

  it("another merchant's customer is not found, and an agent may look but not change", async () => {
    const customer = await subscriber();
    expect((await merchant("GET", `/customers/${customer.id}/settings`, undefined, other.secretKey)).body.code).toBe("customer_not_found");
    const res = await merchant("PUT", `/customers/${customer.id}/settings`, { refunds: "manual" }, other.secretKey);
    expect([res.status, res.body.code]).toEqual([404, "customer_not_found"]);
    const agent = (await merchant("POST", "/staff", { email: `agent${n}@shop.example`, role: "agent" })).body.token as string;
    expect((await merchant("GET", `/customers/${customer.id}/settings`, undefined, agent)).status).toBe(200);
    expect((await merchant("PUT", `/customers/${customer.id}/settings`, { refunds: "manual" }, agent)).body.code).toBe("admin_only");
    expect((await merchant("GET", `/customers/${customer.id}/settings`)).body.overridden).toEqual([]);
  });
});

describe("PUT /v1/settings validates every new setting (P6) and leaves the settings as they were", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["http://localhost:8080"]);
  const rival = await t.createMerchant();
  const call = async (method: string, body?: unknown, key = shop.secretKey) => {
    const res = await t.app.request("/v1/settings", { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, type: res.headers.get("Content-Type"), body: (await res.json()) as Record<string, any> };
  };

  it("refuses bad slugs, tabs, modes, action rules and unknown catalog ids by field or code", async () => {
    expect((await call("PUT", { portalSlug: "rival-roasters" }, rival.secretKey)).status).toBe(200);
    await call("PUT", { refunds: "manual", portalSlug: "northwind" });
    const before = (await call("GET")).body;
    const tab = (url: string, label: unknown = "Beans") => ({ label, url });
    const bad: [unknown, number, string][] = [
      [{ portalSlug: "Northwind" }, 422, "validation_failed"],
      [{ portalSlug: "north--wind" }, 422, "validation_failed"],
      [{ portalSlug: "nw" }, 422, "validation_failed"],
      [{ portalSlug: "rival-roasters" }, 409, "portal_slug_taken"],
      [{ customTabs: Array.from({ length: 6 }, (_, i) => tab(`https://northwind.example/${i}`)) }, 422, "validation_failed"],
      [{ customTabs: [tab("https://northwind.example/a", "")] }, 422, "validation_failed"],
      [{ customTabs: [tab("https://northwind.example/a", { english: "Beans" })] }, 422, "validation_failed"],
      [{ customTabs: [tab("ftp://northwind.example/a")] }, 422, "validation_failed"],
      [{ customTabs: [tab("http://northwind.example/a")] }, 422, "custom_tab_url_not_allowed"],
      [{ customTabs: [tab("https://user:pw@northwind.example/a")] }, 422, "custom_tab_url_not_allowed"],
      [{ pauseResume: "sometimes" }, 422, "validation_failed"],
      [{ changeQuantity: "later" }, 422, "validation_failed"],
      [{ subscriptionActions: { fly: {} } }, 422, "validation_failed"],
      [{ subscriptionActions: { cancel: { billingModes: ["cash"] } } }, 422, "validation_failed"],
      [{ planChangeTargets: ["price_unknown"] }, 422, "price_not_found"],
      [{ removeScheduledCancellation: "yes" }, 422, "validation_failed"],
    ];
    for (const [body, status, code] of bad) {
      const res = await call("PUT", body);
      expect([res.status, res.type, res.body.code], JSON.stringify(body)).toEqual([status, "application/problem+json", code]);
    }
    expect((await call("GET")).body).toEqual(before);
  });

  it("stores a change without forgetting the rest, and takes the old boolean values of the widened settings", async () => {
    const ok = await call("PUT", {
      portalSlug: "northwind-coffee",
      customTabs: [{ label: { en: "Beans", de: "Bohnen" }, url: "http://localhost:8080/beans" }],
      pauseResume: true,
      subscriptionActions: { cancel: { statuses: ["active", "trialing"], billingModes: ["autocharge"] } },
    });
    expect(ok.status).toBe(200);
    const after = await call("PUT", { cancellation: "manual" });
    expect(after.body).toMatchObject({
      portalSlug: "northwind-coffee",
      customTabs: [{ label: { en: "Beans", de: "Bohnen" }, url: "http://localhost:8080/beans" }],
      pauseResume: "both",
      cancellation: "manual",
      // Never set: it follows cancelling, which is on now.
      removeScheduledCancellation: true,
      subscriptionActions: { cancel: { statuses: ["active", "trialing"], billingModes: ["autocharge"] } },
    });
    expect((await call("PUT", { portalSlug: null })).body.portalSlug).toBeNull();
    // The address is free again for another shop.
    expect((await call("PUT", { portalSlug: "northwind-coffee" }, rival.secretKey)).status).toBe(200);
  });
});
