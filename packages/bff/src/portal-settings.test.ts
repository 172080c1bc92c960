import { setMerchantSettings } from "@billfront/core/server";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

// Issue 10, item 6: portal settings (P6) enforced on the server, not only by what the widgets show.
describe("portal settings enforced server-side (P6)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  let n = 0;

  async function shopWithCustomer() {
    const shop = await t.createMerchant();
    const customer = await t.createCustomer(shop.merchantId, `p${++n}@example.com`);
    const merchant = async (method: string, path: string, body?: unknown) => {
      const res = await t.app.request(`/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const as = (session: string) => async (method: string, path: string, body?: unknown) => {
      const res = await t.app.request(path, {
        method,
        headers: { Authorization: `Bearer ${session}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const type = res.headers.get("Content-Type") ?? "";
      return { status: res.status, type, body: (type.includes("json") ? await res.json() : await res.arrayBuffer()) as Record<string, any> };
    };
    /** Places an order through the API and opens its payment link's checkout session. */
    const checkout = async () => {
      const placed = await merchant("POST", "/orders", { customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unit_amount: 4900 }] });
      expect(placed.status).toBe(201);
      const link = new URL(placed.body.payment_link);
      expect(link.pathname).toBe("/links");
      const session = (await (await t.app.request("/links", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: link.hash.slice(1) }) })).json()) as { session: string };
      return { invoiceId: placed.body.invoice.id as string, orderId: placed.body.order.id as string, call: as(session.session) };
    };
    return { shop, customer, merchant, as, checkout };
  }

  it("with the portal switched off, portal calls answer 403 portal_disabled and no new session is minted, while a payment link stays payable", async () => {
    const { shop, customer, merchant, as, checkout } = await shopWithCustomer();
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const link = await checkout();
    const other = await checkout();
    await setMerchantSettings(t.core, shop.merchantId, { portalEnabled: false });

    const portal = as(token);
    for (const [method, path] of [["GET", "/v1/portal/orders"], ["GET", "/v1/portal/balance"], ["GET", "/v1/portal/payment_methods"], ["GET", "/v1/portal/tickets"]] as const) {
      const res = await portal(method, path);
      expect([res.status, res.body.code, res.type]).toEqual([403, "portal_disabled", "application/problem+json"]);
    }
    const minted = await merchant("POST", "/portal_sessions", { customer: customer.id });
    expect([minted.status, minted.body.code]).toEqual([403, "portal_disabled"]);

    // The payment link's session may pay its order, and nothing else.
    expect((await link.call("GET", "/v1/portal/orders")).body.code).toBe("session_flow_only");
    const card = await link.call("POST", "/card-form/cards", { number: "4242424242424242", exp_month: 12, exp_year: 2035, cvc: "123", save: false });
    expect(card.status).toBe(201);
    // Found from outside: that session could pay another order's invoice of the same customer.
    const elsewhere = await link.call("POST", `/v1/portal/invoices/${other.invoiceId}/pay`, { payment_method: card.body.id });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([404, "invoice_not_found"]);
    const paid = await link.call("POST", `/v1/portal/invoices/${link.invoiceId}/pay`, { payment_method: card.body.id });
    expect(paid).toMatchObject({ status: 201, body: { status: "approved" } });

    // Turning the portal back on does not bring the ended sessions back (A8); a new one works.
    await setMerchantSettings(t.core, shop.merchantId, { portalEnabled: true });
    expect((await portal("GET", "/v1/portal/orders")).body.code).toBe("session_revoked");
    expect((await as((await t.mintSession(shop.merchantId, customer.id)).token)("GET", "/v1/portal/orders")).status).toBe(200);
  });

  it("with credit notes hidden, a credit note is neither in the billing history nor downloadable as a PDF (403 credit_notes_hidden)", async () => {
    const { shop, customer, merchant, as } = await shopWithCustomer();
    const credit = await merchant("POST", `/customers/${customer.id}/credits`, { amount: 500, currency: "EUR", note: "Sorry for the delay" });
    expect(credit.status).toBe(201);
    const noteId = credit.body.credit_note_id as string;
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const portal = as(token);
    const shown = await portal("GET", `/v1/portal/documents/${noteId}/pdf`);
    expect([shown.status, shown.type]).toEqual([200, "application/pdf"]);
    expect(JSON.stringify((await portal("GET", "/v1/portal/billing_history")).body)).toContain(noteId);

    await setMerchantSettings(t.core, shop.merchantId, { showCreditNotes: false });
    const hidden = await portal("GET", `/v1/portal/documents/${noteId}/pdf`);
    expect([hidden.status, hidden.body.code, hidden.type]).toEqual([403, "credit_notes_hidden", "application/problem+json"]);
    expect(JSON.stringify((await portal("GET", "/v1/portal/billing_history")).body)).not.toContain(noteId);
  });

  it("a payment link can be paid with a new card when customers may not add payment methods; the card pays once and is not kept", async () => {
    const { shop, checkout } = await shopWithCustomer();
    await setMerchantSettings(t.core, shop.merchantId, { addPaymentMethods: false });
    const link = await checkout();

    const kept = await link.call("POST", "/card-form/cards", { number: "4242424242424242", exp_month: 12, exp_year: 2035, cvc: "123", save: true });
    expect([kept.status, kept.body.code]).toEqual([403, "adding_payment_methods_disabled"]);
    const once = await link.call("POST", "/card-form/cards", { number: "4242424242424242", exp_month: 12, exp_year: 2035, cvc: "123", save: false });
    expect(once.status).toBe(201);
    const paid = await link.call("POST", `/v1/portal/invoices/${link.invoiceId}/pay`, { payment_method: once.body.id });
    expect(paid).toMatchObject({ status: 201, body: { status: "approved" } });
    expect((await link.call("GET", "/v1/portal/payment_methods")).body.data).toEqual([]);

    // The hosted card form offers no "keep this card" choice there and sends the card as single use.
    const form = await t.app.request(`/card-form?merchant=${shop.merchantId}&origin=${encodeURIComponent("http://billfront.test")}&context=payment`);
    const html = await form.text();
    expect(html).toContain("save: false");
    expect(html).not.toContain('type="checkbox" id="keep-card"');
  });
});
