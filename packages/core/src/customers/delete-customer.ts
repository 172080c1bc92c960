import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { balanceEntries, customers, documents, orders, outboxMessages, paymentMethods, portalSessions, subscriptions, transactions, shopReviews } from "../db/schema/index.ts";
import { billToLines } from "../documents/document-pdfs.ts";
import { DomainError } from "../errors.ts";
import { endSessions } from "../sessions/end-portal-sessions.ts";
import { customerRow } from "./get-account.ts";
import { toCustomerView, type CustomerView } from "./create-customer.ts";

/** Where a deleted customer's address points: under the reserved `.invalid` TLD, never deliverable. */
export const ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid";

export function anonymisedEmail(customerId: string): string {
  return `deleted+${customerId}@${ANONYMISED_EMAIL_DOMAIN}`;
}

const REMOVED = "[removed: customer deleted]";

/**
 * Deletes a customer the way a billing product can (GDPR erasure within the
 * duty to keep accounting records):
 *
 * - Refused while the customer still has business running: a live subscription or
 *   recurring/instalment plan (409 `customer_has_active_subscriptions`), an open
 *   invoice (409 `customer_has_open_invoices`), a payment or refund in flight
 *   (409 `customer_has_pending_payments`), or account credit or debt
 *   (409 `customer_has_balance`). Cancel, settle or refund first.
 * - Otherwise the personal data is anonymised: name, e-mail (to an undeliverable
 *   `deleted+cus_…@anonymised.invalid`), phone, billing address, tax id,
 *   external id, a pending e-mail change; saved cards are removed; portal
 *   sessions end; messages not yet sent are dropped and the copies of sent ones
 *   blanked.
 * - Financial records stay (tax law): orders, payments, refunds, invoices,
 *   receipts and credit notes. Each issued document first freezes its printed
 *   "bill to" lines, so its PDF still names the recipient it was issued to.
 *   Ticket conversations stay too.
 *
 * The customer row remains (ids in those records point at it) with `deleted_at`;
 * lists leave it out unless asked. Deleting twice answers the deleted customer.
 */
export async function deleteCustomer(ctx: CoreContext, merchantId: string, customerId: string): Promise<CustomerView> {
  return ctx.db.transaction(async (tx) => {
    const scope = { merchantId, customerId };
    const row = await customerRow(tx, scope, { lock: true });
    if (row.deletedAt) return toCustomerView(row);

    const [liveSubscriptions, livePlans, openInvoices, pending, balances] = await Promise.all([
      tx
        .select({ id: subscriptions.id })
        .from(subscriptions)
        .where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.customerId, customerId), notInArray(subscriptions.status, ["cancelled", "expired"]))),
      tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.merchantId, merchantId), eq(orders.customerId, customerId), inArray(orders.type, ["recurring", "instalment"]), notInArray(orders.state, ["cancelled", "complete", "in_review"]))),
      tx
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.merchantId, merchantId), eq(documents.customerId, customerId), eq(documents.kind, "invoice"), eq(documents.status, "open"))),
      tx
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(eq(transactions.merchantId, merchantId), eq(transactions.customerId, customerId), eq(transactions.status, "pending"))),
      tx
        .select({ currency: balanceEntries.currency, total: sql<string>`sum(${balanceEntries.amount})` })
        .from(balanceEntries)
        .where(and(eq(balanceEntries.merchantId, merchantId), eq(balanceEntries.customerId, customerId)))
        .groupBy(balanceEntries.currency),
    ]);
    if (liveSubscriptions.length > 0 || livePlans.length > 0) {
      throw new DomainError("not_allowed", "customer_has_active_subscriptions", "The customer has running subscriptions or payment plans; cancel them first.", {
        subscriptions: liveSubscriptions.map((s) => s.id),
        orders: livePlans.map((o) => o.id),
      });
    }
    if (openInvoices.length > 0) {
      throw new DomainError("not_allowed", "customer_has_open_invoices", "The customer has open invoices; have them paid or void them first.", { invoices: openInvoices.map((d) => d.id) });
    }
    if (pending.length > 0) {
      throw new DomainError("not_allowed", "customer_has_pending_payments", "A payment or refund of the customer is still in flight; try again once it settled.", { payments: pending.map((t) => t.id) });
    }
    const owed = balances.filter((b) => Number(b.total ?? 0) !== 0).map((b) => ({ amount: Number(b.total), currency: b.currency }));
    if (owed.length > 0) {
      throw new DomainError("not_allowed", "customer_has_balance", "The customer has account credit or an unpaid fee; refund or settle it first.", { balances: owed });
    }

    const now = ctx.clock.now();
    // The issued documents keep the recipient they were issued to (tax law), before the details go.
    await tx
      .update(documents)
      .set({ billTo: billToLines(row) })
      .where(and(eq(documents.merchantId, merchantId), eq(documents.customerId, customerId), isNull(documents.billTo)));
    const [deleted] = await tx
      .update(customers)
      .set({
        name: null,
        email: anonymisedEmail(customerId),
        phone: null,
        billingAddress: null,
        customFields: {},
        taxId: null,
        taxIdType: null,
        externalId: null,
        pendingEmail: null,
        emailCodeHash: null,
        emailCodeSentAt: null,
        emailCodeExpiresAt: null,
        emailCodeAttempts: 0,
        deletedAt: now,
      })
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)))
      .returning();
    await tx
      .update(paymentMethods)
      .set({ removedAt: now, isDefault: false })
      .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.customerId, customerId), isNull(paymentMethods.removedAt)));
    const sessions = await endSessions(tx, now, "customer_deleted", and(eq(portalSessions.merchantId, merchantId), eq(portalSessions.customerId, customerId))!);
    // Unsent messages are dropped (a dead letter staff can see, not resend to anyone); every copy loses the address and text.
    await tx
      .update(outboxMessages)
      .set({ status: "failed", lastError: "customer_deleted", nextAttemptAt: null })
      .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.customerId, customerId), eq(outboxMessages.status, "pending")));
    await tx
      .update(outboxMessages)
      .set({ to: anonymisedEmail(customerId), subject: REMOVED, body: REMOVED, html: null })
      .where(and(eq(outboxMessages.merchantId, merchantId), eq(outboxMessages.customerId, customerId)));
    // A review's comment is the customer's own words: it goes with them; the stars stay in the shop's average.
    await tx.update(shopReviews).set({ comment: null }).where(and(eq(shopReviews.merchantId, merchantId), eq(shopReviews.customerId, customerId)));
    await recordAction(tx, ctx, { merchantId, action: "customer.deleted", subjectId: customerId, customerId, details: { sessions_ended: sessions.length } });
    return toCustomerView(deleted!);
  });
}
