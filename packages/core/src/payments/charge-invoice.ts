import { customerNow } from "../customers/customer-now.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { addBalanceEntry, balanceOf, lockCustomer } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { gatewayAttempts, orders, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import { runMoneyMovement, type Prepared } from "./attempts/run-attempt.ts";
import type { ChargeInvoiceResult, InvoiceChargeTarget } from "./book-invoice-charge.ts";
import { bookPayment, lockOpenInvoice, outstandingOn } from "./record-payment.ts";
import { prepareHold } from "./authorizations.ts";

export type { ChargeInvoiceResult };

const MAX_INVOICES_PER_PAYMENT = 50;

/** Pays one open invoice (O6); see chargeInvoices. */
export function chargeInvoice(ctx: CoreContext, scope: PortalScope, input: { invoiceId: string; paymentMethodId?: string | undefined; idempotencyKey: string; onlyOrderId?: string | undefined }) {
  return chargeInvoices(ctx, scope, { invoiceIds: [input.invoiceId], paymentMethodId: input.paymentMethodId, idempotencyKey: input.idempotencyKey, onlyOrderId: input.onlyOrderId });
}

/**
 * A customer pays one or several open invoices in one payment (O6): account
 * credit first (R6), the rest as one charge on the chosen or default card,
 * booked against each invoice. The charge is recorded as a gateway attempt and
 * committed before the gateway is asked; while it is in flight another payment
 * of the same invoices is refused (`payment_in_progress`), and with "prevent
 * duplicate payments" on, a payment still pending at the bank blocks another
 * (`payment_pending`).
 */
export async function chargeInvoices(
  ctx: CoreContext,
  scope: PortalScope,
  input: { invoiceIds: string[]; paymentMethodId?: string | undefined; idempotencyKey: string; /** A payment link's session: only that order's invoices. */ onlyOrderId?: string | undefined },
): Promise<ChargeInvoiceResult> {
  const ids = [...new Set(input.invoiceIds)].sort(); // one lock order for everyone: no deadlocks
  if (ids.length === 0 || ids.length > MAX_INVOICES_PER_PAYMENT) {
    throw new DomainError("invalid", "invalid_invoice_count", `Pay between 1 and ${MAX_INVOICES_PER_PAYMENT} invoices at once.`);
  }
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  if (ids.length > 1 && !settings.bulkInvoicePayment) {
    throw new DomainError("forbidden", "bulk_payment_disabled", "This shop takes one invoice per payment.");
  }
  return runMoneyMovement<ChargeInvoiceResult>(ctx, scope, { purpose: "invoice_payment", idempotencyKey: input.idempotencyKey }, (tx) =>
    prepareInvoiceCharge(tx, ctx, scope, { invoiceIds: ids, paymentMethodId: input.paymentMethodId, preventDuplicatePayments: settings.preventDuplicatePayments, onlyOrderId: input.onlyOrderId }),
  );
}

/**
 * The first half of paying invoices, inside the caller's transaction (an
 * incident purchase places its order and invoice in the same one): locks,
 * re-checks, applies account credit, and decides the card charge to make.
 */
