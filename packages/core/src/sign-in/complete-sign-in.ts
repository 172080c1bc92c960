import { and, eq, isNotNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import type { Executor } from "../db/open.ts";
import { customerMfa, mfaChallenges } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { createPortalSession } from "../sessions/create-portal-session.ts";
import type { PortalSessionView } from "../sessions/views.ts";
import { hashChallengeToken, MFA_CHALLENGE_MINUTES, newChallengeToken } from "./sign-in-secrets.ts";

/**
 * What a proven e-mail address leads to (P4): a portal session; or, for a
 * customer with MFA on, a challenge to answer with a TOTP or recovery code; or,
 * where the shop requires MFA and the customer has none yet, a session limited
 * to enrolling (`mfa_enrol`) until they confirm an authenticator.
 */
export type SignInResult =
  | { kind: "session"; token: string; session: PortalSessionView; mfaEnrolmentRequired: boolean }
  | { kind: "mfa_required"; challenge: string; expiresAt: Date };

export interface CompleteSignInInput {
  merchantId: string;
  customerId: string;
  locale?: string | null | undefined;
  linkJti?: string | null | undefined;
}

/** Runs inside the caller's transaction, after the code or link was used up. */
export async function completeSignIn(ctx: CoreContext, tx: Executor, input: CompleteSignInInput): Promise<SignInResult> {
  const [mfa] = await tx
    .select({ customerId: customerMfa.customerId })
    .from(customerMfa)
    .where(and(eq(customerMfa.merchantId, input.merchantId), eq(customerMfa.customerId, input.customerId), isNotNull(customerMfa.confirmedAt)));
  if (mfa) {
    const now = await customerNow(ctx, tx, input.merchantId, input.customerId);
    const challenge = newChallengeToken();
    const expiresAt = new Date(now.getTime() + MFA_CHALLENGE_MINUTES * 60_000);
    await tx.insert(mfaChallenges).values({
      id: newId("mfc"),
      merchantId: input.merchantId,
      customerId: input.customerId,
      tokenHash: hashChallengeToken(challenge),
      locale: input.locale ?? null,
      viaLink: Boolean(input.linkJti),
      createdAt: now,
      expiresAt,
    });
    return { kind: "mfa_required", challenge, expiresAt };
  }
  const settings = await loadSettings(tx, input.merchantId);
  const enrol = settings.mfaRequired;
  const { token, session } = await createPortalSession(
    ctx,
    {
      merchantId: input.merchantId,
      customerId: input.customerId,
      source: "sign_in",
      linkJti: input.linkJti,
      locale: input.locale,
      ...(enrol ? { flow: "mfa_enrol" as const, limited: true } : {}),
    },
    tx,
  );
  return { kind: "session", token, session, mfaEnrolmentRequired: enrol };
}
