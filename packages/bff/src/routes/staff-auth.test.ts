import { createStaffUser, schema } from "@billfront/core/server";
import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestApp, TEST_PUBLIC_URL } from "../testing.ts";

const { outboxMessages, staffSessions } = schema;

describe("staff console sign-in, cookie session and CSRF (M1)", async () => {
  const t = await createTestApp({ signInMinimumMs: 0 });
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  let n = 0;
  const json = (body: unknown) => ({ "Content-Type": "application/json", body: JSON.stringify(body) });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`/v1${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  const newStaff = async (role: "agent" | "admin") => createStaffUser(t.core, shop.merchantId, { email: `s${++n}-${role}@shop.example`, role });
  const codeOf = async (email: string) => {
    const mails = await t.core.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, email), eq(outboxMessages.template, "staff_sign_in_code")));
    return mails.at(-1)!.body.match(/\b(\d{6})\b/)![1]!;
  };
  const cookieOf = (res: Response) => /billfront_staff=([^;]*)/.exec(res.headers.get("Set-Cookie") ?? "")?.[1];
  async function signIn(email: string) {
    expect((await post("/staff/sign_in", { email })).status).toBe(202);
    const res = await post("/staff/sign_in/verify", { email, code: await codeOf(email) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { csrf_token: string };
    return { res, cookie: cookieOf(res)!, csrf: body.csrf_token };
  }
  const withCookie = (cookie: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    t.app.request(`/v1${path}`, { method, headers: { Cookie: `billfront_staff=${cookie}`, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  void json;

  it("signs in with the e-mailed code: an HttpOnly, SameSite=Strict cookie on Path=/ (not Secure on http) and the CSRF token in the JSON", async () => {
    const agent = await newStaff("agent");
    const { res, cookie, csrf } = await signIn(agent.email);
    const setCookie = res.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const me = await withCookie(cookie, "GET", "/staff/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: "agent", staff: { id: agent.id } });
    const session = (await (await withCookie(cookie, "GET", "/staff/session")).json()) as { csrf_token: string };
    expect(session.csrf_token).toBe(csrf);
    // Only hashes are stored.
    const rows = await t.core.db.select().from(staffSessions).where(eq(staffSessions.staffId, agent.id));
    expect(JSON.stringify(rows)).not.toContain(cookie);
    expect(JSON.stringify(rows)).not.toContain(csrf);
  });

  it("sets Secure when the BFF's public URL is https", async () => {
    const secure = createApp({ ...t.deps, publicUrl: "https://billing.example" });
    const staff = await newStaff("agent");
    await secure.request("/v1/staff/sign_in", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: staff.email }) });
    const res = await secure.request("/v1/staff/sign_in/verify", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email: staff.email, code: await codeOf(staff.email) }) });
    expect(res.headers.get("Set-Cookie")).toMatch(/; Secure/);
  });

  it("answers an unknown address exactly as a known one, and sends nothing", async () => {
    const staff = await newStaff("agent");
    const known = await post("/staff/sign_in", { email: staff.email });
    const before = (await t.core.db.select().from(outboxMessages)).length;
    const unknown = await post("/staff/sign_in", { email: "nobody@shop.example" });
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());
    expect((await t.core.db.select().from(outboxMessages)).length).toBe(before);
    const wrong = await post("/staff/sign_in/verify", { email: "nobody@shop.example", code: "123456" });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { code: string }).code).toBe("sign_in_code_invalid");
  });

  it("refuses a cookie request without the CSRF token, with a wrong one, or from a foreign Origin: 403 csrf_failed, nothing changed", async () => {
    const admin = await newStaff("admin");
    const { cookie, csrf } = await signIn(admin.email);
    const attempts: Record<string, string>[] = [
      { Origin: TEST_PUBLIC_URL },
      { Origin: TEST_PUBLIC_URL, "X-CSRF-Token": "not-the-token" },
      { Origin: "https://evil.example", "X-CSRF-Token": csrf },
      { "X-CSRF-Token": csrf },
    ];
    for (const headers of attempts) {
      const res = await withCookie(cookie, "PUT", "/settings", headers, { bannerMessage: "Hacked" });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.headers.get("Content-Type")).toBe("application/problem+json");
      expect(((await res.json()) as { code: string }).code).toBe("csrf_failed");
    }
    expect(((await (await withCookie(cookie, "GET", "/settings")).json()) as { bannerMessage: string | null }).bannerMessage).toBeNull();
    // Logout is unsafe too.
    expect((await withCookie(cookie, "DELETE", "/staff/session", { Origin: TEST_PUBLIC_URL })).status).toBe(403);
    const ok = await withCookie(cookie, "PUT", "/settings", { Origin: TEST_PUBLIC_URL, "X-CSRF-Token": csrf }, { bannerMessage: "Hello" });
    expect(ok.status).toBe(200);
  });

  it("refuses an agent's cookie session an admin route on the server: 403 admin_only", async () => {
    const agent = await newStaff("agent");
    const { cookie, csrf } = await signIn(agent.email);
    const res = await withCookie(cookie, "PUT", "/settings", { Origin: TEST_PUBLIC_URL, "X-CSRF-Token": csrf }, { bannerMessage: "Agent was here" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("admin_only");
  });

  it("logout ends the session server-side and clears the cookie; the old cookie then fails with staff_session_expired", async () => {
    const agent = await newStaff("agent");
    const { cookie, csrf } = await signIn(agent.email);
    const out = await withCookie(cookie, "DELETE", "/staff/session", { Origin: TEST_PUBLIC_URL, "X-CSRF-Token": csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toMatch(/billfront_staff=;.*Max-Age=0/);
    const after = await withCookie(cookie, "GET", "/staff/me");
    expect(after.status).toBe(401);
    expect(((await after.json()) as { code: string }).code).toBe("staff_session_expired");
  });

  it("idle timeout on the test clock: 401 staff_session_expired", async () => {
    await t.app.request("/v1/settings", { method: "PUT", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ staffSessionIdleMinutes: 10 }) });
    const agent = await newStaff("agent");
    const { cookie } = await signIn(agent.email);
    t.clock.advance({ minutes: 9 });
    expect((await withCookie(cookie, "GET", "/staff/me")).status).toBe(200);
    t.clock.advance({ minutes: 10 });
    const res = await withCookie(cookie, "GET", "/staff/me");
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code: string }).code).toBe("staff_session_expired");
    await t.app.request("/v1/settings", { method: "PUT", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ staffSessionIdleMinutes: 30 }) });
  });

  it("requires TOTP when the merchant says so: enrolment (secret and QR) before the cookie is set", async () => {
    const other = await t.createMerchant();
    await t.app.request("/v1/settings", { method: "PUT", headers: { Authorization: `Bearer ${other.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ staffMfa: "required" }) });
    const staff = await createStaffUser(t.core, other.merchantId, { email: "mfa-staff@shop.example", role: "admin" });
    await post("/staff/sign_in", { email: staff.email });
    const step = await post("/staff/sign_in/verify", { email: staff.email, code: await codeOf(staff.email) });
    expect(step.status).toBe(200);
    expect(step.headers.get("Set-Cookie")).toBeNull();
    const body = (await step.json()) as { mfa_enrolment_required: boolean; challenge: string; secret: string; qr: string };
    expect(body.mfa_enrolment_required).toBe(true);
    expect(body.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    const done = await post("/staff/sign_in/mfa", { challenge: body.challenge, code: await generate({ secret: body.secret, epoch: Math.floor(t.clock.now().getTime() / 1000) }) });
    expect(done.status).toBe(201);
    expect(cookieOf(done)).toMatch(/^bfss_/);
  });

  it("embedding: the secret key mints an sts_ token that works as Bearer (no CSRF) and is refused after the idle timeout", async () => {
    const agent = await newStaff("agent");
    const minted = await post("/staff_sessions", { email: agent.email }, { Authorization: `Bearer ${shop.secretKey}` });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    expect(token).toMatch(/^sts_/);
    const asBearer = (method: string, path: string) => t.app.request(`/v1${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, ...(method === "POST" ? { body: JSON.stringify({ email: `walk-in-${++n}@shop.example` }) } : {}) });
    expect(await (await asBearer("GET", "/staff/me")).json()).toMatchObject({ role: "agent", staff: { id: agent.id } });
    // An agent's write works with the token alone (creating a customer; departments are the admins').
    expect((await asBearer("POST", "/customers")).status).toBe(201);
    // A staff token may not mint embed tokens (only the secret key).
    const byStaff = await post("/staff_sessions", { email: agent.email }, { Authorization: `Bearer ${token}` });
    expect(byStaff.status).toBe(403);
    t.clock.advance({ minutes: 31 });
    const late = await asBearer("GET", "/staff/me");
    expect(late.status).toBe(401);
    expect(((await late.json()) as { code: string }).code).toBe("staff_session_expired");
  });

  it("the /staff page: strict CSP with a nonce, never framed, never cached, the console in cookie mode in the browser's language", async () => {
    const res = await t.app.request("/staff", { headers: { "Accept-Language": "de-DE,de;q=0.9" } });
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('<billfront-console locale="de"></billfront-console>');
    expect(html).toContain('src="/widgets/console.js"');
    expect(html).not.toMatch(/<billfront-console[^>]*token/);
    expect(await (await t.app.request("/staff?locale=fr")).text()).toContain('lang="fr"');
  });
});
