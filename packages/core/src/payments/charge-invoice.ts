import { loadSettings } from "../merchants/get-merchant.ts";
import { customerNow } from "../customers/customer-now.ts";
import { and, eq, inArray } from "drizzle-orm";
import { addBalanceEntry, balanceOf, lockCustomer } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { orders, paymentMethods, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { bookPayment, lockOpenInvoice, outstandingOn } from "./record-payment.ts";

export interface ChargeInvoiceResult {
  /** The first payment row; one row is booked per invoice (sharing one card charge). */
  payment_id: string;
  payment_ids: string[];
  status: "approved" | "pending" | "declined";
  decline_code: string | null;
  receipt_id: string | null;
  receipt_ids: string[];
  /** Account credit used before the card (R6). */
  balance_applied: number;
  /** What was charged to the card. */
  charged: number;
}

const MAX_INVOICES_PER_PAYMENT = 50;

/** Pays one open invoice (O6); see chargeInvoices. */
export function chargeInvoice(ctx: CoreContext, scope: PortalScope, input: { invoiceId: string; paymentMethodId?: string | undefined; idempotencyKey: string }) {
  return chargeInvoices(ctx, scope, { invoiceIds: [input.invoiceId], paymentMethodId: input.paymentMethodId, idempotencyKey: input.idempotencyKey });
}

/**
 * A customer pays one or several open invoices in one payment (O6): account
 * credit first (R6), the rest as one charge on the chosen or default card,
 * booked against each invoice. The invoices stay locked across the gateway call,
 * so two clicks cannot pay them twice; with "prevent duplicate payments" on, a
 * payment still pending at the bank blocks another (`payment_pending`).
 */
export async function chargeInvoices(
  ctx: CoreContext,
  scope: PortalScope,
  input: { invoiceIds: string[]; paymentMethodId?: string | undefined; idempotencyKey: string },
): Promise<ChargeInvoiceResult> {
  const ids = [...new Set(input.invoiceIds)].sort(); // one lock order for everyone: no deadlocks
  if (ids.length === 0 || ids.length > MAX_INVOICES_PER_PAYMENT) {
    throw new DomainError("invalid", "invalid_invoice_count", `Pay between 1 and ${MAX_INVOICES_PER_PAYMENT} invoices at once.`);
  }
  const settings = await loadSettings(ctx.db, scope.merchantId);
  if (ids.length > 1 && !settings.bulkInvoicePayment) {
    throw new DomainError("forbidden", "bulk_payment_disabled", "This shop takes one invoice per payment.");
  }
  return ctx.db.transaction(async (tx) => {
    const invoices = [];
    for (const id of ids) invoices.push(await lockOpenInvoice(tx, scope, id));
    const currency = invoices[0]!.currency;
    if (invoices.some((i) => i.currency !== currency)) throw new DomainError("invalid", "currency_mismatch", "Invoices paid together must share a currency.");
    const orderIds = invoices.map((i) => i.orderId).filter((id): id is string => id !== null);
    if (orderIds.length) {
      const states = await tx.select({ state: orders.state }).from(orders).where(inArray(orders.id, orderIds));
      // O8: a paused or cancelled order is view-and-download only.
      if (states.some((o) => o.state === "cancelled" || o.state === "paused")) {
        throw new DomainError("not_allowed", "order_view_only", "A paused or cancelled order's invoices cannot be paid here.");
      }
    }
    if (settings.preventDuplicatePayments) {
      const pending = await tx
        .select({ id: transactions.id })
        .from(transactions)
        .where(and(eq(transactions.merchantId, scope.merchantId), inArray(transactions.invoiceId, ids), eq(transactions.kind, "payment"), eq(transactions.status, "pending")));
      if (pending.length > 0) throw new DomainError("conflict", "payment_pending", "A payment of this invoice is still waiting for the bank.");
    }

    const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
    const by = { source: "portal" as const, actor: `customer:${scope.customerId}` };
    await lockCustomer(tx, scope.merchantId, scope.customerId);
    let credit = await balanceOf(tx, scope.merchantId, scope.customerId, currency);
    let balanceApplied = 0;
    const receipts: string[] = [];
    const balancePayments: string[] = [];
    const remaining: { invoice: (typeof invoices)[number]; amount: number }[] = [];
    for (const invoice of invoices) {
      let outstanding = await outstandingOn(tx, invoice);
      const use = Math.min(credit, outstanding);
      if (use > 0) {
        const booked = await bookPayment(tx, invoice, {
          amount: use,
          funding: "balance",
          status: "approved",
          declineCode: null,
          at: now,
          settledAt: now,
          settlesAt: null,
          gatewayReference: null,
          paymentMethodId: null,
          ...by,
        });
        await addBalanceEntry(tx, { merchantId: scope.merchantId, customerId: scope.customerId, kind: "invoice_payment", amount: { amount: -use, currency }, reference: booked.id, at: now });
        balancePayments.push(booked.id);
        if (booked.receiptId) receipts.push(booked.receiptId);
        credit -= use;
        balanceApplied += use;
        outstanding -= use;
      }
      if (outstanding > 0) remaining.push({ invoice, amount: outstanding });
    }
    const toCharge = remaining.reduce((s, r) => s + r.amount, 0);
    if (toCharge === 0) {
      return { payment_id: balancePayments[0]!, payment_ids: balancePayments, status: "approved", decline_code: null, receipt_id: receipts[0] ?? null, receipt_ids: receipts, balance_applied: balanceApplied, charged: 0 };
    }

    const method = await findChargeableMethod(tx, scope, input.paymentMethodId, now);
    const result = await ctx.gateway.authorize({ token: method.gatewayToken, amount: { amount: toCharge, currency }, at: now, idempotencyKey: input.idempotencyKey });
    const cardPayments: string[] = [];
    for (const part of remaining) {
      const booked = await bookPayment(tx, part.invoice, {
        amount: part.amount,
        funding: "card",
        status: result.status,
        declineCode: result.status === "declined" ? result.declineCode : null,
        at: now,
        settledAt: null,
        settlesAt: result.status === "approved" ? result.settlesAt : null,
        gatewayReference: result.reference,
        paymentMethodId: method.id,
        ...by,
      });
      cardPayments.push(booked.id);
      if (booked.receiptId) receipts.push(booked.receiptId);
    }
    // A card not saved for future use is forgotten once it has been used (R1).
    if (method.singleUse) await tx.update(paymentMethods).set({ removedAt: now }).where(eq(paymentMethods.id, method.id));
    return {
      payment_id: cardPayments[0]!,
      payment_ids: [...balancePayments, ...cardPayments],
      status: result.status,
      decline_code: result.status === "declined" ? result.declineCode : null,
      receipt_id: receipts.at(-1) ?? null,
      receipt_ids: receipts,
      balance_applied: balanceApplied,
      charged: result.status === "approved" ? toCharge : 0,
    };
  });
}
