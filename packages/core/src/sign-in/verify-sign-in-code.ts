import { and, desc, eq, sql } from "drizzle-orm";
import { secretsOf, type CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { signInCodes } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { completeSignIn, type SignInResult } from "./complete-sign-in.ts";
import { findSignInCustomer } from "./find-sign-in-customer.ts";
import { assertSelfSignIn } from "./sign-in-guard.ts";
import { MAX_CODE_ATTEMPTS, normaliseCode } from "./sign-in-secrets.ts";

export interface VerifySignInCodeInput {
  merchantId: string;
  email: string;
  code: string;
}

/**
 * Self sign-in, step two (P4): the code from the e-mail. Only the newest code
 * of the address counts; a wrong one costs one of its five tries and the fifth
 * wrong try kills it (`too_many_attempts`, even for the right code after). An
 * address with no customer answers as a wrong code does. The right code is used
 * up in the same transaction as the session (or MFA challenge) it opens.
 */
export async function verifySignInCode(ctx: CoreContext, input: VerifySignInCodeInput): Promise<SignInResult> {
  const box = secretsOf(ctx);
  await assertSelfSignIn(ctx.db, input.merchantId);
  const code = normaliseCode(input.code);
  const customer = await findSignInCustomer(ctx.db, input.merchantId, input.email);
  if (!customer || !/^\d{6}$/.test(code)) throw invalidCode();
  const outcome = await ctx.db.transaction(async (tx): Promise<SignInResult | DomainError> => {
    const [row] = await tx
      .select()
      .from(signInCodes)
      .where(and(eq(signInCodes.merchantId, input.merchantId), eq(signInCodes.customerId, customer.id)))
      // The newest code: never a superseded one; a live one before any ended one (times can tie on a test clock).
      .orderBy(sql`coalesce(${signInCodes.endReason} = 'superseded', false)`, sql`${signInCodes.endedAt} desc nulls first`, desc(signInCodes.createdAt))
      .limit(1)
      .for("update");
    if (!row) return invalidCode();
    if (row.endReason === "too_many_attempts") return tooManyAttempts();
    if (row.endedAt) return invalidCode();
    const now = await customerNow(ctx, tx, input.merchantId, customer.id);
    if (now.getTime() >= row.expiresAt.getTime()) return new DomainError("gone", "sign_in_code_expired", "This code has expired; ask for a new one.");
    if (!box.verifyMac("sign_in_code", `${row.id}:${code}`, row.codeHash)) {
      const attempts = row.attempts + 1;
      const dead = attempts >= MAX_CODE_ATTEMPTS;
      await tx
        .update(signInCodes)
        .set({ attempts, ...(dead ? { endedAt: now, endReason: "too_many_attempts" as const } : {}) })
        .where(eq(signInCodes.id, row.id));
      return dead ? tooManyAttempts() : invalidCode();
    }
    await tx.update(signInCodes).set({ endedAt: now, endReason: "used" }).where(eq(signInCodes.id, row.id));
    return completeSignIn(ctx, tx, { merchantId: input.merchantId, customerId: customer.id, locale: row.locale });
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}

/** The same for an unknown address, an old code and a wrong one: the answer must not tell which addresses exist. */
export function invalidCode(): DomainError {
  return new DomainError("unauthenticated", "sign_in_code_invalid", "The code is not right. Check the e-mail and try again.");
}

/** A code that took too many wrong tries is dead (customer and staff sign-in alike). */
export function tooManyAttempts(): DomainError {
  return new DomainError("rate_limited", "too_many_attempts", "Too many wrong codes: this code no longer works. Ask for a new one.");
}
