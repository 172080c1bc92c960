import { and, eq, inArray } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { documents, transactions } from "../db/schema/index.ts";
import { redeemLink } from "../merchants/redeem-link.ts";
import { DomainError } from "../errors.ts";
import { createPortalSession, type CreatedSession, type SessionFlow } from "./create-portal-session.ts";

export interface LinkClaims {
  jti: string;
  merchantId: string;
  customerId: string;
  flow: SessionFlow;
  flowSubjectId?: string | null | undefined;
  /** Action links (update card, pay invoice) open only their flow (P2). */
  limited: boolean;
  locale?: string | null | undefined;
}

/**
 * Exchanges a verified one-time link for a session (P2), in one transaction: the
 * link is marked used and the session made together, so of any number of
 * concurrent exchanges exactly one gets a session and the rest `link_used` (410).
 */
export async function exchangeLink(ctx: CoreContext, link: LinkClaims): Promise<CreatedSession> {
  return ctx.db.transaction(async (tx) => {
    await redeemLink(tx, { jti: link.jti, merchantId: link.merchantId, at: ctx.clock.now() });
    return createPortalSession(ctx, { ...link, source: "link", linkJti: link.jti }, tx);
  });
}

/**
 * Exchanges a payment link (O7) for a session that may pay its order only. A
 * payment link may be opened again until the order is paid (a customer who
 * closes the tab is not locked out); once paid it mints no more sessions.
 */
export async function exchangePaymentLink(ctx: CoreContext, link: { merchantId: string; customerId: string; orderId: string; locale?: string | null | undefined }): Promise<CreatedSession> {
  return ctx.db.transaction(async (tx) => {
    await assertPaymentLinkOpen(tx, link);
    return createPortalSession(ctx, { merchantId: link.merchantId, customerId: link.customerId, source: "payment_link", flow: "checkout", flowSubjectId: link.orderId, limited: true, locale: link.locale }, tx);
  });
}

/** Open while the order has an invoice to pay, or (a card-registration checkout) nothing was ever paid on it. */
async function assertPaymentLinkOpen(db: Executor, link: { merchantId: string; customerId: string; orderId: string }): Promise<void> {
  const invoices = await db
    .select({ status: documents.status })
    .from(documents)
    .where(and(eq(documents.merchantId, link.merchantId), eq(documents.customerId, link.customerId), eq(documents.orderId, link.orderId), eq(documents.kind, "invoice")));
  if (invoices.some((i) => i.status === "open")) return;
  const paid = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.merchantId, link.merchantId), eq(transactions.orderId, link.orderId), eq(transactions.kind, "payment"), inArray(transactions.status, ["approved", "pending"])))
    .limit(1);
  if (paid.length > 0 || invoices.some((i) => i.status === "paid")) {
    throw new DomainError("gone", "payment_link_paid", "This order is paid; the payment link no longer opens it. Your receipt is in your e-mail.");
  }
}
