import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import { secretsOf, type CoreContext, type PortalScope } from "../context.ts";
import { customerMfa, mfaRecoveryCodes } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { checkSecondFactor, type SecondFactor } from "./check-second-factor.ts";

/**
 * Turns the session customer's MFA off (P4), proven with a current TOTP or a
 * recovery code. Refused while the shop requires MFA (`mfaRequired`).
 */
export async function disableMfa(ctx: CoreContext, scope: PortalScope, factor: SecondFactor): Promise<void> {
  const box = secretsOf(ctx);
  const settings = await loadSettings(ctx.db, scope.merchantId);
  if (settings.mfaRequired) throw new DomainError("forbidden", "mfa_required_by_shop", "This shop requires two-step verification; it cannot be turned off.");
  const outcome = await ctx.db.transaction(async (tx) => {
    const [mfa] = await tx.select({ confirmedAt: customerMfa.confirmedAt }).from(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId)));
    if (!mfa?.confirmedAt) return new DomainError("conflict", "mfa_not_enabled", "Two-step verification is not on.");
    if (!(await checkSecondFactor(tx, box, scope, factor, ctx.clock.now()))) return new DomainError("invalid", "mfa_code_invalid", "The code is not right; try the newest code from your authenticator.");
    await tx.delete(mfaRecoveryCodes).where(and(eq(mfaRecoveryCodes.merchantId, scope.merchantId), eq(mfaRecoveryCodes.customerId, scope.customerId)));
    await tx.delete(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId)));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "mfa.disabled", subjectId: scope.customerId });
    return null;
  });
  if (outcome) throw outcome;
}
