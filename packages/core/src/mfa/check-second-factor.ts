import { and, eq, isNull } from "drizzle-orm";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Executor } from "../db/open.ts";
import { customerMfa, mfaRecoveryCodes } from "../db/schema/index.ts";
import { checkTotp, hashRecoveryCode, totpSealContext } from "./totp.ts";

export type SecondFactor = { code: string } | { recoveryCode: string };

/**
 * Checks a TOTP or a recovery code of a customer whose MFA is on, inside the
 * caller's transaction, locking the authenticator row: a TOTP's step is
 * remembered so the same code does not work twice, and a recovery code is used
 * up. False for a wrong code or a customer without confirmed MFA.
 */
export async function checkSecondFactor(tx: Executor, box: SecretBox, scope: { merchantId: string; customerId: string }, factor: SecondFactor, now: Date): Promise<boolean> {
  const [mfa] = await tx.select().from(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId))).for("update");
  if (!mfa?.confirmedAt) return false;
  if ("code" in factor) {
    const check = await checkTotp(box.open(mfa.sealedSecret, totpSealContext(scope.customerId)), factor.code.replace(/\s/g, ""), now, mfa.lastTimeStep);
    if (!check.valid) return false;
    await tx.update(customerMfa).set({ lastTimeStep: check.timeStep }).where(eq(customerMfa.customerId, scope.customerId));
    return true;
  }
  const used = await tx
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.merchantId, scope.merchantId),
        eq(mfaRecoveryCodes.customerId, scope.customerId),
        eq(mfaRecoveryCodes.codeHash, hashRecoveryCode(box, scope.customerId, factor.recoveryCode)),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  return used.length > 0;
}
