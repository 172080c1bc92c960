import { recordAction } from "../audit/record-action.ts";
import { and, count, eq, gt } from "drizzle-orm";
import { lockCustomer } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, documents, outboxMessages } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { queueMessage } from "./queue-message.ts";

/** Forwards one customer may send in any 24 hours: enough for an accountant or two, too few to spam with. */
export const MAX_FORWARDS_PER_DAY = 10;
const DAY_MS = 86_400_000;

/**
 * A customer sends one of their invoices, receipts or credit notes to another
 * address (their accountant, say), as an e-mail with the PDF attached. The
 * merchant can switch this off (`forwardDocuments`, 403
 * `document_forwarding_disabled`); at most MAX_FORWARDS_PER_DAY in 24 hours
 * (429 `too_many_forwards`), counted under the customer's lock so parallel
 * requests cannot slip past the limit. The PDF is made when the e-mail is sent.
 */
export async function forwardDocument(ctx: CoreContext, scope: PortalScope, input: { documentId: string; to: string }): Promise<{ id: string; status: "queued"; forwards_left: number }> {
  const to = input.to.trim();
  if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(to) || to.length > 254) throw new DomainError("invalid", "invalid_email", "Enter a valid e-mail address.");
  const settings = await loadSettings(ctx.db, scope.merchantId);
  if (!settings.forwardDocuments) throw new DomainError("forbidden", "document_forwarding_disabled", "This shop does not let customers forward documents.");
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, scope.merchantId, scope.customerId);
    const [doc] = await tx
      .select({ id: documents.id, kind: documents.kind, number: documents.number })
      .from(documents)
      .where(and(eq(documents.merchantId, scope.merchantId), eq(documents.customerId, scope.customerId), eq(documents.id, input.documentId)));
    if (!doc) throw new DomainError("not_found", "document_not_found", `No document ${input.documentId}.`);
    // Hidden credit notes (P6) are not handed out by e-mail either.
    if (doc.kind === "credit_note" && !settings.showCreditNotes) throw new DomainError("forbidden", "credit_notes_hidden", "This shop does not show credit notes in the portal.");
    const now = ctx.clock.now();
    const [sent] = await tx
      .select({ n: count() })
      .from(outboxMessages)
      .where(
        and(
          eq(outboxMessages.merchantId, scope.merchantId),
          eq(outboxMessages.customerId, scope.customerId),
          eq(outboxMessages.template, "document_forward"),
          gt(outboxMessages.createdAt, new Date(now.getTime() - DAY_MS)),
        ),
      );
    const used = Number(sent?.n ?? 0);
    if (used >= MAX_FORWARDS_PER_DAY) {
      throw new DomainError("rate_limited", "too_many_forwards", `You can forward ${MAX_FORWARDS_PER_DAY} documents a day. Please try again tomorrow.`, { limit: MAX_FORWARDS_PER_DAY });
    }
    const [customer] = await tx
      .select({ name: customers.name, email: customers.email })
      .from(customers)
      .where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId)));
    const id = await queueMessage(tx, {
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      to,
      template: "document_forward",
      vars: { kind: doc.kind, document: doc.number, sender: customer?.name ?? customer?.email ?? "" },
      attachments: [{ kind: "document", documentId: doc.id }],
      subjectId: doc.id,
      channels: ["email"],
      at: now,
    });
    // The address it went to is not recorded: it is someone else's personal data.
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "document.forwarded", subjectId: doc.id, details: { kind: doc.kind, number: doc.number, email: id } });
    return { id: id!, status: "queued" as const, forwards_left: MAX_FORWARDS_PER_DAY - used - 1 };
  });
}
