import { and, eq, ne, sql } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { recordAction } from "../audit/record-action.ts";
import { EMAIL_CODE_MAX_ATTEMPTS, isEditable } from "./account-rules.ts";
import { toAccountView, type AccountView } from "./account-view.ts";
import { emailCodeMatches } from "./email-code.ts";
import { customerRow } from "./get-account.ts";

const NO_CHANGE = { pendingEmail: null, emailCodeHash: null, emailCodeExpiresAt: null, emailCodeAttempts: 0 };

/**
 * The customer proves they read the code sent to their new address (A3), and it
 * becomes their e-mail. Refused: no change pending (409 `email_change_not_pending`),
 * a wrong code (422 `email_code_invalid`, counted), a lapsed one (422
 * `email_code_expired`), any try after five wrong ones (403 `too_many_attempts`),
 * and an address another customer of the shop has meanwhile (409 `email_taken`:
 * only now, to someone who owns it, is that said).
 */
export async function confirmEmailChange(ctx: CoreContext, scope: PortalScope, code: string): Promise<AccountView> {
  // A refusal that must stick (a counted wrong try, a change dropped) commits first and is thrown after.
  const outcome = await ctx.db.transaction(async (tx) => {
    // Merchant first (the documented lock order): two customers confirming one address wait for each other here.
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, scope.merchantId)).for("no key update");
    const row = await customerRow(tx, scope, { lock: true });
    const { customerFields } = await loadSettings(tx, scope.merchantId);
    if (!isEditable(customerFields.email)) throw new DomainError("forbidden", "field_not_editable", "The e-mail address cannot be changed here.", { errors: [{ field: "email", code: "field_not_editable", message: "is read-only" }] });
    if (!row.pendingEmail || !row.emailCodeHash || !row.emailCodeExpiresAt) throw new DomainError("conflict", "email_change_not_pending", "No change of e-mail address is waiting for a code.");
    if (row.emailCodeAttempts >= EMAIL_CODE_MAX_ATTEMPTS) throw new DomainError("forbidden", "too_many_attempts", "This code was entered wrongly too often; ask for a new one.");
    if (ctx.clock.now().getTime() >= row.emailCodeExpiresAt.getTime()) throw new DomainError("invalid", "email_code_expired", "This code has expired; ask for a new one.");
    const where = and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId));
    if (!emailCodeMatches(code, row.emailCodeHash)) {
      const attempts = row.emailCodeAttempts + 1;
      await tx.update(customers).set({ emailCodeAttempts: attempts }).where(where);
      return { refused: new DomainError("invalid", "email_code_invalid", "This code is not the one we sent.", { attempts_left: EMAIL_CODE_MAX_ATTEMPTS - attempts }) };
    }
    const [taken] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.merchantId, scope.merchantId), ne(customers.id, scope.customerId), sql`lower(${customers.email}) = lower(${row.pendingEmail})`))
      .limit(1);
    if (taken) {
      await tx.update(customers).set(NO_CHANGE).where(where);
      return { refused: new DomainError("conflict", "email_taken", "Another account of this shop already uses this e-mail address.") };
    }
    const [updated] = await tx.update(customers).set({ ...NO_CHANGE, email: row.pendingEmail }).where(where).returning();
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "account.email_changed", subjectId: scope.customerId, details: { fields: ["email"] } });
    return { account: toAccountView(updated!, customerFields) };
  });
  if ("refused" in outcome) throw outcome.refused;
  return outcome.account;
}
