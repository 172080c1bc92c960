import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { recordAction } from "../audit/record-action.ts";
import { assertStorable } from "../storable.ts";
import {
  EMAIL_CODE_RESEND_MS,
  EMAIL_CODE_TTL_MS,
  assertEditable,
  assertRequiredKept,
  normaliseChanges,
  type AccountChanges,
} from "./account-rules.ts";
import { toAccountView, type AccountView } from "./account-view.ts";
import { changedFields } from "./changed-fields.ts";
import { newEmailCode } from "./email-code.ts";
import { customerRow } from "./get-account.ts";

/**
 * A customer changes their own account details in the portal (A3). Only fields
 * the merchant's `customerFields` setting makes editable may be sent (403
 * `field_not_editable`); a required one cannot be cleared (422 `field_required`);
 * formats are checked (422 `validation_failed`, one error per field). A new
 * e-mail address is not taken yet: it waits, and a six-digit code goes to it
 * (see `confirmEmailChange`). Sending the current address again drops a pending change.
 */
export async function updateAccount(ctx: CoreContext, scope: PortalScope, changes: AccountChanges): Promise<AccountView> {
  assertStorable(changes, "account");
  // Guards, in the order a caller can act on them: may I send this field at all, then is what I sent well-formed.
  assertEditable(changes, (await loadSettings(ctx.db, scope.merchantId)).customerFields);
  const normalised = normaliseChanges(changes);
  return ctx.db.transaction(async (tx) => {
    const row = await customerRow(tx, scope, { lock: true });
    // Re-checked under the lock: the merchant may have changed the field settings meanwhile.
    const { customerFields } = await loadSettings(tx, scope.merchantId);
    assertEditable(changes, customerFields);
    assertRequiredKept(normalised, customerFields);
    const now = ctx.clock.now();
    const { set, fields } = changedFields(row, normalised);
    let code: string | undefined;
    if (normalised.email != null && normalised.email !== row.email) {
      if (row.emailCodeSentAt && now.getTime() - row.emailCodeSentAt.getTime() < EMAIL_CODE_RESEND_MS) {
        const wait = Math.ceil((row.emailCodeSentAt.getTime() + EMAIL_CODE_RESEND_MS - now.getTime()) / 1000);
        throw new DomainError("conflict", "email_code_recently_sent", `A code was sent less than a minute ago; ask again in ${wait} s.`, { retry_after_seconds: wait });
      }
      const fresh = newEmailCode();
      code = fresh.code;
      Object.assign(set, { pendingEmail: normalised.email, emailCodeHash: fresh.hash, emailCodeSentAt: now, emailCodeExpiresAt: new Date(now.getTime() + EMAIL_CODE_TTL_MS), emailCodeAttempts: 0 });
      fields.push("email_change_requested");
    } else if (normalised.email === row.email && row.pendingEmail) {
      Object.assign(set, { pendingEmail: null, emailCodeHash: null, emailCodeExpiresAt: null, emailCodeAttempts: 0 });
      fields.push("email_change_cancelled");
    }
    if (fields.length === 0) return toAccountView(row, customerFields);
    const [updated] = await tx
      .update(customers)
      .set(set)
      .where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId)))
      .returning();
    if (code !== undefined) {
      const to = normalised.email!;
      // The code goes by e-mail only: it proves the new address, so an SMS would prove nothing.
      await queueMessage(tx, { merchantId: scope.merchantId, customerId: scope.customerId, to, template: "email_change_code", subjectId: scope.customerId, vars: { code, minutes: EMAIL_CODE_TTL_MS / 60_000 }, at: now, channels: ["email"] });
      // The old address hears of it once per new address, not on every resend of the code.
      if (row.pendingEmail !== to) {
        await queueMessage(tx, { merchantId: scope.merchantId, customerId: scope.customerId, template: "email_change_requested", subjectId: scope.customerId, vars: { new_email: maskEmail(to) }, at: now, channels: ["email"] });
      }
    }
    // Field names only: the values are personal data.
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "account.updated", subjectId: scope.customerId, details: { fields } });
    return toAccountView(updated!, customerFields);
  });
}

/** `a***@example.com`: enough for the owner of the old address to recognise (or not) the new one. */
function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}
