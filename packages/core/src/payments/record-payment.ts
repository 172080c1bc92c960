import { and, eq, sum } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { documents, transactions } from "../db/schema/index.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { grantForIncomingPayment, grantForPaidInvoice } from "../incidents/earned-grants.ts";
import { inviteOnFirstSubscriptionPayment } from "../notifications/auto-invite.ts";

export interface RecordPaymentInput {
  invoiceId: string;
  status: "approved" | "declined" | "pending";
  declineCode?: string;
  at?: Date;
}

type Invoice = typeof documents.$inferSelect;

/**
 * Records the outcome of a payment made outside the gateway (bank transfer,
 * imported history, the demo seed) on an open invoice. Card payments go through
 * chargeInvoice, which shares the bookkeeping below.
 */
export async function recordPayment(ctx: CoreContext, merchantId: string, input: RecordPaymentInput): Promise<{ id: string; receiptId: string | null }> {
  return ctx.db.transaction(async (tx) => {
    const invoice = await lockOpenInvoice(tx, { merchantId }, input.invoiceId);
    const at = input.at ?? ctx.clock.now();
    return bookPayment(tx, invoice, {
      amount: await outstandingOn(tx, invoice),
      funding: "external",
      status: input.status,
      declineCode: input.declineCode ?? null,
      at,
      settledAt: input.status === "approved" ? at : null,
      settlesAt: null,
      gatewayReference: null,
      paymentMethodId: null,
      source: "system",
      actor: null,
    });
  });
}

/** An open invoice of this merchant (and customer, when given), locked; otherwise a not-found or conflict error. */
export async function lockOpenInvoice(tx: Transaction, scope: { merchantId: string; customerId?: string }, invoiceId: string): Promise<Invoice> {
  const [invoice] = await tx
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.merchantId, scope.merchantId),
        ...(scope.customerId ? [eq(documents.customerId, scope.customerId)] : []),
        eq(documents.id, invoiceId),
        eq(documents.kind, "invoice"),
      ),
    )
    .for("no key update");
  if (!invoice) throw new DomainError("not_found", "invoice_not_found", `No invoice ${invoiceId}.`);
  if (invoice.status !== "open") throw new DomainError("conflict", "invoice_not_open", `Invoice ${invoice.number} is ${invoice.status}.`);
  if (invoice.totalAmount === 0) throw new DomainError("invalid", "nothing_to_pay", `Invoice ${invoice.number} is for nothing.`);
  return invoice;
}

/**
 * Writes a payment attempt on a locked invoice. Approved: the invoice is paid and
 * a receipt issued. Declined or pending: the attempt is kept for the history and
 * the invoice stays open; only an approved payment has a receipt.
 */
export async function bookPayment(
  tx: Transaction,
  invoice: Invoice,
  payment: {
    /** What this payment covers: the whole outstanding amount, or part of it (the rest by another payment). */
    amount: number;
    funding: "card" | "balance" | "external";
    status: "approved" | "declined" | "pending";
    declineCode: string | null;
    at: Date;
    settledAt: Date | null;
    settlesAt: Date | null;
    gatewayReference: string | null;
    paymentMethodId: string | null;
    source: "portal" | "staff" | "api" | "system";
    actor: string | null;
  },
): Promise<{ id: string; receiptId: string | null }> {
  const id = newId("txn");
  await tx.insert(transactions).values({
    id,
    merchantId: invoice.merchantId,
    customerId: invoice.customerId,
    orderId: invoice.orderId,
    invoiceId: invoice.id,
    kind: "payment",
    status: payment.status,
    amount: payment.amount,
    currency: invoice.currency,
    funding: payment.funding,
    declineCode: payment.status === "declined" ? (payment.declineCode ?? "card_declined") : null,
    gatewayReference: payment.gatewayReference,
    paymentMethodId: payment.paymentMethodId,
    settlesAt: payment.settlesAt,
    settledAt: payment.settledAt,
    source: payment.source,
    actor: payment.actor,
    createdAt: payment.at,
  });
  if (payment.status !== "approved") return { id, receiptId: null };

  if (payment.funding !== "balance") {
    await grantForIncomingPayment(tx, { id, merchantId: invoice.merchantId, customerId: invoice.customerId, amount: payment.amount, currency: invoice.currency, topUp: false }, payment.at);
  }
  // Paid once approved payments cover the invoice (account credit first, then a card, say).
  if ((await outstandingOn(tx, invoice)) <= 0) {
    await tx.update(documents).set({ status: "paid", paidAt: payment.at }).where(eq(documents.id, invoice.id));
    await grantForPaidInvoice(tx, invoice, id, payment.at);
    await inviteOnFirstSubscriptionPayment(tx, invoice, payment.at);
  }
  const whole = payment.amount === invoice.totalAmount;
  const lines = whole
    ? invoice.lines
    : [{ kind: "item" as const, description: `${payment.funding === "balance" ? "Account credit applied to" : "Payment towards"} invoice ${invoice.number}`, quantity: 1, unitAmount: payment.amount, amount: payment.amount }];
  const receipt = await issueDocument(tx, {
    merchantId: invoice.merchantId,
    customerId: invoice.customerId,
    orderId: invoice.orderId,
    kind: "receipt",
    transactionId: id,
    invoiceId: invoice.id,
    currency: invoice.currency,
    lines,
    totals: whole ? { subtotal: invoice.subtotalAmount, tax: invoice.taxAmount, total: payment.amount } : { subtotal: payment.amount, tax: 0, total: payment.amount },
    instalment: invoice.instalment,
    issuedAt: payment.at,
    paidAt: payment.at,
  });
  return { id, receiptId: receipt.id };
}

/** What is still to pay on an invoice: its total less the approved payments on it. */
export async function outstandingOn(tx: Transaction, invoice: Invoice): Promise<number> {
  const [row] = await tx
    .select({ paid: sum(transactions.amount) })
    .from(transactions)
    .where(and(eq(transactions.merchantId, invoice.merchantId), eq(transactions.invoiceId, invoice.id), eq(transactions.kind, "payment"), eq(transactions.status, "approved")));
  return invoice.totalAmount - Number(row?.paid ?? 0);
}
