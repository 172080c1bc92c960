import { createApiKey, revokeApiKey } from "@billfront/core/server";
import { base64url, exportJWK, SignJWT, type JWTPayload } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_PUBLIC_URL } from "../testing.ts";
import { signFlowLink } from "./links-page.ts";

type Body = Record<string, any>;

// Issue 11: the attack matrix on links (P2) and sessions (P1, A8), each failure with its own code.
describe("links and sessions under attack (P1, P2, A8)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant(["https://shop.example"]);
  const other = await t.createMerchant();
  const customer = await t.createCustomer(shop.merchantId);

  const tokenOf = (link: string) => decodeURIComponent(new URL(link).hash.slice(1));
  /** What the confirm page's script does with the button: POST the fragment's token. */
  const exchange = async (token: string) => {
    const res = await t.app.request("/links", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
    return { status: res.status, body: (await res.json()) as Body };
  };
  const portal = async (session: string, method = "GET", path = "/v1/portal/orders") => {
    const res = await t.app.request(path, { method, headers: { Authorization: `Bearer ${session}` } });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Body };
  };
  const merchant = async (method: string, path: string, body?: unknown, key = shop.secretKey) => {
    const res = await t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Body };
  };
  /** A link token signed with this server's real key, claims and header as given (only what a key holder could make). */
  const forge = (claims: JWTPayload, header: Record<string, unknown> = {}) => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    return new SignJWT({ iss: TEST_PUBLIC_URL, aud: shop.merchantId, sub: customer.id, iat: now, exp: now + 600, jti: crypto.randomUUID(), flow: "orders", lim: false, ...claims })
      .setProtectedHeader({ alg: "EdDSA", kid: t.deps.keys.current.kid, typ: "billfront-link+jwt", ...header })
      .sign(t.deps.keys.current.privateKey);
  };

  it("GET only shows a Continue button; the token sits in the fragment and nothing is spent until the POST", async () => {
    const link = await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "invite" });
    expect(link).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/links#eyJ`));
    const page = await t.app.request(new URL(link).pathname);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post" action="/links"');
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    // A scanner may fetch the page any number of times; the link still works once.
    await t.app.request(new URL(link).pathname);
    const form = await t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: tokenOf(link) }) });
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toMatch(new RegExp(`^/portal/${shop.merchantId}#session=bfps\\.`));
    const again = await t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: tokenOf(link) }) });
    expect(again.status).toBe(410);
    expect(again.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(await again.text()).toContain("already used");
    // In the visitor's language (W3): German for a German browser, English for a language not spoken here.
    const german = await t.app.request("/links", { headers: { "Accept-Language": "de-DE,de;q=0.9,en;q=0.5" } });
    expect(await german.text()).toContain(">Weiter</button>");
    const spent = await t.app.request("/links", { method: "POST", headers: { "Accept-Language": "de" }, body: new URLSearchParams({ token: tokenOf(link) }) });
    expect(await spent.text()).toContain("bereits verwendet");
    expect(await (await t.app.request("/links", { headers: { "Accept-Language": "fi" } })).text()).toContain(">Continue</button>");
  });

  it("20 concurrent exchanges of one link make exactly one session", async () => {
    const token = tokenOf(await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "sign_in" }));
    const results = await Promise.all(Array.from({ length: 20 }, () => exchange(token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 410).every((r) => r.body.code === "link_used")).toBe(true);
    expect(results.filter((r) => r.status === 410)).toHaveLength(19);
    const sessions = await merchant("GET", `/customers/${customer.id}/sessions`);
    expect(sessions.body.data.filter((s: Body) => s.source === "link" && s.created_at === t.clock.now().toISOString()).length).toBeGreaterThanOrEqual(1);
  });

  it("refuses alg none, HS256 keyed with the public JWK, wrong typ, iss, aud, unknown kid, expiry and replay, each with its own code", async () => {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const claims = { iss: TEST_PUBLIC_URL, aud: shop.merchantId, sub: customer.id, exp: now + 600, jti: crypto.randomUUID(), flow: "orders" };
    const none = `${base64url.encode(JSON.stringify({ alg: "none", typ: "billfront-link+jwt", kid: t.deps.keys.current.kid }))}.${base64url.encode(JSON.stringify(claims))}.`;
    expect(await exchange(none)).toMatchObject({ status: 401, body: { code: "link_signature_invalid" } });

    const publicJwk = await exportJWK(t.deps.keys.current.publicKey);
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "billfront-link+jwt", kid: t.deps.keys.current.kid })
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    expect(await exchange(hs256)).toMatchObject({ status: 401, body: { code: "link_signature_invalid" } });

    expect(await exchange(await forge({}, { typ: "JWT" }))).toMatchObject({ status: 401, body: { code: "link_type_invalid" } });
    expect(await exchange(await forge({ iss: "https://evil.example" }))).toMatchObject({ status: 401, body: { code: "link_issuer_invalid" } });
    expect(await exchange(await forge({ aud: other.merchantId }))).toMatchObject({ status: 401, body: { code: "link_audience_invalid" } });
    expect(await exchange(await forge({}, { kid: "sigk_unknown" }))).toMatchObject({ status: 401, body: { code: "link_key_unknown" } });
    const tampered = (await forge({})).replace(/\.([^.]+)\./, (_m, payload: string) => `.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(payload))), sub: "cus_someoneelse" }))}.`);
    expect(await exchange(tampered)).toMatchObject({ status: 401, body: { code: "link_signature_invalid" } });

    const expiring = tokenOf(await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "sign_in" }));
    t.clock.advance({ minutes: 16 });
    expect(await exchange(expiring)).toMatchObject({ status: 401, body: { code: "link_expired" } });

    const once = await forge({});
    expect((await exchange(once)).status).toBe(201);
    expect(await exchange(once)).toMatchObject({ status: 410, body: { code: "link_used" } });
    // A session token is not a link.
    const { token: session } = await t.mintSession(shop.merchantId, customer.id);
    expect(await exchange(session)).toMatchObject({ status: 401, body: { code: "link_invalid" } });
  });

  it("an action link lives up to 7 days and opens only its flow", async () => {
    const link = tokenOf(await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "update_card" }));
    t.clock.advance({ days: 6 });
    const opened = await exchange(link);
    expect(opened).toMatchObject({ status: 201, body: { flow: "update_card" } });
    const session = opened.body.session as string;
    expect((await portal(session, "GET", "/v1/portal/payment_methods")).status).toBe(200);
    expect(await portal(session, "GET", "/v1/portal/tickets")).toMatchObject({ status: 403, body: { code: "session_flow_only" } });
    expect(await portal(session, "GET", "/v1/portal/session")).toMatchObject({ status: 200, body: { flow: "update_card", limited: true } });

    const late = tokenOf(await signFlowLink(t.deps, { merchantId: shop.merchantId, customerId: customer.id, flow: "update_card" }));
    t.clock.advance({ days: 7, seconds: 1 });
    expect(await exchange(late)).toMatchObject({ status: 401, body: { code: "link_expired" } });
  });

  it("a payment link opens checkout for its order until it is paid, then mints no more sessions", async () => {
    const res = await t.app.request("/v1/orders", {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ customer: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unit_amount: 4900 }] }),
    });
    const body = (await res.json()) as Body;
    const token = tokenOf(body.payment_link);
    const first = await exchange(token);
    expect(first).toMatchObject({ status: 201, body: { flow: "checkout" } });
    const second = await exchange(token);
    expect(second.status).toBe(201);
    const card = await t.app.request("/card-form/cards", {
      method: "POST",
      headers: { Authorization: `Bearer ${second.body.session}`, "Content-Type": "application/json" },
      body: JSON.stringify({ number: "4242424242424242", exp_month: 12, exp_year: 2035, cvc: "123" }),
    });
    const method = (await card.json()) as Body;
    const paid = await t.app.request(`/v1/portal/invoices/${body.invoice.id}/pay`, {
      method: "POST",
      headers: { Authorization: `Bearer ${second.body.session}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ payment_method: method.id }),
    });
    expect(((await paid.json()) as Body).status).toBe("approved");
    expect(await exchange(token)).toMatchObject({ status: 410, body: { code: "payment_link_paid" } });
  });

  it("sessions end by logout, by the merchant (one or all of a customer's), by revoking the key that minted them; another shop's session is not found", async () => {
    const minted = async (key = shop.secretKey) => (await merchant("POST", "/portal_sessions", { customer: customer.id }, key)).body as Body;
    const a = await minted();
    expect((await portal(a.token)).status).toBe(200);
    expect((await portal(a.token, "DELETE", "/v1/portal/session")).status).toBe(204);
    expect(await portal(a.token)).toMatchObject({ status: 401, body: { code: "session_logged_out" } });

    const b = await minted();
    expect(await merchant("DELETE", `/portal_sessions/${b.id}`, undefined, other.secretKey)).toMatchObject({ status: 404, body: { code: "session_not_found" } });
    expect((await portal(b.token)).status).toBe(200);
    expect(await merchant("DELETE", `/portal_sessions/${b.id}`)).toMatchObject({ status: 200, body: { end_reason: "merchant" } });
    expect(await portal(b.token)).toMatchObject({ status: 401, body: { code: "session_revoked" } });

    const c = await minted();
    const d = await minted();
    expect(await merchant("POST", `/customers/${customer.id}/sessions/revoke`)).toMatchObject({ status: 200, body: { revoked: expect.any(Number) } });
    for (const s of [c, d]) expect(await portal(s.token)).toMatchObject({ status: 401, body: { code: "session_revoked" } });
    expect(await merchant("POST", `/customers/${customer.id}/sessions/revoke`, undefined, other.secretKey)).toMatchObject({ status: 404 });

    const actor = { merchantId: shop.merchantId, role: "admin" as const, actor: "test" };
    const spare = await createApiKey(t.core, actor);
    const e = await minted(spare.secret_key);
    expect((await portal(e.token)).status).toBe(200);
    await revokeApiKey(t.core, actor, spare.id);
    expect(await portal(e.token)).toMatchObject({ status: 401, body: { code: "session_revoked" } });
    // Garbage and near-misses are simply unknown.
    expect(await portal(`bfps.${shop.merchantId}.${"A".repeat(43)}`)).toMatchObject({ status: 401, body: { code: "session_invalid" } });
  });

  it("a customer's own settings (A4) switch their portal off, ending their sessions, and set their session's idle timeout", async () => {
    const put = (body: unknown) => t.app.request(`/v1/customers/${customer.id}/settings`, { method: "PUT", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect((await put({ portalEnabled: false })).status).toBe(200);
    expect(await portal(token)).toMatchObject({ status: 403, body: { code: "portal_disabled" } });
    expect((await put({ portalEnabled: null, sessionIdleMinutes: 10 })).status).toBe(200);
    expect(await portal(token)).toMatchObject({ status: 401, body: { code: "session_revoked" } });
    const fresh = await t.mintSession(shop.merchantId, customer.id);
    expect(new Date(fresh.session.idle_expires_at).getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
    expect((await put({ sessionIdleMinutes: null })).status).toBe(200);
  });

  it("idle timeout and lifetime on the injected clock", async () => {
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    t.clock.advance({ minutes: 29 });
    expect((await portal(token)).status).toBe(200);
    t.clock.advance({ minutes: 29 });
    expect((await portal(token)).status).toBe(200);
    t.clock.advance({ minutes: 30 });
    expect(await portal(token)).toMatchObject({ status: 401, body: { code: "session_expired", details: { reason: "idle" } } });
  });

  it("a deep link (A5) names its step and a subject of this customer only; the return URL is the validated one", async () => {
    const otherCustomer = await t.createCustomer(other.merchantId);
    const bad = await merchant("POST", "/portal_sessions", { customer: customer.id, flow: "cancel_subscription", flow_subject: "sub_doesnotexist" });
    expect(bad).toMatchObject({ status: 404, body: { code: "subscription_not_found" } });
    expect(await merchant("POST", "/portal_sessions", { customer: customer.id, flow: "pay_invoice" })).toMatchObject({ status: 422, body: { code: "flow_subject_required" } });
    expect(await merchant("POST", "/portal_sessions", { customer: customer.id, return_url: "https://evil.example/x" })).toMatchObject({ status: 422, body: { code: "return_url_not_allowed" } });
    // Found from outside: markup was stored as the session's locale and echoed back.
    expect(await merchant("POST", "/portal_sessions", { customer: customer.id, locale: '"><img src=x onerror=alert(1)>' })).toMatchObject({ status: 422, body: { code: "validation_failed" } });
    expect(await merchant("POST", "/portal_sessions", { customer: otherCustomer.id, flow: "update_card" })).toMatchObject({ status: 404 });
    const ok = await merchant("POST", "/portal_sessions", { customer: customer.id, flow: "open_ticket", return_url: "https://shop.example/account" });
    expect(ok.status).toBe(201);
    expect(await portal(ok.body.token, "GET", "/v1/portal/session")).toMatchObject({
      status: 200,
      body: { flow: "open_ticket", limited: false, return_url: "https://shop.example/account", merchant: { id: shop.merchantId, name: "Test Shop" } },
    });
  });
});
