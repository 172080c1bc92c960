import { and, asc, eq, inArray, isNull, lt, lte, or } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { merchants, outboxMessages, type MessageChannel } from "../db/schema/index.ts";
import { getDocumentPdf } from "../documents/document-pdfs.ts";
import { newId } from "../ids.ts";
import { deliveryErrorCode, DeliveryError, type EmailAttachment, type OutboxDelivery } from "./delivery.ts";
import { escapeHtml } from "./templates/layout.ts";
import { LINK_AT_SEND } from "./templates/index.ts";
import type { LinkPurpose } from "./queue-message.ts";

export * from "./delivery.ts";
export * from "./list-messages.ts";

/** Tries before a message is dead (`failed`): about a quarter of an hour of backoff in all. */
export const MAX_DELIVERY_ATTEMPTS = 5;
/** The first retry waits this long; each next one twice as long (1, 2, 4, 8 minutes). */
const BACKOFF_BASE_MS = 60_000;
/** How long a worker holds a message while it talks to the provider; past it, another worker takes it over. */
export const DELIVERY_LEASE_MS = 2 * 60_000;

type Row = typeof outboxMessages.$inferSelect;
type Claim = { row: Row; token: string } | { dead: true } | null;

/** When the next try of a message that failed `attempts` times is due. */
export function nextAttemptAt(now: Date, attempts: number): Date {
  return new Date(now.getTime() + BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * Delivers due outbox messages: e-mail through the mailer, SMS through the SMS
 * sender. Each message is claimed in a short transaction (SKIP LOCKED, a lease
 * and a token), sent with no transaction open, then its outcome recorded under
 * the same token. A worker that dies mid-send leaves a lease that lapses, and
 * the message is tried again: delivery is at least once, and the Message-ID is
 * the outbox id. Failures back off exponentially; after MAX_DELIVERY_ATTEMPTS
 * the message is `failed` (the dead letter staff see and can resend).
 */
export async function dispatchOutbox(ctx: CoreContext, delivery: OutboxDelivery, options: { limit?: number } = {}): Promise<{ sent: number; failed: number; dead: number }> {
  const channels: MessageChannel[] = [...(delivery.mailer ? ["email" as const] : []), ...(delivery.sms ? ["sms" as const] : [])];
  const outcome = { sent: 0, failed: 0, dead: 0 };
  if (channels.length === 0) return outcome;
  for (let i = 0; i < (options.limit ?? 100); i++) {
    const claim = await claimNext(ctx, channels);
    if (!claim) break;
    if ("dead" in claim) {
      outcome.dead++;
      continue;
    }
    const result = await deliver(ctx, delivery, claim.row).then(
      () => null,
      (error: unknown) => deliveryErrorCode(error),
    );
    const now = ctx.clock.now();
    const mine = and(eq(outboxMessages.id, claim.row.id), eq(outboxMessages.claimToken, claim.token));
    const released = { claimedUntil: null, claimToken: null };
    if (result === null) {
      await ctx.db.update(outboxMessages).set({ ...released, status: "sent", sentAt: now, lastError: null, nextAttemptAt: null }).where(mine);
      outcome.sent++;
    } else {
      const dead = claim.row.attempts >= MAX_DELIVERY_ATTEMPTS;
      await ctx.db
        .update(outboxMessages)
        .set({ ...released, status: dead ? "failed" : "pending", lastError: result, nextAttemptAt: dead ? null : nextAttemptAt(now, claim.row.attempts) })
        .where(mine);
      if (dead) outcome.dead++;
      else outcome.failed++;
    }
  }
  return outcome;
}

/** Takes the oldest due message no one holds, and holds it: commit before anything is sent. */
async function claimNext(ctx: CoreContext, channels: MessageChannel[]): Promise<Claim> {
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.status, "pending"),
          inArray(outboxMessages.channel, channels),
          or(isNull(outboxMessages.nextAttemptAt), lte(outboxMessages.nextAttemptAt, now)),
          or(isNull(outboxMessages.claimedUntil), lt(outboxMessages.claimedUntil, now)),
        ),
      )
      .orderBy(asc(outboxMessages.createdAt))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!row) return null;
    if (row.attempts >= MAX_DELIVERY_ATTEMPTS) {
      // Its last try's worker never came back: no tries left.
      await tx.update(outboxMessages).set({ status: "failed", lastError: row.lastError ?? "lease_expired", claimedUntil: null, claimToken: null }).where(eq(outboxMessages.id, row.id));
      return { dead: true };
    }
    const token = newId("clm");
    const claimed = { attempts: row.attempts + 1, lastAttemptAt: now, claimedUntil: new Date(now.getTime() + DELIVERY_LEASE_MS), claimToken: token };
    await tx.update(outboxMessages).set(claimed).where(eq(outboxMessages.id, row.id));
    return { row: { ...row, ...claimed }, token };
  });
}

/** Makes what is made at send time (the link, the PDFs) and hands the message to its channel. */
async function deliver(ctx: CoreContext, delivery: OutboxDelivery, row: Row): Promise<void> {
  const [merchant] = await ctx.db.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, row.merchantId));
  let text = row.body;
  let html = row.html;
  if (row.linkPurpose) {
    if (!delivery.links || !row.customerId) throw new DeliveryError("link_signer_missing");
    const link = await delivery.links({ merchantId: row.merchantId, customerId: row.customerId, purpose: row.linkPurpose as LinkPurpose, subjectId: row.subjectId });
    text = text.replaceAll(LINK_AT_SEND, link);
    html = html?.replaceAll(LINK_AT_SEND, escapeHtml(link)) ?? null;
  }
  const fromName = merchant?.name ?? "Billfront";
  if (row.channel === "sms") {
    await delivery.sms!.send({ id: row.id, fromName, to: row.to, body: text });
    return;
  }
  const attachments: EmailAttachment[] = [];
  for (const attachment of row.attachments) {
    // Documents never change once issued, so the PDF made now is the one the customer saw.
    const pdf = await getDocumentPdf(ctx, { merchantId: row.merchantId, customerId: row.customerId ?? "" }, attachment.documentId);
    attachments.push({ fileName: pdf.fileName, contentType: "application/pdf", content: pdf.bytes });
  }
  await delivery.mailer!.send({ id: row.id, fromName, to: row.to, subject: row.subject, text, html, attachments });
}
