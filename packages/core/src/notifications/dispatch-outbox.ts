import { and, asc, desc, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";

export interface OutgoingEmail {
  id: string;
  to: string;
  subject: string;
  body: string;
}

/** Where emails go. Real SMTP delivery is a later issue; the dev mailbox keeps them in the outbox table. */
export interface Mailer {
  send(email: OutgoingEmail): Promise<void>;
}

/** Accepts every email; the outbox row itself is the mailbox (shown on the dev mailbox page). */
export const devMailbox: Mailer = { send: async () => {} };

const MAX_ATTEMPTS = 5;

/**
 * Delivers pending outbox emails. Rows are claimed with SKIP LOCKED, so any
 * number of workers can run this at once without sending a message twice.
 */
export async function dispatchOutbox(ctx: CoreContext, mailer: Mailer, options: { limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const outcome = await ctx.db.transaction(async (tx) => {
      const [message] = await tx
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.status, "pending"))
        .orderBy(asc(outboxMessages.createdAt))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!message) return "empty" as const;
      try {
        await mailer.send({ id: message.id, to: message.to, subject: message.subject, body: message.body });
        await tx.update(outboxMessages).set({ status: "sent", sentAt: ctx.clock.now(), attempts: message.attempts + 1 }).where(eq(outboxMessages.id, message.id));
        return "sent" as const;
      } catch {
        const attempts = message.attempts + 1;
        await tx.update(outboxMessages).set({ attempts, status: attempts >= MAX_ATTEMPTS ? "failed" : "pending" }).where(eq(outboxMessages.id, message.id));
        return "failed" as const;
      }
    });
    if (outcome === "empty") break;
    if (outcome === "sent") sent++;
    else failed++;
  }
  return { sent, failed };
}

export interface EmailView {
  id: string;
  template: string;
  to: string;
  subject: string;
  status: string;
  resend_of: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A customer's emails, newest first, for staff (R7). */
export async function listCustomerEmails(ctx: CoreContext, merchantId: string, customerId: string): Promise<EmailView[]> {
  const rows = await ctx.db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.customerId, customerId)))
    .orderBy(desc(outboxMessages.createdAt));
  return rows.map((r) => ({
    id: r.id,
    template: r.template,
    to: r.to,
    subject: r.subject,
    status: r.status,
    resend_of: r.resendOf,
    created_at: r.createdAt.toISOString(),
    sent_at: r.sentAt?.toISOString() ?? null,
  }));
}

/** Staff resend an email (R7): a new copy is queued, the original stays as it was. */
export async function resendEmail(ctx: CoreContext, merchantId: string, emailId: string): Promise<{ id: string }> {
  const [original] = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.id, emailId)));
  if (!original) throw new DomainError("not_found", "email_not_found", `No email ${emailId}.`);
  const id = newId("eml");
  await ctx.db.insert(outboxMessages).values({
    ...original,
    id,
    status: "pending",
    attempts: 0,
    resendOf: original.id,
    createdAt: ctx.clock.now(),
    sentAt: null,
  });
  return { id };
}
