import { addCard } from "@billfront/core/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

describe("payment links and hosted checkout (O7)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  let shop: { merchantId: string; secretKey: string };
  let customerId: string;

  beforeAll(async () => {
    shop = await t.createMerchant(["https://shop.example"]);
    customerId = (await t.createCustomer(shop.merchantId)).id;
  });

  /** What the confirm page's button does: POST the fragment's token as a form. */
  const openLink = (link: string) => t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: decodeURIComponent(new URL(link).hash.slice(1)) }) });

  const createOrder = (body: unknown, key: string) =>
    t.app.request("/v1/orders", {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify(body),
    });

  it("creates an order with its first invoice and a signed payment link", async () => {
    const res = await createOrder(
      { customer: customerId, type: "instalment", currency: "EUR", instalment_count: 3, items: [{ description: "Espresso machine", quantity: 1, unit_amount: 30000 }] },
      "order-1",
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { order: { number: string }; invoice: { total: number }; payment_link: string };
    expect(body.invoice.total).toBe(10000);
    // The token rides in the fragment; opening the link (GET) shows a button and spends nothing.
    expect(body.payment_link).toMatch(/^http:\/\/billfront\.test\/links#eyJ/);
    const confirm = await t.app.request("/links");
    expect(await confirm.text()).toContain("Continue");
    const page = await openLink(body.payment_link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`Order ${body.order.number}`);
    expect(html).toContain("€300.00 in 3 instalments");
    expect(html).toContain("Due now");
    expect(html).toContain("€100.00");
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    // The page pays with one key per intended payment until a definite answer (R8), in a script that parses.
    const script = html.match(/<script nonce="[^"]+">([\s\S]*?)<\/script>/)![1]!;
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain("intentKeys(sessionStorage)");

    // The session in the page may pay this order, and nothing else.
    const token = html.match(/const session = "([^"]+)"/)![1]!;
    const orders = await t.app.request("/v1/portal/orders", { headers: { Authorization: `Bearer ${token}` } });
    expect(((await orders.json()) as { code: string }).code).toBe("session_flow_only");
    // The link opens again (a closed tab is not a lost payment) until the order is paid.
    expect((await openLink(body.payment_link)).status).toBe(200);
  });

  it("refuses a forged or expired link with a readable page, and a portal session used as a link", async () => {
    expect((await openLink("http://billfront.test/links#not-a-token")).status).toBe(401);
    const { token } = await t.mintSession(shop.merchantId, customerId);
    expect((await openLink(`http://billfront.test/links#${token}`)).status).toBe(401);
    const res = await createOrder({ customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Mug", quantity: 2, unit_amount: 900 }] }, "order-2");
    const { payment_link } = (await res.json()) as { payment_link: string };
    t.clock.advance({ days: 8 });
    const expired = await openLink(payment_link);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("expired");
  });

  it("answers 422 naming the field for a bad order and 404 for another merchant's customer", async () => {
    const bad = await createOrder({ customer: customerId, type: "one_time", currency: "EUR", items: [] }, "order-3");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(["json.items"]);
    const other = await t.createMerchant();
    const foreign = (await t.createCustomer(other.merchantId)).id;
    const res = await createOrder({ customer: foreign, type: "one_time", currency: "EUR", items: [{ description: "x", quantity: 1, unit_amount: 1 }] }, "order-4");
    expect(res.status).toBe(404);
  });
  // Found from outside: an order for nothing was accepted and then stayed pending, its invoice unpayable.
  it("refuses an order for nothing with 422 order_total_zero, leaving no order behind", async () => {
    const res = await createOrder({ customer: customerId, type: "one_time", currency: "EUR", items: [{ description: "Sample", quantity: 1, unit_amount: 0 }] }, "order-zero");
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("order_total_zero");
  });
  it("bills the second instalment of an order placed with POST /v1/orders when the billing run is due (was never billed)", async () => {
    const buyer = (await t.createCustomer(shop.merchantId, "instalments@example.com")).id;
    await addCard(t.core, { merchantId: shop.merchantId, customerId: buyer }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const res = await createOrder({ customer: buyer, type: "instalment", currency: "EUR", instalment_count: 2, interval: { unit: "week", count: 2 }, items: [{ description: "Bike", quantity: 1, unit_amount: 50000 }] }, "order-sched-1");
    expect(res.status).toBe(201);
    const { order } = (await res.json()) as { order: { id: string } };
    t.clock.advance({ days: 15 });
    const run = await t.app.request("/v1/billing_runs", { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}`, "Idempotency-Key": "run-sched-1" } });
    expect(((await run.json()) as { subscriptions: number }).subscriptions).toBeGreaterThanOrEqual(1);
    const { token } = await t.mintSession(shop.merchantId, buyer);
    const view = (await (await t.app.request(`/v1/portal/orders/${order.id}`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { instalments: unknown; next_payment: unknown; history: { type: string; status: string }[] };
    expect(view.instalments).toEqual({ count: 2, paid: 1 });
    expect(view.next_payment).toBeNull();
    expect(view.history.filter((h) => h.type === "payment").map((h) => h.status)).toEqual(["approved"]);
  });
});