export async function prepareInvoiceCharge(
  tx: Transaction,
  ctx: CoreContext,
  scope: PortalScope,
  input: { invoiceIds: string[]; paymentMethodId?: string | undefined; preventDuplicatePayments: boolean; onlyOrderId?: string | undefined; echo?: Record<string, unknown> },
): Promise<Prepared<ChargeInvoiceResult>> {
  const ids = [...new Set(input.invoiceIds)].sort();
  const by = { source: "portal" as const, actor: `customer:${scope.customerId}` };
  // Lock order (DESIGN.md): customer, then the invoices in id order.
  await lockCustomer(tx, scope.merchantId, scope.customerId);
  const invoices = [];
  for (const id of ids) invoices.push(await lockOpenInvoice(tx, scope, id));
  const outside = input.onlyOrderId ? invoices.find((i) => i.orderId !== input.onlyOrderId) : undefined;
  if (outside) throw new DomainError("not_found", "invoice_not_found", `No invoice ${outside.id}.`);
  const currency = invoices[0]!.currency;
  if (invoices.some((i) => i.currency !== currency)) throw new DomainError("invalid", "currency_mismatch", "Invoices paid together must share a currency.");
  const orderIds = invoices.map((i) => i.orderId).filter((id): id is string => id !== null);
  let preAuthorize = false;
  if (orderIds.length) {
    const states = await tx.select({ state: orders.state, checkout: orders.checkout }).from(orders).where(and(eq(orders.merchantId, scope.merchantId), inArray(orders.id, orderIds)));
    // O8: a paused or cancelled order is view-and-download only.
    if (states.some((o) => o.state === "cancelled" || o.state === "paused")) {
      throw new DomainError("not_allowed", "order_view_only", "A paused or cancelled order's invoices cannot be paid here.");
    }
    preAuthorize = states.some((o) => o.checkout === "pre_authorize");
    if (preAuthorize && invoices.length > 1) throw new DomainError("invalid", "pre_authorization_single_invoice", "An order paid by authorisation is paid on its own.");
  }
  // A charge already on its way to the gateway for one of these invoices: paying again would pay twice.
  if (await chargeInFlight(tx, scope.merchantId, ids)) {
    throw new DomainError("conflict", "payment_in_progress", "A payment of this invoice is being processed; wait for its answer.");
  }
  if (input.preventDuplicatePayments && (await paymentPending(tx, scope.merchantId, ids))) {
    throw new DomainError("conflict", "payment_pending", "A payment of this invoice is still waiting for the bank.");
  }

  const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
  // A `pre_authorize` checkout holds the amount on the card for the shop to capture later (payments/authorizations.ts).
  if (preAuthorize) return prepareHold(tx, scope, { invoice: invoices[0]!, paymentMethodId: input.paymentMethodId, now, by });
  let credit = await balanceOf(tx, scope.merchantId, scope.customerId, currency);
  let balanceApplied = 0;
  const receipts: string[] = [];
  const balancePayments: string[] = [];
  const remaining: { id: string; amount: number }[] = [];
  for (const invoice of invoices) {
    let outstanding = await outstandingOn(tx, invoice);
    const use = Math.min(credit, outstanding);
    if (use > 0) {
      const booked = await bookPayment(tx, invoice, { amount: use, funding: "balance", status: "approved", declineCode: null, at: now, settledAt: now, settlesAt: null, gatewayReference: null, paymentMethodId: null, ...by });
      await addBalanceEntry(tx, { merchantId: scope.merchantId, customerId: scope.customerId, kind: "invoice_payment", amount: { amount: -use, currency }, reference: booked.id, at: now });
      balancePayments.push(booked.id);
      if (booked.receiptId) receipts.push(booked.receiptId);
      credit -= use;
      balanceApplied += use;
      outstanding -= use;
    }
    if (outstanding > 0) remaining.push({ id: invoice.id, amount: outstanding });
  }
  const toCharge = remaining.reduce((s, r) => s + r.amount, 0);
  if (toCharge === 0) {
    const paid: ChargeInvoiceResult = { payment_id: balancePayments[0]!, payment_ids: balancePayments, status: "approved", decline_code: null, receipt_id: receipts[0] ?? null, receipt_ids: receipts, balance_applied: balanceApplied, charged: 0 };
    return { result: { ...paid, ...input.echo } };
  }
  const method = await findChargeableMethod(tx, scope, input.paymentMethodId, now);
  const target: InvoiceChargeTarget = {
    invoices: remaining,
    invoice_ids: remaining.map((r) => r.id),
    balance_payment_ids: balancePayments,
    balance_receipt_ids: receipts,
    balance_applied: balanceApplied,
    single_use: method.singleUse,
    echo: input.echo ?? {},
  };
  return { attempt: { kind: "authorize", amount: toCharge, currency, paymentMethodId: method.id, target: { ...target }, ...by, at: now } };
}

async function paymentPending(tx: Transaction, merchantId: string, invoiceIds: string[]): Promise<boolean> {
  const pending = await tx
    .select({ id: transactions.id })
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), inArray(transactions.invoiceId, invoiceIds), eq(transactions.kind, "payment"), eq(transactions.status, "pending")))
    .limit(1);
  return pending.length > 0;
}

/** Whether a card charge for any of these invoices has been sent to the gateway and not booked yet (a portal payment or a renewal). */
export async function chargeInFlight(tx: Transaction, merchantId: string, invoiceIds: string[]): Promise<boolean> {
  const viaPortal = await tx
    .select({ id: gatewayAttempts.id })
    .from(gatewayAttempts)
    .where(
      and(
        eq(gatewayAttempts.merchantId, merchantId),
        eq(gatewayAttempts.status, "started"),
        inArray(gatewayAttempts.purpose, ["invoice_payment", "renewal"]),
        or(...invoiceIds.map((id) => sql`${gatewayAttempts.target}->'invoice_ids' @> ${JSON.stringify([id])}::jsonb`)),
      ),
    )
    .limit(1);
  return viaPortal.length > 0;
}
