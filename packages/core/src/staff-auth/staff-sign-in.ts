import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { invalidCode, tooManyAttempts } from "../sign-in/verify-sign-in-code.ts";
import { recordAction } from "../audit/record-action.ts";
import { secretsOf, type CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { merchants, staffMfa, staffMfaChallenges, staffSignInCodes, staffUsers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { checkTotp, newTotpSecret, totpUri } from "../mfa/totp.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { hashChallengeToken, MAX_CODE_ATTEMPTS, MFA_CHALLENGE_MINUTES, newChallengeToken, newSignInCode, normaliseCode, SIGN_IN_CODE_MINUTES } from "../sign-in/sign-in-secrets.ts";
import { openStaffSession, type StaffSessionView } from "./staff-sessions.ts";

/**
 * What a proven staff e-mail address (and, where needed, TOTP) leads to (M1):
 * a cookie session; or a TOTP step for a staff member who enrolled; or, where
 * the merchant requires TOTP and they have none, enrolment (the secret shown
 * once) before the session starts.
 */
export type StaffSignInResult =
  | { kind: "session"; token: string; csrf: string; session: StaffSessionView }
  | { kind: "mfa_required"; challenge: string; expiresAt: Date }
  | { kind: "mfa_enrolment_required"; challenge: string; expiresAt: Date; secret: string; otpauthUrl: string };

/** Active staff members with this address (compared without case), over every merchant. */
async function findStaff(db: Executor, email: string) {
  return db
    .select()
    .from(staffUsers)
    .where(and(sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`, isNull(staffUsers.disabledAt)));
}

const staffSealContext = (staffId: string) => `staff_totp:${staffId}`;

/**
 * Staff sign-in, step one (M1): every active staff member with this address
 * (one per merchant at most) gets a six-digit code by e-mail, valid for 15
 * minutes; earlier codes die. An unknown or disabled address gets nothing, and
 * the caller learns nothing either way (the BFF evens out the timing too).
 */
export async function requestStaffSignInCode(ctx: CoreContext, input: { email: string; locale?: string | null | undefined }): Promise<void> {
  const box = secretsOf(ctx);
  const staff = await findStaff(ctx.db, input.email);
  for (const member of staff) {
    await ctx.db.transaction(async (tx) => {
      // One request at a time per staff member, so exactly one code is live afterwards.
      await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, member.id)).for("update");
      const now = ctx.clock.now();
      await tx
        .update(staffSignInCodes)
        .set({ endedAt: now, endReason: "superseded" })
        .where(and(eq(staffSignInCodes.staffId, member.id), isNull(staffSignInCodes.endedAt)));
      const id = newId("ssc");
      const code = newSignInCode();
      await tx.insert(staffSignInCodes).values({ id, merchantId: member.merchantId, staffId: member.id, codeHash: box.mac("staff_sign_in_code", `${id}:${code}`), createdAt: now, expiresAt: new Date(now.getTime() + SIGN_IN_CODE_MINUTES * 60_000) });
      await queueMessage(tx, { merchantId: member.merchantId, to: member.email, template: "staff_sign_in_code", subjectId: member.id, vars: { code, minutes: SIGN_IN_CODE_MINUTES }, at: now, channels: ["email"], locale: input.locale ?? undefined });
    });
  }
}

/**
 * Staff sign-in, step two (M1): the e-mailed code. Only each staff member's
 * newest code counts; a wrong one costs a try of every live code of the
 * address, and the fifth wrong try kills it. An unknown address answers as a
 * wrong code does. The right code is used up in the transaction that opens
 * the session or the TOTP step.
 */
export async function verifyStaffSignInCode(ctx: CoreContext, input: { email: string; code: string }): Promise<StaffSignInResult> {
  const box = secretsOf(ctx);
  const code = normaliseCode(input.code);
  const staff = await findStaff(ctx.db, input.email);
  if (staff.length === 0 || !/^\d{6}$/.test(code)) throw invalidCode();
  const outcome = await ctx.db.transaction(async (tx): Promise<StaffSignInResult | DomainError> => {
    const now = ctx.clock.now();
    let dead = 0;
    let live = 0;
    for (const member of staff) {
      const [row] = await tx.select().from(staffSignInCodes).where(eq(staffSignInCodes.staffId, member.id)).orderBy(sql`coalesce(${staffSignInCodes.endReason} = 'superseded', false)`, sql`${staffSignInCodes.endedAt} desc nulls first`, desc(staffSignInCodes.createdAt)).limit(1).for("update");
      if (!row) continue;
      if (row.endReason === "too_many_attempts") {
        dead++;
        continue;
      }
      if (row.endedAt || now.getTime() >= row.expiresAt.getTime()) continue;
      if (box.verifyMac("staff_sign_in_code", `${row.id}:${code}`, row.codeHash)) {
        await tx.update(staffSignInCodes).set({ endedAt: now, endReason: "used" }).where(eq(staffSignInCodes.id, row.id));
        return afterCode(ctx, tx, member);
      }
      live++;
      const attempts = row.attempts + 1;
      const kill = attempts >= MAX_CODE_ATTEMPTS;
      if (kill) dead++;
      await tx
        .update(staffSignInCodes)
        .set({ attempts, ...(kill ? { endedAt: now, endReason: "too_many_attempts" as const } : {}) })
        .where(eq(staffSignInCodes.id, row.id));
    }
    return dead > 0 && live <= dead ? tooManyAttempts() : invalidCode();
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

async function afterCode(ctx: CoreContext, tx: Executor, member: typeof staffUsers.$inferSelect): Promise<StaffSignInResult> {
  const now = ctx.clock.now();
  const [mfa] = await tx.select().from(staffMfa).where(eq(staffMfa.staffId, member.id));
  const settings = await loadSettings(tx, member.merchantId);
  const needsEnrolment = !mfa?.confirmedAt && settings.staffMfa === "required";
  if (!mfa?.confirmedAt && !needsEnrolment) {
    const { token, csrf, session } = await openStaffSession(ctx, tx, { merchantId: member.merchantId, staffId: member.id, kind: "cookie" });
    return { kind: "session", token, csrf: csrf!, session };
  }
  const challenge = newChallengeToken();
  const expiresAt = new Date(now.getTime() + MFA_CHALLENGE_MINUTES * 60_000);
  await tx.insert(staffMfaChallenges).values({ id: newId("ssm"), merchantId: member.merchantId, staffId: member.id, kind: needsEnrolment ? "enrol" : "totp", tokenHash: hashChallengeToken(challenge), createdAt: now, expiresAt });
  if (!needsEnrolment) return { kind: "mfa_required", challenge, expiresAt };
  const secret = newTotpSecret();
  await upsertUnconfirmedMfa(ctx, tx, member, secret);
  return { kind: "mfa_enrolment_required", challenge, expiresAt, secret, otpauthUrl: await otpauthFor(tx, member, secret) };
}

async function upsertUnconfirmedMfa(ctx: CoreContext, tx: Executor, member: typeof staffUsers.$inferSelect, secret: string): Promise<void> {
  const sealedSecret = secretsOf(ctx).seal(secret, staffSealContext(member.id));
  const now = ctx.clock.now();
  await tx
    .insert(staffMfa)
    .values({ staffId: member.id, merchantId: member.merchantId, sealedSecret, createdAt: now, confirmedAt: null, lastTimeStep: null })
    .onConflictDoUpdate({ target: staffMfa.staffId, set: { sealedSecret, createdAt: now, confirmedAt: null, lastTimeStep: null } });
}

async function otpauthFor(tx: Executor, member: typeof staffUsers.$inferSelect, secret: string): Promise<string> {
  const [merchant] = await tx.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, member.merchantId));
  return totpUri({ issuer: `${merchant?.name ?? "Billfront"} staff`, label: member.email, secret });
}

/**
 * The TOTP step of a staff sign-in (M1): a code from the authenticator (or, in
 * the enrolment step, from the one just set up, which confirms it) opens the
 * cookie session. Five wrong answers kill the step; a disabled staff member
 * cannot finish.
 */
export async function answerStaffMfaChallenge(ctx: CoreContext, input: { challenge: string; code: string }): Promise<Extract<StaffSignInResult, { kind: "session" }>> {
  const box = secretsOf(ctx);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(staffMfaChallenges).where(eq(staffMfaChallenges.tokenHash, hashChallengeToken(input.challenge))).for("update");
    if (!row) return new DomainError("unauthenticated", "mfa_challenge_invalid", "This sign-in step is not known; start again.");
    if (row.endReason === "too_many_attempts") return tooManyMfa();
    if (row.endedAt) return new DomainError("unauthenticated", "mfa_challenge_invalid", "This sign-in step was already completed; start again.");
    const now = ctx.clock.now();
    if (now.getTime() >= row.expiresAt.getTime()) return new DomainError("gone", "mfa_challenge_expired", "This sign-in step took too long; start again.");
    const [member] = await tx.select().from(staffUsers).where(and(eq(staffUsers.id, row.staffId), isNull(staffUsers.disabledAt)));
    if (!member) return new DomainError("unauthenticated", "mfa_challenge_invalid", "This sign-in step is not known; start again.");
    const [mfa] = await tx.select().from(staffMfa).where(eq(staffMfa.staffId, row.staffId)).for("update");
    const usable = mfa && (row.kind === "enrol" ? !mfa.confirmedAt : Boolean(mfa.confirmedAt));
    const check = usable ? await checkTotp(box.open(mfa.sealedSecret, staffSealContext(row.staffId)), input.code.replace(/\s/g, ""), now, row.kind === "totp" ? mfa.lastTimeStep : null) : ({ valid: false } as const);
    if (!check.valid) {
      const attempts = row.attempts + 1;
      const dead = attempts >= MAX_CODE_ATTEMPTS;
      await tx
        .update(staffMfaChallenges)
        .set({ attempts, ...(dead ? { endedAt: now, endReason: "too_many_attempts" as const } : {}) })
        .where(eq(staffMfaChallenges.id, row.id));
      return dead ? tooManyMfa() : new DomainError("unauthenticated", "mfa_code_invalid", "The code is not right; try the newest code from your authenticator.");
    }
    await tx.update(staffMfaChallenges).set({ endedAt: now, endReason: "used" }).where(eq(staffMfaChallenges.id, row.id));
    await tx.update(staffMfa).set({ lastTimeStep: check.timeStep, ...(row.kind === "enrol" ? { confirmedAt: now } : {}) }).where(eq(staffMfa.staffId, row.staffId));
    if (row.kind === "enrol") await recordAction(tx, ctx, { merchantId: row.merchantId, action: "staff_mfa.enabled", subjectId: row.staffId, actor: { source: "staff", id: `staff:${row.staffId}` } });
    const { token, csrf, session } = await openStaffSession(ctx, tx, { merchantId: row.merchantId, staffId: row.staffId, kind: "cookie" });
    return { kind: "session" as const, token, csrf: csrf!, session };
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

/** Whether the signed-in staff member has TOTP on, and whether the merchant requires it. */
export async function getStaffMfaStatus(ctx: CoreContext, merchantId: string, staffId: string): Promise<{ enabled: boolean; required: boolean }> {
  const [mfa] = await ctx.db.select({ confirmedAt: staffMfa.confirmedAt }).from(staffMfa).where(and(eq(staffMfa.merchantId, merchantId), eq(staffMfa.staffId, staffId)));
  const settings = await loadSettings(ctx.db, merchantId);
  return { enabled: Boolean(mfa?.confirmedAt), required: settings.staffMfa === "required" };
}

/**
 * A signed-in staff member sets up TOTP (M1, optional where the merchant does
 * not require it): a new secret, shown once; `confirmStaffMfa` with a code
 * from it turns it on. One already on must stay (turning it off is not offered).
 */
export async function enrolStaffMfa(ctx: CoreContext, merchantId: string, staffId: string): Promise<{ secret: string; otpauthUrl: string }> {
  return ctx.db.transaction(async (tx) => {
    const [member] = await tx.select().from(staffUsers).where(and(eq(staffUsers.merchantId, merchantId), eq(staffUsers.id, staffId))).for("update");
    if (!member) throw new DomainError("not_found", "staff_not_found", "No such staff member.");
    const [existing] = await tx.select({ confirmedAt: staffMfa.confirmedAt }).from(staffMfa).where(eq(staffMfa.staffId, staffId));
    if (existing?.confirmedAt) throw new DomainError("conflict", "mfa_already_enabled", "Two-step verification is already on.");
    const secret = newTotpSecret();
    await upsertUnconfirmedMfa(ctx, tx, member, secret);
    await recordAction(tx, ctx, { merchantId, action: "staff_mfa.enrolment_started", subjectId: staffId });
    return { secret, otpauthUrl: await otpauthFor(tx, member, secret) };
  });
}

/** Finishes a signed-in enrolment with a code from the new authenticator. */
export async function confirmStaffMfa(ctx: CoreContext, merchantId: string, staffId: string, code: string): Promise<{ enabled: true }> {
  const box = secretsOf(ctx);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [mfa] = await tx.select().from(staffMfa).where(and(eq(staffMfa.merchantId, merchantId), eq(staffMfa.staffId, staffId))).for("update");
    if (!mfa) return new DomainError("conflict", "mfa_enrolment_missing", "Start setting up two-step verification first.");
    if (mfa.confirmedAt) return new DomainError("conflict", "mfa_already_enabled", "Two-step verification is already on.");
    const now = ctx.clock.now();
    const check = await checkTotp(box.open(mfa.sealedSecret, staffSealContext(staffId)), code.replace(/\s/g, ""), now, null);
    if (!check.valid) return new DomainError("invalid", "mfa_code_invalid", "The code is not right; check the time on your phone and try the newest code.");
    await tx.update(staffMfa).set({ confirmedAt: now, lastTimeStep: check.timeStep }).where(eq(staffMfa.staffId, staffId));
    await recordAction(tx, ctx, { merchantId, action: "staff_mfa.enabled", subjectId: staffId });
    return { enabled: true as const };
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

function tooManyMfa(): DomainError {
  return new DomainError("rate_limited", "too_many_attempts", "Too many wrong codes: sign in again with a new e-mail code.");
}
