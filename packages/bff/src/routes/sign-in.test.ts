import { schema, setMerchantSettings, setCustomerBlacklisted } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";

type Body = Record<string, any>;

// Self sign-in (P4) and its MFA step, on a real database, through the real routes.
describe("self sign-in by e-mail code (P4)", async () => {
  const t = await createTestApp({ trustProxy: true });
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  await setMerchantSettings(t.core, shop.merchantId, { selfSignIn: true });
  let ipCounter = 0;
  /** Each test its own client address, so the per-IP limits of one test do not reach another. */
  const newIp = () => `198.51.100.${++ipCounter}`;

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await t.app.request(path, { method, headers: { "Content-Type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body, headers: res.headers };
  };
  const outbox = (customerId: string) =>
    t.core.db
      .select()
      .from(schema.outboxMessages)
      .where(and(eq(schema.outboxMessages.customerId, customerId), eq(schema.outboxMessages.template, "sign_in_code")));
  /** Asks for a code as the page does and reads it (and the link) from the e-mail queued for it. */
  const requestCode = async (customerId: string, email: string, ip = newIp()) => {
    const before = new Set((await outbox(customerId)).map((m) => m.id));
    const res = await call("POST", "/v1/sign_in", { merchant: shop.merchantId, email }, { "X-Forwarded-For": ip });
    expect(res.status).toBe(202);
    const message = (await outbox(customerId)).find((m) => !before.has(m.id));
    return { res, message, code: message?.body.match(/\b(\d{6})\b/)?.[1], link: message?.body.match(/(http\S+\/links#\S+)/)?.[1] };
  };
  const verify = (email: string, code: string, ip = newIp()) => call("POST", "/v1/sign_in/verify", { merchant: shop.merchantId, email, code }, { "X-Forwarded-For": ip });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

  it("answers 202 with the same body for a known and an unknown address, in about the same time, and mails only the known one", async () => {
    const known = await t.createCustomer(shop.merchantId, "Known.Person@example.com");
    const timed = async (email: string) => {
      const started = performance.now();
      const res = await call("POST", "/v1/sign_in", { merchant: shop.merchantId, email }, { "X-Forwarded-For": newIp() });
      return { ...res, ms: performance.now() - started };
    };
    await timed("warm-up@example.com");
    const a = await timed("known.person@example.com");
    const b = await timed("nobody-here@example.com");
    expect(a.status).toBe(202);
    expect(b.status).toBe(b.status);
    expect(a.body).toEqual(b.body);
    expect(a.headers.get("Content-Type")).toBe(b.headers.get("Content-Type"));
    // Both wait for the same floor (400 ms), so the database work of the known address does not show.
    expect(a.ms).toBeGreaterThanOrEqual(390);
    expect(b.ms).toBeGreaterThanOrEqual(390);
    expect(Math.abs(a.ms - b.ms)).toBeLessThan(150);
    const mails = await outbox(known.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toBe("Known.Person@example.com");
    expect(mails[0]!.body).toMatch(/\b\d{6}\b/);
    // Only an HMAC of the code is stored.
    const [row] = await t.core.db.select().from(schema.signInCodes).where(eq(schema.signInCodes.customerId, known.id));
    expect(row!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.codeHash).not.toContain(mails[0]!.body.match(/\b(\d{6})\b/)![1]);
    expect(row!.expiresAt.getTime() - t.clock.now().getTime()).toBe(15 * 60_000);
  });

  it("sends nothing to a blacklisted customer, with the same answer", async () => {
    const banned = await t.createCustomer(shop.merchantId, "banned@example.com");
    await setCustomerBlacklisted(t.core, { merchantId: shop.merchantId, role: "admin", actor: "test" }, { customerId: banned.id, blacklisted: true });
    const { res, message } = await requestCode(banned.id, "banned@example.com");
    expect(res.body).toMatchObject({ status: "code_sent_if_known" });
    expect(message).toBeUndefined();
  });

  it("the e-mailed code opens a portal session, once; a wrong or unknown address answers the same 401", async () => {
    const customer = await t.createCustomer(shop.merchantId, "code-flow@example.com");
    const { code } = await requestCode(customer.id, "code-flow@example.com");
    expect((await verify("nobody@example.com", code!)).body.code).toBe("sign_in_code_invalid");
    const unknown = await verify("nobody@example.com", code!);
    const wrongCode = await verify("code-flow@example.com", wrong(code!));
    expect([unknown.status, wrongCode.status]).toEqual([401, 401]);
    expect({ ...unknown.body, instance: null, request_id: null }).toEqual({ ...wrongCode.body, instance: null, request_id: null });

    const ok = await verify("CODE-FLOW@example.com", code!);
    expect(ok.status).toBe(201);
    expect(ok.body.url).toMatch(/^\/portal\/mer_\w+#session=bfps\./);
    const session = ok.body.session as string;
    const info = await call("GET", "/v1/portal/session", undefined, { Authorization: `Bearer ${session}` });
    expect(info).toMatchObject({ status: 200, body: { source: "sign_in", customer: customer.id, limited: false } });
    expect((await verify("code-flow@example.com", code!)).body.code).toBe("sign_in_code_invalid");
  });

  it("the e-mailed link signs in once and uses its code up; a newer code kills the older one", async () => {
    const customer = await t.createCustomer(shop.merchantId, "link-flow@example.com");
    const first = await requestCode(customer.id, "link-flow@example.com");
    const second = await requestCode(customer.id, "link-flow@example.com");
    expect((await verify("link-flow@example.com", first.code!)).body.code).toBe("sign_in_code_invalid");
    const oldLink = await call("POST", "/links", { token: decodeURIComponent(new URL(first.link!).hash.slice(1)) }, { "X-Forwarded-For": newIp() });
    expect(oldLink).toMatchObject({ status: 410, body: { code: "link_used" } });

    const form = await t.app.request("/links", { method: "POST", body: new URLSearchParams({ token: decodeURIComponent(new URL(second.link!).hash.slice(1)) }), headers: { "X-Forwarded-For": newIp() } });
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toMatch(/^\/portal\/mer_\w+#session=bfps\./);
    expect((await verify("link-flow@example.com", second.code!)).body.code).toBe("sign_in_code_invalid");
  });

  it("five wrong codes kill the code: the fifth and every later try, the right code too, get 429 too_many_attempts", async () => {
    const customer = await t.createCustomer(shop.merchantId, "guesser@example.com");
    const { code } = await requestCode(customer.id, "guesser@example.com");
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) statuses.push((await verify("guesser@example.com", wrong(code!))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const right = await verify("guesser@example.com", code!);
    expect(right).toMatchObject({ status: 429, body: { code: "too_many_attempts" } });
    const [row] = await t.core.db.select().from(schema.signInCodes).where(eq(schema.signInCodes.customerId, customer.id));
    expect(row).toMatchObject({ attempts: 5, endReason: "too_many_attempts" });
  });

  it("a code expires after 15 minutes on the clock (410 sign_in_code_expired)", async () => {
    const customer = await t.createCustomer(shop.merchantId, "slow@example.com");
    const { code } = await requestCode(customer.id, "slow@example.com");
    t.clock.advance({ minutes: 15 });
    expect(await verify("slow@example.com", code!)).toMatchObject({ status: 410, body: { code: "sign_in_code_expired" } });
  });

  it("is refused with 403 self_sign_in_disabled, page and API, when the shop has not turned it on", async () => {
    const closed = await t.createMerchant();
    const res = await call("POST", "/v1/sign_in", { merchant: closed.merchantId, email: "a@example.com" }, { "X-Forwarded-For": newIp() });
    expect(res).toMatchObject({ status: 403, body: { code: "self_sign_in_disabled" } });
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect((await call("POST", "/v1/sign_in/verify", { merchant: closed.merchantId, email: "a@example.com", code: "123456" }, { "X-Forwarded-For": newIp() })).body.code).toBe("self_sign_in_disabled");
    const page = await t.app.request(`/signin/${closed.merchantId}`);
    expect(page.status).toBe(403);
    expect((await t.app.request(`/signin/mer_nope`)).status).toBe(404);
  });

  it("serves the page under the strict CSP, in English or German by Accept-Language or ?locale, with labelled fields", async () => {
    const en = await t.app.request(`/signin/${shop.merchantId}`);
    expect(en.status).toBe(200);
    const csp = en.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = csp.match(/'nonce-([^']+)'/)![1];
    const html = await en.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<label for="email">E-mail address</label>');
    // Every executable script carries this response's nonce; the data block is not executable.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.every((attrs) => attrs.includes(`nonce="${nonce}"`) || attrs.includes('type="application/json"'))).toBe(true);

    const de = await t.app.request(`/signin/${shop.merchantId}`, { headers: { "Accept-Language": "it;q=0.9, de-CH;q=0.8, en;q=0.5" } });
    expect(await de.text()).toContain('<label for="email">E-Mail-Adresse</label>');
    expect(await (await t.app.request(`/signin/${shop.merchantId}?locale=de`)).text()).toContain('<html lang="de">');
  });
});

describe("sign-in and abuse limits (429 rate_limited with Retry-After)", async () => {
  const t = await createTestApp({ trustProxy: true, signInMinimumMs: 0 });
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  await setMerchantSettings(t.core, shop.merchantId, { selfSignIn: true });
  const ask = (email: string, ip: string) =>
    t.app.request("/v1/sign_in", { method: "POST", headers: { "Content-Type": "application/json", "X-Forwarded-For": ip }, body: JSON.stringify({ merchant: shop.merchantId, email }) });

  it("allows 5 code requests per address in 15 minutes, known or not, then 429 until the window ends", async () => {
    await t.createCustomer(shop.merchantId, "limited@example.com");
    for (const email of ["limited@example.com", "unknown-limited@example.com"]) {
      // Spread over addresses on the far side of a proxy: the per-address limit bites before the per-IP one.
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await ask(email, `203.0.113.${i + (email.startsWith("u") ? 10 : 0)}`)).status);
      expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    }
    const limited = await ask("limited@example.com", "203.0.113.99");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Content-Type")).toContain("application/problem+json");
    expect((await limited.json()).code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("Retry-After"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    t.clock.advance({ seconds: retryAfter });
    expect((await ask("limited@example.com", "203.0.113.99")).status).toBe(202);
  });

  it("allows 20 code requests per IP in 15 minutes, whatever the addresses; another IP is not affected", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await ask(`spray-${i}@example.com`, "192.0.2.7")).status);
    expect(statuses.slice(0, 20).every((s) => s === 202)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await ask("spray-x@example.com", "192.0.2.8")).status).toBe(202);
  });

  it("limits code verification per address across fresh codes (10 tries in 15 minutes)", async () => {
    const customer = await t.createCustomer(shop.merchantId, "verify-limit@example.com");
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.app.request("/v1/sign_in/verify", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": `192.0.2.${100 + i}` },
        body: JSON.stringify({ merchant: shop.merchantId, email: "verify-limit@example.com", code: "000000" }),
      });
      statuses.push(res.status);
    }
    expect(customer.id).toBeTruthy();
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
  });
});

describe("TOTP two-step verification (P4)", async () => {
  const t = await createTestApp({ trustProxy: true, signInMinimumMs: 0 });
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  await setMerchantSettings(t.core, shop.merchantId, { selfSignIn: true });
  let n = 0;
  const headers = (session?: string) => ({ "Content-Type": "application/json", "X-Forwarded-For": `198.18.0.${++n}`, ...(session ? { Authorization: `Bearer ${session}` } : {}) });
  const call = async (method: string, path: string, body?: unknown, session?: string) => {
    const res = await t.app.request(path, { method, headers: headers(session), ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
  };
  const totp = (secret: string) => generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) });
  /** The code step of a sign-in, reading the code from the queued e-mail. */
  const signInMails = (customerId: string) =>
    t.core.db
      .select()
      .from(schema.outboxMessages)
      .where(and(eq(schema.outboxMessages.customerId, customerId), eq(schema.outboxMessages.template, "sign_in_code")));
  const signInWithCode = async (customerId: string, email: string, merchant = shop.merchantId) => {
    const before = new Set((await signInMails(customerId)).map((m) => m.id));
    expect((await call("POST", "/v1/sign_in", { merchant, email })).status).toBe(202);
    const mail = (await signInMails(customerId)).find((m) => !before.has(m.id))!;
    return call("POST", "/v1/sign_in/verify", { merchant, email, code: mail.body.match(/\b(\d{6})\b/)![1] });
  };

  it("enrols with a QR code, confirms with a TOTP, then sign-in asks for MFA; a recovery code works once", async () => {
    const customer = await t.createCustomer(shop.merchantId, "mfa@example.com");
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    expect(await call("GET", "/v1/portal/mfa", undefined, token)).toMatchObject({ status: 200, body: { enabled: false, required: false } });
    const enrol = await call("POST", "/v1/portal/mfa/enrol", undefined, token);
    expect(enrol.status).toBe(201);
    const secret = enrol.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrol.body.otpauth_url).toMatch(/^otpauth:\/\/totp\/Test%20Shop:mfa%40example\.com\?secret=/);
    expect(Buffer.from(String(enrol.body.qr).replace("data:image/svg+xml;base64,", ""), "base64").toString()).toContain("<svg");
    // Stored sealed, not as the secret.
    const [stored] = await t.core.db.select().from(schema.customerMfa).where(eq(schema.customerMfa.customerId, customer.id));
    expect(stored!.sealedSecret).toMatch(/^bfsb1\./);
    expect(stored!.sealedSecret).not.toContain(secret);

    expect(await call("POST", "/v1/portal/mfa/confirm", { code: "000000" }, token)).toMatchObject({ status: 422, body: { code: "mfa_code_invalid" } });
    const confirmed = await call("POST", "/v1/portal/mfa/confirm", { code: await totp(secret) }, token);
    expect(confirmed.status).toBe(200);
    const recovery = confirmed.body.recovery_codes as string[];
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    const hashes = await t.core.db.select().from(schema.mfaRecoveryCodes).where(eq(schema.mfaRecoveryCodes.customerId, customer.id));
    expect(hashes).toHaveLength(10);
    expect(hashes.some((h) => recovery.some((c) => h.codeHash.includes(c.replace("-", ""))))).toBe(false);

    // Sign in: the code step now asks for the second factor instead of opening a session.
    const step = await signInWithCode(customer.id, "mfa@example.com");
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ mfa_required: true });
    expect(step.body.session).toBeUndefined();
    const challenge = step.body.challenge as string;
    expect(await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge, code: "000000" })).toMatchObject({ status: 401, body: { code: "mfa_code_invalid" } });
    // The confirming code's time step is spent: a later step's code is needed.
    t.clock.advance({ seconds: 30 });
    const done = await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge, code: await totp(secret) });
    expect(done.status).toBe(201);
    expect(done.body.url).toMatch(/^\/portal\/mer_\w+#session=bfps\./);
    expect((await call("GET", "/v1/portal/orders", undefined, done.body.session)).status).toBe(200);
    expect(await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge, code: await totp(secret) })).toMatchObject({ status: 401, body: { code: "mfa_challenge_invalid" } });

    // A recovery code instead of the app, once.
    const second = await signInWithCode(customer.id, "mfa@example.com");
    const viaRecovery = await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge: second.body.challenge, recovery_code: recovery[3]!.toUpperCase() });
    expect(viaRecovery.status).toBe(201);
    const third = await signInWithCode(customer.id, "mfa@example.com");
    expect(await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge: third.body.challenge, recovery_code: recovery[3] })).toMatchObject({ status: 401, body: { code: "mfa_code_invalid" } });
    expect((await call("GET", "/v1/portal/mfa", undefined, token)).body).toMatchObject({ enabled: true, recovery_codes_left: 9 });

    // Turning it off needs a current code.
    expect(await call("DELETE", "/v1/portal/mfa", { code: "000000" }, token)).toMatchObject({ status: 422, body: { code: "mfa_code_invalid" } });
    t.clock.advance({ seconds: 30 });
    expect((await call("DELETE", "/v1/portal/mfa", { code: await totp(secret) }, token)).status).toBe(204);
    const plain = await signInWithCode(customer.id, "mfa@example.com");
    expect(plain.status).toBe(201);
  });

  it("five wrong answers kill an MFA challenge", async () => {
    const customer = await t.createCustomer(shop.merchantId, "mfa-guess@example.com");
    const { token } = await t.mintSession(shop.merchantId, customer.id);
    const { secret } = (await call("POST", "/v1/portal/mfa/enrol", undefined, token)).body as { secret: string };
    expect((await call("POST", "/v1/portal/mfa/confirm", { code: await totp(secret) }, token)).status).toBe(200);
    const { challenge } = (await signInWithCode(customer.id, "mfa-guess@example.com")).body as { challenge: string };
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge, code: "000000" })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    t.clock.advance({ seconds: 30 });
    expect(await call("POST", "/v1/sign_in/mfa", { merchant: shop.merchantId, challenge, code: await totp(secret) })).toMatchObject({ status: 429, body: { code: "too_many_attempts" } });
  });

  it("with mfaRequired, a new sign-in may only enrol until it confirms; then the same session opens the portal", async () => {
    const strict = await t.createMerchant();
    await setMerchantSettings(t.core, strict.merchantId, { selfSignIn: true, mfaRequired: true });
    const customer = await t.createCustomer(strict.merchantId, "must-enrol@example.com");
    const signedIn = await signInWithCode(customer.id, "must-enrol@example.com", strict.merchantId);
    expect(signedIn).toMatchObject({ status: 201, body: { mfa_enrolment_required: true, url: null } });
    const session = signedIn.body.session as string;
    expect(await call("GET", "/v1/portal/orders", undefined, session)).toMatchObject({ status: 403, body: { code: "session_flow_only" } });
    expect(await call("GET", "/v1/portal/payment_methods", undefined, session)).toMatchObject({ status: 403, body: { code: "session_flow_only" } });
    expect((await call("GET", "/v1/portal/session", undefined, session)).body).toMatchObject({ flow: "mfa_enrol", limited: true });
    expect((await call("GET", "/v1/portal/mfa", undefined, session)).body).toMatchObject({ enabled: false, required: true });
    const { secret } = (await call("POST", "/v1/portal/mfa/enrol", undefined, session)).body as { secret: string };
    expect((await call("POST", "/v1/portal/mfa/confirm", { code: await totp(secret) }, session)).status).toBe(200);
    expect((await call("GET", "/v1/portal/orders", undefined, session)).status).toBe(200);
    expect((await call("GET", "/v1/portal/session", undefined, session)).body).toMatchObject({ flow: null, limited: false });
    // The shop requires it: it cannot be turned off.
    t.clock.advance({ seconds: 30 });
    expect(await call("DELETE", "/v1/portal/mfa", { code: await totp(secret) }, session)).toMatchObject({ status: 403, body: { code: "mfa_required_by_shop" } });
  });
});
