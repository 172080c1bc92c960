import { eq } from "drizzle-orm";
import { secretsOf, type CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { mfaChallenges } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { checkSecondFactor, type SecondFactor } from "../mfa/check-second-factor.ts";
import { createPortalSession, type CreatedSession } from "../sessions/create-portal-session.ts";
import { assertSelfSignIn } from "./sign-in-guard.ts";
import { hashChallengeToken, MAX_CODE_ATTEMPTS } from "./sign-in-secrets.ts";

/**
 * The MFA step of a self sign-in (P4): the challenge from the code or link
 * step, answered with a TOTP or a one-time recovery code, opens the portal
 * session. Five wrong answers kill the challenge (`too_many_attempts`); the
 * customer starts over with a new e-mail code.
 */
export async function answerMfaChallenge(ctx: CoreContext, input: { merchantId: string; challenge: string; factor: SecondFactor }): Promise<CreatedSession> {
  const box = secretsOf(ctx);
  await assertSelfSignIn(ctx.db, input.merchantId);
  const outcome = await ctx.db.transaction(async (tx): Promise<CreatedSession | DomainError> => {
    const [row] = await tx.select().from(mfaChallenges).where(eq(mfaChallenges.tokenHash, hashChallengeToken(input.challenge))).for("update");
    // Another shop's challenge is not found here (tenancy).
    if (!row || row.merchantId !== input.merchantId) return new DomainError("unauthenticated", "mfa_challenge_invalid", "This sign-in step is not known; start again.");
    if (row.endReason === "too_many_attempts") return tooManyAttempts();
    if (row.endedAt) return new DomainError("unauthenticated", "mfa_challenge_invalid", "This sign-in step was already completed; start again.");
    const now = await customerNow(ctx, tx, row.merchantId, row.customerId);
    if (now.getTime() >= row.expiresAt.getTime()) return new DomainError("gone", "mfa_challenge_expired", "This sign-in step took too long; start again.");
    const scope = { merchantId: row.merchantId, customerId: row.customerId };
    if (!(await checkSecondFactor(tx, box, scope, input.factor, ctx.clock.now()))) {
      const attempts = row.attempts + 1;
      const dead = attempts >= MAX_CODE_ATTEMPTS;
      await tx
        .update(mfaChallenges)
        .set({ attempts, ...(dead ? { endedAt: now, endReason: "too_many_attempts" as const } : {}) })
        .where(eq(mfaChallenges.id, row.id));
      return dead ? tooManyAttempts() : new DomainError("unauthenticated", "mfa_code_invalid", "The code is not right; try the newest code from your authenticator, or a recovery code.");
    }
    await tx.update(mfaChallenges).set({ endedAt: now, endReason: "used" }).where(eq(mfaChallenges.id, row.id));
    return createPortalSession(ctx, { ...scope, source: "sign_in", locale: row.locale }, tx);
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

function tooManyAttempts(): DomainError {
  return new DomainError("rate_limited", "too_many_attempts", "Too many wrong codes: sign in again with a new e-mail code.");
}
