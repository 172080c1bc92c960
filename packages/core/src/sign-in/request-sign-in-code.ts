import { and, eq, isNull } from "drizzle-orm";
import { secretsOf, type CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { customers, signInCodes } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { findSignInCustomer } from "./find-sign-in-customer.ts";
import { assertSelfSignIn } from "./sign-in-guard.ts";
import { hashSignInCode, newSignInCode, SIGN_IN_CODE_MINUTES } from "./sign-in-secrets.ts";

export interface RequestSignInCodeInput {
  merchantId: string;
  email: string;
  locale?: string | null | undefined;
}

/** Signs the e-mailed sign-in link for one code (the BFF holds the signing keys). */
export type SignInLinkSigner = (input: { merchantId: string; customerId: string; codeId: string }) => Promise<string>;

/**
 * Self sign-in, step one (P4): when the address belongs to a customer of this
 * shop who may use the portal, a six-digit code and a sign-in link are
 * e-mailed, valid for 15 minutes on the customer's clock; any earlier code
 * dies. The caller learns nothing either way: an unknown or blacklisted address
 * returns the same as a known one (the BFF also evens out the timing).
 */
export async function requestSignInCode(ctx: CoreContext, input: RequestSignInCodeInput, signLink: SignInLinkSigner): Promise<void> {
  const box = secretsOf(ctx);
  await assertSelfSignIn(ctx.db, input.merchantId);
  const customer = await findSignInCustomer(ctx.db, input.merchantId, input.email);
  if (!customer || customer.blacklistedAt) return;
  const codeId = newId("sic");
  const code = newSignInCode();
  // Signed before the transaction: signing reads settings on its own connection (one connection on PGlite).
  const link = await signLink({ merchantId: input.merchantId, customerId: customer.id, codeId });
  await ctx.db.transaction(async (tx) => {
    // One request at a time per customer, so exactly one code is live afterwards.
    await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.merchantId, input.merchantId), eq(customers.id, customer.id))).for("update");
    const now = await customerNow(ctx, tx, input.merchantId, customer.id);
    await tx
      .update(signInCodes)
      .set({ endedAt: now, endReason: "superseded" })
      .where(and(eq(signInCodes.merchantId, input.merchantId), eq(signInCodes.customerId, customer.id), isNull(signInCodes.endedAt)));
    await tx.insert(signInCodes).values({
      id: codeId,
      merchantId: input.merchantId,
      customerId: customer.id,
      codeHash: hashSignInCode(box, codeId, code),
      locale: input.locale ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SIGN_IN_CODE_MINUTES * 60_000),
    });
    await queueMessage(tx, {
      merchantId: input.merchantId,
      customerId: customer.id,
      template: "sign_in_code",
      subjectId: codeId,
      vars: { code, link },
      at: now,
    });
  });
}
