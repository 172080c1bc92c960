import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { signInCodes } from "../db/schema/index.ts";
import { redeemLink } from "../merchants/redeem-link.ts";
import { DomainError } from "../errors.ts";
import { completeSignIn, type SignInResult } from "./complete-sign-in.ts";
import { assertSelfSignIn } from "./sign-in-guard.ts";

export interface SignInLinkClaims {
  jti: string;
  merchantId: string;
  customerId: string;
  /** The code e-mailed with the link: link and code are one credential. */
  codeId: string;
}

/**
 * The sign-in link of a self sign-in e-mail (P4), exchanged once: it uses up
 * its code too (and dies with it: a newer code, five wrong tries or the code
 * used first), then leads on as the code would — a session, an MFA challenge,
 * or an enrolment-only session where the shop requires MFA.
 */
export async function exchangeSignInLink(ctx: CoreContext, link: SignInLinkClaims): Promise<SignInResult> {
  await assertSelfSignIn(ctx.db, link.merchantId);
  return ctx.db.transaction(async (tx) => {
    await redeemLink(tx, { jti: link.jti, merchantId: link.merchantId, at: ctx.clock.now() }, "This link was already used; ask for a new one.");
    const [code] = await tx
      .select()
      .from(signInCodes)
      .where(and(eq(signInCodes.merchantId, link.merchantId), eq(signInCodes.customerId, link.customerId), eq(signInCodes.id, link.codeId)))
      .for("update");
    if (!code) throw new DomainError("unauthenticated", "link_invalid", "The link is not valid.");
    if (code.endedAt) throw new DomainError("gone", "link_used", "This sign-in link no longer works: it or its code was used, or a newer one was sent.");
    const now = await customerNow(ctx, tx, link.merchantId, link.customerId);
    if (now.getTime() >= code.expiresAt.getTime()) throw new DomainError("gone", "link_expired", "This link has expired; ask for a new one.");
    await tx.update(signInCodes).set({ endedAt: now, endReason: "used" }).where(eq(signInCodes.id, code.id));
    return completeSignIn(ctx, tx, { merchantId: link.merchantId, customerId: link.customerId, locale: code.locale, linkJti: link.jti });
  });
}
