import { and, desc, eq } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { customerRow } from "../customers/get-account.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { queueMessage } from "./queue-message.ts";
import { LINK_AT_SEND } from "./templates/index.ts";

/** A resend sooner than this after the last invite is refused (429 `invite_rate_limited`). */
export const INVITE_RESEND_SECONDS = 60;

export interface InviteView {
  /** The queued e-mail (see `GET /v1/emails`). */
  email_id: string;
  /** Whether the customer had been invited before. */
  resent: boolean;
  queued_at: string;
}

/**
 * Sends (or sends again) the customer's portal invite e-mail (P2), the same
 * message auto-invite sends: its link is signed when it is sent. Refused for a
 * deleted or blacklisted customer and while the portal is off (409), and within
 * 60 s of the last invite (429, `retry_after_seconds` in the details).
 */
export async function inviteCustomer(ctx: CoreContext, merchantId: string, customerId: string): Promise<InviteView> {
  return ctx.db.transaction(async (tx) => {
    // Locked: two invites at once queue one e-mail, the second waits and meets the rate limit.
    const row = await customerRow(tx, { merchantId, customerId }, { lock: true });
    if (row.deletedAt) throw new DomainError("not_allowed", "customer_deleted", "This customer was deleted.");
    if (row.blacklistedAt) throw new DomainError("not_allowed", "customer_blacklisted", "This customer may not use the billing portal.");
    if (!(await settingsForCustomer(tx, merchantId, customerId)).portalEnabled) throw new DomainError("not_allowed", "portal_disabled", "The billing portal is switched off.");
    const now = ctx.clock.now();
    const [last] = await tx
      .select({ createdAt: outboxMessages.createdAt })
      .from(outboxMessages)
      .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.customerId, customerId), eq(outboxMessages.template, "portal_invite"), eq(outboxMessages.channel, "email")))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1);
    if (last) {
      const wait = Math.ceil((last.createdAt.getTime() + INVITE_RESEND_SECONDS * 1000 - now.getTime()) / 1000);
      if (wait > 0) throw new DomainError("rate_limited", "invite_rate_limited", `The customer was invited moments ago; send again in ${wait} s.`, { retry_after_seconds: wait });
    }
    const emailId = await queueMessage(tx, {
      merchantId,
      customerId,
      template: "portal_invite",
      vars: { link: LINK_AT_SEND },
      linkPurpose: "invite",
      subjectId: customerId,
      at: now,
      channels: ["email"],
    });
    if (!emailId) throw new DomainError("not_allowed", "customer_unreachable", "The customer has no e-mail address to invite.");
    await recordAction(tx, ctx, { merchantId, action: "customer.invited", subjectId: customerId, customerId, details: { email_id: emailId, resent: !!last } });
    return { email_id: emailId, resent: !!last, queued_at: now.toISOString() };
  });
}
