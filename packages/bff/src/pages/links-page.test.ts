import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { signFlowLink } from "./links-page.ts";

describe("emailed update-card links (R2, P2)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);

  it("opens the hosted portal at the payment methods with a fresh session, once", async () => {
    const link = await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "update_card" });
    const path = new URL(link).pathname;
    const first = await t.app.request(path);
    expect(first.status).toBe(302);
    const location = first.headers.get("Location")!;
    expect(location).toMatch(/^\/portal\?flow=update_card#session=eyJ/);
    const session = new URLSearchParams(location.split("#")[1]).get("session")!;
    const methods = await t.app.request("/v1/portal/payment_methods", { headers: { Authorization: `Bearer ${session}` } });
    expect(methods.status).toBe(200);

    const again = await t.app.request(path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("already used");

    const page = await (await t.app.request("/portal?flow=update_card")).text();
    expect(page).toContain("<payment-methods></payment-methods>");
  });

  it("refuses an expired link and a link token of another kind", async () => {
    const link = await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "update_card" });
    t.clock.advance({ days: 8 });
    expect((await t.app.request(new URL(link).pathname)).status).toBe(410);
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect((await t.app.request(`/links/${token}`)).status).toBe(400);
  });
});
