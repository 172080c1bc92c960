import { and, eq } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { orders, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { money } from "../money.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { assertStorable } from "../storable.ts";
import { toPaymentView, type PaymentView } from "./list-payments.ts";

/** Longest comment staff may put on a payment or refund. */
export const MAX_TRANSACTION_COMMENT = 1000;

/**
 * Staff comment on a payment or refund (M2, the Zoho "comment on a transaction"):
 * one comment per transaction, replacing the last; an empty comment removes it.
 * With `showInPortal` the customer sees it on that row of their billing history,
 * and with `notifyCustomer` as well they are e-mailed it (only a comment they can
 * see is ever e-mailed). Another merchant's transaction is `payment_not_found`.
 */
export async function commentOnPayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; comment: string; showInPortal: boolean; notifyCustomer?: boolean | undefined },
): Promise<PaymentView & { email_id: string | null }> {
  const comment = input.comment.trim();
  if (comment.length > MAX_TRANSACTION_COMMENT) throw new DomainError("invalid", "comment_too_long", `A comment is at most ${MAX_TRANSACTION_COMMENT} characters.`);
  assertStorable({ comment }, "comment");
  if (!comment && input.notifyCustomer) throw new DomainError("invalid", "comment_required", "Write the comment to e-mail the customer.");
  if (input.notifyCustomer && !input.showInPortal) throw new DomainError("invalid", "comment_not_shown", "Only a comment shown in the portal can be e-mailed to the customer.");
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(transactions)
      .where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, input.paymentId)))
      .for("no key update");
    if (!row) throw new DomainError("not_found", "payment_not_found", `No payment ${input.paymentId}.`);
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(transactions)
      .set(comment ? { comment, commentInPortal: input.showInPortal, commentedAt: now } : { comment: null, commentInPortal: false, commentedAt: null })
      .where(eq(transactions.id, row.id))
      .returning();
    let emailId: string | null = null;
    if (comment && input.showInPortal && input.notifyCustomer) {
      const [order] = row.orderId ? await tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, row.orderId))) : [];
      emailId = await queueMessage(tx, {
        merchantId,
        customerId: row.customerId,
        template: "transaction_comment",
        vars: { kind: row.kind === "refund" ? "refund" : "payment", amount: money(row.amount, row.currency), order: order?.number ?? null, comment },
        subjectId: row.id,
        at: now,
        channels: ["email"],
      });
    }
    // Whether, not what: the audit log carries no free text a customer could have written into.
    await recordAction(tx, ctx, {
      merchantId,
      customerId: row.customerId,
      action: comment ? "payment.commented" : "payment.comment_removed",
      subjectId: row.id,
      details: { show_in_portal: comment ? input.showInPortal : false, emailed: emailId !== null },
    });
    return { ...toPaymentView(updated!), email_id: emailId };
  });
}
