import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { outboxMessages, type MessageChannel, type OutboxStatus } from "../db/schema/index.ts";
import { ANONYMISED_EMAIL_DOMAIN } from "../customers/delete-customer.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { assertFilterIds } from "../list-filters.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";

export interface EmailView {
  id: string;
  channel: MessageChannel;
  template: string;
  to: string;
  subject: string;
  locale: string | null;
  /** pending (queued or waiting for a retry), sent, or failed (every attempt used: the dead letter). */
  status: OutboxStatus;
  attempts: number;
  /** The last failure's code, e.g. `smtp_550`; null after a success. */
  last_error: string | null;
  next_attempt_at: string | null;
  attachments: number;
  resend_of: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface ListEmailsInput extends PageQuery {
  status?: OutboxStatus | undefined;
  channel?: MessageChannel | undefined;
  customerId?: string | undefined;
}

/** The merchant's messages, newest first, by status and channel (staff, R7): `failed` is the dead-letter queue. */
export async function listEmails(ctx: CoreContext, merchantId: string, input: ListEmailsInput): Promise<Page<EmailView>> {
  // Another tenant's (or an unknown) customer is 404, never an empty page.
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId });
  const columns = { at: outboxMessages.createdAt, id: outboxMessages.id };
  const rows = await ctx.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.merchantId, merchantId),
        input.customerId ? eq(outboxMessages.customerId, input.customerId) : undefined,
        input.status ? eq(outboxMessages.status, input.status) : undefined,
        input.channel ? eq(outboxMessages.channel, input.channel) : undefined,
        pageWhere(columns, input.cursor),
      ),
    )
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toView);
}

/** A customer's messages, newest first, for staff (R7). */
export async function listCustomerEmails(ctx: CoreContext, merchantId: string, customerId: string, page: PageQuery): Promise<Page<EmailView>> {
  return listEmails(ctx, merchantId, { ...page, customerId });
}

/** Staff resend a message (R7), sent or dead: a new copy is queued, the original stays as it was. */
export async function resendEmail(ctx: CoreContext, merchantId: string, emailId: string): Promise<{ id: string }> {
  const [original] = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.id, emailId)));
  if (!original) throw new DomainError("not_found", "email_not_found", `No email ${emailId}.`);
  // A deleted customer's messages lost their address and text: nothing to resend.
  if (original.to.endsWith(`@${ANONYMISED_EMAIL_DOMAIN}`)) throw new DomainError("not_allowed", "customer_deleted", "This message's customer was deleted.");
  const id = newId(original.channel === "sms" ? "sms" : "eml");
  await ctx.db.transaction(async (tx) => {
    await recordAction(tx, ctx, { merchantId, customerId: original.customerId, action: "email.resent", subjectId: original.id, details: { template: original.template, channel: original.channel, copy: id } });
    await tx.insert(outboxMessages).values({
      ...original,
      id,
      status: "pending",
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      nextAttemptAt: null,
      claimedUntil: null,
      claimToken: null,
      resendOf: original.id,
      createdAt: ctx.clock.now(),
      sentAt: null,
    });
  });
  return { id };
}

function toView(r: typeof outboxMessages.$inferSelect): EmailView {
  return {
    id: r.id,
    channel: r.channel,
    template: r.template,
    to: r.to,
    subject: r.subject,
    locale: r.locale,
    status: r.status,
    attempts: r.attempts,
    last_error: r.lastError,
    next_attempt_at: r.nextAttemptAt?.toISOString() ?? null,
    attachments: r.attachments.length,
    resend_of: r.resendOf,
    created_at: r.createdAt.toISOString(),
    sent_at: r.sentAt?.toISOString() ?? null,
  };
}
