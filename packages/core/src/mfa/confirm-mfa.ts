import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import { secretsOf, type CoreContext, type PortalScope } from "../context.ts";
import { customerMfa, mfaRecoveryCodes, portalSessions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { checkTotp, hashRecoveryCode, newRecoveryCodes, totpSealContext } from "./totp.ts";

/**
 * Finishes enrolment (P4): a code from the new authenticator turns MFA on and
 * returns ten one-time recovery codes (shown once; only their HMACs kept). A
 * session limited to enrolment (`mfa_enrol`, the shop requires MFA) becomes a
 * full session.
 */
export async function confirmMfa(ctx: CoreContext, scope: PortalScope & { sessionId: string }, code: string): Promise<{ recoveryCodes: string[] }> {
  const box = secretsOf(ctx);
  const outcome = await ctx.db.transaction(async (tx) => {
    const [mfa] = await tx.select().from(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId))).for("update");
    if (!mfa) return new DomainError("conflict", "mfa_enrolment_missing", "Start setting up two-step verification first.");
    if (mfa.confirmedAt) return new DomainError("conflict", "mfa_already_enabled", "Two-step verification is already on.");
    const now = ctx.clock.now();
    const check = await checkTotp(box.open(mfa.sealedSecret, totpSealContext(scope.customerId)), code.replace(/\s/g, ""), now, null);
    if (!check.valid) return new DomainError("invalid", "mfa_code_invalid", "The code is not right; check the time on your phone and try the newest code.");
    await tx.update(customerMfa).set({ confirmedAt: now, lastTimeStep: check.timeStep }).where(eq(customerMfa.customerId, scope.customerId));
    await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.merchantId, scope.merchantId), eq(mfaRecoveryCodes.customerId, scope.customerId)));
    const recoveryCodes = newRecoveryCodes();
    await tx.insert(mfaRecoveryCodes).values(
      recoveryCodes.map((c) => ({ id: newId("rcv"), merchantId: scope.merchantId, customerId: scope.customerId, codeHash: hashRecoveryCode(box, scope.customerId, c), createdAt: now })),
    );
    await tx
      .update(portalSessions)
      .set({ flow: null, limited: false })
      .where(and(eq(portalSessions.id, scope.sessionId), eq(portalSessions.merchantId, scope.merchantId), eq(portalSessions.customerId, scope.customerId), eq(portalSessions.flow, "mfa_enrol")));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "mfa.enabled", subjectId: scope.customerId });
    return { recoveryCodes };
  });
  if (outcome instanceof DomainError) throw outcome;
  return outcome;
}
