import { and, eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog, outboxMessages, staffSessions, staffSignInCodes } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createStaffUser } from "../staff/staff.ts";
import { disableStaffUser } from "../staff/manage-staff.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/fixtures.ts";
import { answerStaffMfaChallenge, confirmStaffMfa, enrolStaffMfa, requestStaffSignInCode, verifyStaffSignInCode } from "./staff-sign-in.ts";
import { authenticateStaffSession, createEmbedStaffSession, csrfMatches, endStaffSession, staffCsrfToken } from "./staff-sessions.ts";

describe("staff sign-in and sessions in core (M1)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  let n = 0;
  const newStaff = async (role: "agent" | "admin" = "agent", settings: Parameters<typeof setMerchantSettings>[2] = {}) => {
    const shop = await createMerchantWithCustomer(ctx);
    if (Object.keys(settings).length) await setMerchantSettings(ctx, shop.merchantId, settings);
    const email = `staff${++n}@shop.example`;
    const staff = await createStaffUser(ctx, shop.merchantId, { email, role });
    return { merchantId: shop.merchantId, email, staff };
  };
  const codeOf = async (email: string) => {
    const mails = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.to, email), eq(outboxMessages.template, "staff_sign_in_code")));
    return mails.at(-1)!.body.match(/\b(\d{6})\b/)![1]!;
  };
  const totp = (secret: string) => generate({ secret, epoch: Math.floor(ctx.clock.now().getTime() / 1000) });
  const signIn = async (email: string) => {
    await requestStaffSignInCode(ctx, { email });
    return verifyStaffSignInCode(ctx, { email, code: await codeOf(email) });
  };

  it("an e-mailed code opens a cookie session with a CSRF token; only hashes are stored", async () => {
    const { merchantId, email, staff } = await newStaff();
    await requestStaffSignInCode(ctx, { email: email.toUpperCase(), locale: "de" });
    const [mail] = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.to, email));
    expect(mail).toMatchObject({ template: "staff_sign_in_code", locale: "de", merchantId, customerId: null });
    const code = await codeOf(email);
    const [codeRow] = await ctx.db.select().from(staffSignInCodes).where(eq(staffSignInCodes.staffId, staff.id));
    expect(codeRow!.codeHash).not.toContain(code);
    const result = await verifyStaffSignInCode(ctx, { email, code });
    if (result.kind !== "session") throw new Error(result.kind);
    expect(result.session.staff).toMatchObject({ id: staff.id, role: "agent" });
    const [row] = await ctx.db.select().from(staffSessions).where(eq(staffSessions.staffId, staff.id));
    expect(row!.tokenHash).not.toBe(result.token);
    expect(JSON.stringify(row)).not.toContain(result.token);
    expect(JSON.stringify(row)).not.toContain(result.csrf);
    expect(csrfMatches(result.csrf, row!.csrfHash)).toBe(true);
    expect(csrfMatches("wrong", row!.csrfHash)).toBe(false);
    expect(staffCsrfToken(ctx, result.token)).toBe(result.csrf);
    const auth = await authenticateStaffSession(ctx, result.token, "cookie");
    expect(auth.actor).toEqual({ merchantId, role: "agent", actor: `staff:${staff.id}` });
    // The code is used up.
    await expect(verifyStaffSignInCode(ctx, { email, code })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
    // A cookie token is not an embed token.
    await expect(authenticateStaffSession(ctx, result.token, "embed")).rejects.toMatchObject({ code: "invalid_api_key" });
  });

  it("an unknown or disabled address answers the same and gets no e-mail", async () => {
    const { merchantId, email } = await newStaff();
    await disableStaffUser(ctx, merchantId, { email });
    const before = (await ctx.db.select().from(outboxMessages)).length;
    await expect(requestStaffSignInCode(ctx, { email: "nobody@shop.example" })).resolves.toBeUndefined();
    await expect(requestStaffSignInCode(ctx, { email })).resolves.toBeUndefined();
    expect((await ctx.db.select().from(outboxMessages)).length).toBe(before);
    await expect(verifyStaffSignInCode(ctx, { email: "nobody@shop.example", code: "123456" })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
    await expect(verifyStaffSignInCode(ctx, { email, code: "123456" })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
  });

  it("five wrong codes kill the code, even for the right one after", async () => {
    const { email } = await newStaff();
    await requestStaffSignInCode(ctx, { email });
    const code = await codeOf(email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++) await expect(verifyStaffSignInCode(ctx, { email, code: wrong })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
    await expect(verifyStaffSignInCode(ctx, { email, code: wrong })).rejects.toMatchObject({ code: "too_many_attempts" });
    await expect(verifyStaffSignInCode(ctx, { email, code })).rejects.toMatchObject({ code: "too_many_attempts" });
  });

  it("a code expires after 15 minutes on the injected clock", async () => {
    const { email } = await newStaff();
    await requestStaffSignInCode(ctx, { email });
    const code = await codeOf(email);
    ctx.clock.advance({ minutes: 15 });
    await expect(verifyStaffSignInCode(ctx, { email, code })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
  });

  it("TOTP required and not enrolled: enrolment with the shown secret comes before the session", async () => {
    const { email, staff } = await newStaff("admin", { staffMfa: "required" });
    const first = await signIn(email);
    if (first.kind !== "mfa_enrolment_required") throw new Error(first.kind);
    expect(first.otpauthUrl).toContain("otpauth://totp/");
    expect(await ctx.db.select().from(staffSessions).where(eq(staffSessions.staffId, staff.id))).toHaveLength(0);
    await expect(answerStaffMfaChallenge(ctx, { challenge: first.challenge, code: "000000" })).rejects.toMatchObject({ code: "mfa_code_invalid" });
    const opened = await answerStaffMfaChallenge(ctx, { challenge: first.challenge, code: await totp(first.secret) });
    expect(opened.session.staff.role).toBe("admin");
    // The challenge is used up.
    await expect(answerStaffMfaChallenge(ctx, { challenge: first.challenge, code: await totp(first.secret) })).rejects.toMatchObject({ code: "mfa_challenge_invalid" });
    // Next sign-in asks for TOTP (not enrolment again); the same code (same step) does not work twice.
    const second = await signIn(email);
    if (second.kind !== "mfa_required") throw new Error(second.kind);
    await expect(answerStaffMfaChallenge(ctx, { challenge: second.challenge, code: await totp(first.secret) })).rejects.toMatchObject({ code: "mfa_code_invalid" });
    ctx.clock.advance({ seconds: 30 });
    await expect(answerStaffMfaChallenge(ctx, { challenge: second.challenge, code: await totp(first.secret) })).resolves.toMatchObject({ kind: "session" });
  });

  it("optional TOTP: a signed-in staff member enrols; sign-in then asks for it", async () => {
    const { merchantId, email, staff } = await newStaff();
    expect((await signIn(email)).kind).toBe("session");
    const { secret } = await enrolStaffMfa(ctx, merchantId, staff.id);
    // Not confirmed yet: sign-in is still e-mail only.
    expect((await signIn(email)).kind).toBe("session");
    await expect(confirmStaffMfa(ctx, merchantId, staff.id, "000000")).rejects.toMatchObject({ code: "mfa_code_invalid" });
    await confirmStaffMfa(ctx, merchantId, staff.id, await totp(secret));
    await expect(enrolStaffMfa(ctx, merchantId, staff.id)).rejects.toMatchObject({ code: "mfa_already_enabled" });
    ctx.clock.advance({ seconds: 30 });
    const next = await signIn(email);
    if (next.kind !== "mfa_required") throw new Error(next.kind);
    for (let i = 0; i < 4; i++) await expect(answerStaffMfaChallenge(ctx, { challenge: next.challenge, code: "000000" })).rejects.toMatchObject({ code: "mfa_code_invalid" });
    await expect(answerStaffMfaChallenge(ctx, { challenge: next.challenge, code: "000000" })).rejects.toMatchObject({ code: "too_many_attempts" });
    await expect(answerStaffMfaChallenge(ctx, { challenge: next.challenge, code: await totp(secret) })).rejects.toMatchObject({ code: "too_many_attempts" });
  });

  it("idle timeout and lifetime on the test clock; use moves the idle deadline", async () => {
    const { merchantId, email } = await newStaff("agent", { staffSessionIdleMinutes: 30, staffSessionLifetimeHours: 1 });
    const s = await signIn(email);
    if (s.kind !== "session") throw new Error(s.kind);
    ctx.clock.advance({ minutes: 29 });
    await authenticateStaffSession(ctx, s.token, "cookie");
    ctx.clock.advance({ minutes: 29 });
    await authenticateStaffSession(ctx, s.token, "cookie");
    ctx.clock.advance({ minutes: 2 }); // 60 minutes after sign-in: the lifetime is over, however busy.
    await expect(authenticateStaffSession(ctx, s.token, "cookie")).rejects.toMatchObject({ code: "staff_session_expired" });
    const [ended] = await ctx.db.select().from(staffSessions).where(eq(staffSessions.id, s.session.id));
    expect(ended!.endReason).toBe("expired");

    const idle = await signIn(email);
    if (idle.kind !== "session") throw new Error(idle.kind);
    ctx.clock.advance({ minutes: 30 });
    await expect(authenticateStaffSession(ctx, idle.token, "cookie")).rejects.toMatchObject({ code: "staff_session_expired" });
    const [row] = await ctx.db.select().from(staffSessions).where(eq(staffSessions.id, idle.session.id));
    expect(row!.endReason).toBe("idle");
    void merchantId;
  });

  it("logout ends the session; disabling a staff member ends all of theirs", async () => {
    const { merchantId, email, staff } = await newStaff();
    const a = await signIn(email);
    const b = await signIn(email);
    if (a.kind !== "session" || b.kind !== "session") throw new Error("no session");
    await endStaffSession(ctx, merchantId, a.session.id);
    await expect(authenticateStaffSession(ctx, a.token, "cookie")).rejects.toMatchObject({ code: "staff_session_expired" });
    await authenticateStaffSession(ctx, b.token, "cookie");
    const embed = await createEmbedStaffSession(ctx, { merchantId, role: "admin", actor: `api_key:${merchantId}` }, { email });
    await authenticateStaffSession(ctx, embed.token, "embed");
    await disableStaffUser(ctx, merchantId, { id: staff.id });
    await expect(authenticateStaffSession(ctx, b.token, "cookie")).rejects.toMatchObject({ code: "staff_session_expired" });
    await expect(authenticateStaffSession(ctx, embed.token, "embed")).rejects.toMatchObject({ code: "staff_session_expired" });
    const reasons = (await ctx.db.select().from(staffSessions).where(eq(staffSessions.staffId, staff.id))).map((r) => r.endReason).sort();
    expect(reasons).toEqual(["logout", "staff_disabled", "staff_disabled"]);
    const actions = (await ctx.db.select().from(auditLog).where(eq(auditLog.merchantId, merchantId))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["staff_session.signed_in", "staff_session.signed_out", "staff_session.created", "staff_user.disabled"]));
  });

  it("embedding tokens: only the secret key mints them, only for this merchant's active staff", async () => {
    const { merchantId, email, staff } = await newStaff();
    const other = await newStaff();
    await expect(createEmbedStaffSession(ctx, { merchantId, role: "admin", actor: `staff:${staff.id}` }, { email })).rejects.toMatchObject({ code: "secret_key_only" });
    await expect(createEmbedStaffSession(ctx, { merchantId, role: "admin", actor: `api_key:${merchantId}` }, { staffId: other.staff.id })).rejects.toMatchObject({ code: "staff_not_found" });
    const embed = await createEmbedStaffSession(ctx, { merchantId, role: "admin", actor: `api_key:${merchantId}` }, { staffId: staff.id });
    expect(embed.token).toMatch(/^sts_/);
    expect((await authenticateStaffSession(ctx, embed.token, "embed")).csrfHash).toBeNull();
  });
});
