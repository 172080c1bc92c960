import { and, count, eq, isNull } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customerMfa, mfaRecoveryCodes } from "../db/schema/index.ts";
import { loadSettings } from "../merchants/get-merchant.ts";

/** Whether the session customer's MFA is on, how many recovery codes are left, and whether the shop requires it (P4). */
export async function getMfaStatus(ctx: CoreContext, scope: PortalScope): Promise<{ enabled: boolean; required: boolean; recovery_codes_left: number }> {
  const [mfa] = await ctx.db.select({ confirmedAt: customerMfa.confirmedAt }).from(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId)));
  const [left] = await ctx.db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.merchantId, scope.merchantId), eq(mfaRecoveryCodes.customerId, scope.customerId), isNull(mfaRecoveryCodes.usedAt)));
  const settings = await loadSettings(ctx.db, scope.merchantId);
  return { enabled: Boolean(mfa?.confirmedAt), required: settings.mfaRequired, recovery_codes_left: mfa?.confirmedAt ? (left?.n ?? 0) : 0 };
}
