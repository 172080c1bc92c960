import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import { secretsOf, type CoreContext, type PortalScope } from "../context.ts";
import { customerMfa, customers, merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newTotpSecret, totpSealContext, totpUri } from "./totp.ts";

export interface MfaEnrolment {
  /** Base32, for typing into an authenticator app by hand. */
  secret: string;
  otpauthUrl: string;
}

/**
 * Starts (or restarts) TOTP enrolment for the session's customer (P4): a new
 * secret, sealed at rest, that counts only once `confirmMfa` has seen a code
 * from it. A customer whose MFA is already on must turn it off first.
 */
export async function enrolMfa(ctx: CoreContext, scope: PortalScope): Promise<MfaEnrolment> {
  const box = secretsOf(ctx);
  return ctx.db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ email: customers.email, merchantName: merchants.name })
      .from(customers)
      .innerJoin(merchants, eq(merchants.id, customers.merchantId))
      .where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId)))
      .for("update", { of: customers });
    if (!customer) throw new DomainError("not_found", "customer_not_found", "No such customer.");
    const [existing] = await tx.select({ confirmedAt: customerMfa.confirmedAt }).from(customerMfa).where(and(eq(customerMfa.merchantId, scope.merchantId), eq(customerMfa.customerId, scope.customerId)));
    if (existing?.confirmedAt) throw new DomainError("conflict", "mfa_already_enabled", "Two-step verification is already on; turn it off first to set up a new authenticator.");
    const secret = newTotpSecret();
    const sealedSecret = box.seal(secret, totpSealContext(scope.customerId));
    const now = ctx.clock.now();
    await tx
      .insert(customerMfa)
      .values({ customerId: scope.customerId, merchantId: scope.merchantId, sealedSecret, createdAt: now, confirmedAt: null, lastTimeStep: null })
      .onConflictDoUpdate({ target: customerMfa.customerId, set: { sealedSecret, createdAt: now, confirmedAt: null, lastTimeStep: null } });
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "mfa.enrolment_started", subjectId: scope.customerId });
    return { secret, otpauthUrl: totpUri({ issuer: customer.merchantName, label: customer.email, secret }) };
  });
}
