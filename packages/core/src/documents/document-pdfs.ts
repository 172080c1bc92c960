import { and, eq } from "drizzle-orm";
import { listBillingHistory } from "../billing/list-billing-history.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, documents, merchants, orders, transactions, type DocumentKind } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { resolveLocale, safeTimeZone } from "../locale.ts";
import { formatMoney, money } from "../money.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { findCustomerOrder } from "../orders/get-order-details.ts";
import { buildOrderViews } from "../orders/order-views.ts";
import { DOCUMENT_LABELS, documentLabels } from "./labels.ts";
import { renderPdf, type PdfContent } from "./pdf.ts";
import { documentFileName } from "./rules.ts";
import { documentLogo } from "../merchants/merchant-logo.ts";

export interface PdfFile {
  fileName: string;
  bytes: Uint8Array;
}

/** An invoice, receipt or credit note of this customer as a PDF (O4); anyone else's is not found. */
export async function getDocumentPdf(ctx: CoreContext, scope: PortalScope, documentId: string): Promise<PdfFile> {
  const [doc] = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.merchantId, scope.merchantId), eq(documents.customerId, scope.customerId), eq(documents.id, documentId)));
  if (!doc) throw new DomainError("not_found", "document_not_found", `No document ${documentId}.`);
  return renderStoredDocument(ctx, scope, doc);
}

/**
 * Any invoice, receipt or credit note of the merchant as a PDF (merchant API);
 * another merchant's is `document_not_found`. Unlike the portal's, credit notes
 * are handed out whatever the portal shows.
 */
export async function getMerchantDocumentPdf(ctx: CoreContext, merchantId: string, documentId: string): Promise<PdfFile> {
  const [doc] = await ctx.db.select().from(documents).where(and(eq(documents.merchantId, merchantId), eq(documents.id, documentId)));
  if (!doc) throw new DomainError("not_found", "document_not_found", `No document ${documentId}.`);
  return renderStoredDocument(ctx, { merchantId, customerId: doc.customerId }, doc, { forMerchant: true });
}

/** The order summary PDF of any order of the merchant (merchant API); another merchant's is `order_not_found`. */
export async function getMerchantOrderSummaryPdf(ctx: CoreContext, merchantId: string, orderId: string): Promise<PdfFile> {
  const [order] = await ctx.db.select({ customerId: orders.customerId }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
  if (!order) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  return getOrderSummaryPdf(ctx, { merchantId, customerId: order.customerId }, orderId);
}

/** The "bill to" lines a document prints for a customer (frozen onto its documents when the customer is deleted). */
export function billToLines(customer: Pick<typeof customers.$inferSelect, "name" | "email">): string[] {
  return [customer.name ?? customer.email, ...(customer.name ? [customer.email] : [])];
}

/**
 * The invoice, receipt or credit note belonging to one transaction. A declined
 * or pending payment has none: `document_not_available`.
 */
export async function getTransactionDocumentPdf(ctx: CoreContext, scope: PortalScope, transactionId: string, kind: DocumentKind): Promise<PdfFile> {
  const [txn] = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, scope.merchantId), eq(transactions.customerId, scope.customerId), eq(transactions.id, transactionId)));
  if (!txn) throw new DomainError("not_found", "transaction_not_found", `No transaction ${transactionId}.`);
  const notAvailable = () =>
    new DomainError("not_found", "document_not_available", `A ${txn.status} ${txn.kind} has no ${kind.replace("_", " ")}.`, {
      transaction_status: txn.status,
    });
  if (txn.status !== "approved") throw notAvailable();
  const where =
    kind === "invoice" && txn.kind === "payment" && txn.invoiceId
      ? eq(documents.id, txn.invoiceId)
      : and(eq(documents.kind, kind), eq(documents.transactionId, txn.id));
  const [doc] = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.merchantId, scope.merchantId), eq(documents.customerId, scope.customerId), where));
  if (!doc || doc.kind !== kind) throw notAvailable();
  return renderStoredDocument(ctx, scope, doc);
}

/** An order summary PDF (O2): lines, totals, balance, next payment and the payments made. */
export async function getOrderSummaryPdf(ctx: CoreContext, scope: PortalScope, orderId: string): Promise<PdfFile> {
  const row = await findCustomerOrder(ctx, scope, orderId);
  const [[view], parties, history] = await Promise.all([
    buildOrderViews(ctx.db, scope, [row]),
    loadParties(ctx, scope),
    listBillingHistory(ctx, scope, { orderId: row.id }),
  ]);
  const order = view!;
  const t = documentLabels(parties.locale);
  const date = dateFormatter(parties.locale, parties.timeZone);
  const totals: PdfContent["totals"] = [
    { label: t.subtotal, value: money(order.items.reduce((s, i) => s + i.amount.amount, 0), order.total.currency) },
    ...order.taxes.map((tax) => ({ label: tax.description, value: tax.amount })),
    { label: t.total, value: order.total, strong: true },
    { label: t.totalPaid, value: order.paid },
  ];
  if (order.refunded.amount > 0) totals.push({ label: t.totalRefunded, value: order.refunded });
  if (order.balance) totals.push({ label: t.balance, value: order.balance, strong: true });
  const bytes = await renderPdf({
    title: t.title.order_summary,
    locale: parties.locale,
    brand: parties.brand,
    logo: parties.logo,
    issuedAt: ctx.clock.now(),
    from: parties.from(t.from),
    to: parties.to(t.billTo),
    meta: [
      [t.order, order.number],
      [t.date, date(new Date(order.placed_at))],
      ...(order.next_payment
        ? ([[t.nextPayment, `${date(new Date(order.next_payment.due_at))} · ${formatMoney(order.next_payment.amount, parties.locale)}`]] as [string, string][])
        : []),
    ],
    table: {
      headers: [t.description, t.quantity, t.unitPrice, t.amount],
      rows: order.items.map((i) => ({ description: i.description, quantity: i.quantity, unit: i.unit_price, amount: i.amount })),
    },
    totals,
    sections: [
      {
        heading: t.payments,
        rows: history.map((h) => [
          `${date(new Date(h.occurred_at))}  ${t.history[h.type] ?? h.type}  ${t.history[h.status] ?? h.status}`,
          h.amount,
        ]),
      },
    ],
    footer: t.amountsIn(order.total.currency),
  });
  return { fileName: documentFileName("order_summary", order.number), bytes };
}

async function renderStoredDocument(ctx: CoreContext, scope: PortalScope, doc: typeof documents.$inferSelect, options: { forMerchant?: boolean } = {}): Promise<PdfFile> {
  // P6 "show credit notes" off: the billing history hides them, so their PDFs are not handed out either.
  if (!options.forMerchant && doc.kind === "credit_note" && !(await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId)).showCreditNotes) {
    throw new DomainError("forbidden", "credit_notes_hidden", "This shop does not show credit notes in the portal.");
  }
  const parties = await loadParties(ctx, scope);
  const [order] = doc.orderId
    ? await ctx.db.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, scope.merchantId), eq(orders.id, doc.orderId)))
    : [];
  const [invoice] =
    doc.kind !== "invoice" && doc.invoiceId
      ? await ctx.db.select({ number: documents.number }).from(documents).where(and(eq(documents.merchantId, scope.merchantId), eq(documents.id, doc.invoiceId)))
      : [];
  const t = documentLabels(parties.locale);
  const date = dateFormatter(parties.locale, parties.timeZone);
  const m = (amount: number) => money(amount, doc.currency);
  const meta: [string, string][] = [
    [t.number, doc.number],
    [t.date, date(doc.issuedAt)],
  ];
  if (order) meta.push([t.order, order.number]);
  if (invoice) meta.push([t.relatesTo, invoice.number]);
  if (doc.dueAt && doc.kind === "invoice") meta.push([t.dueDate, date(doc.dueAt)]);
  if (doc.paidAt) meta.push([t.paidOn, date(doc.paidAt)]);

  const items = doc.lines.filter((l) => l.kind === "item");
  const taxes = doc.lines.filter((l) => l.kind === "tax");
  const bytes = await renderPdf({
    title: t.title[doc.kind],
    locale: parties.locale,
    brand: parties.brand,
    logo: parties.logo,
    issuedAt: doc.issuedAt,
    from: parties.from(t.from),
    // A deleted customer's documents print the recipient frozen at deletion.
    to: doc.billTo ? { label: t.billTo, lines: doc.billTo } : parties.to(t.billTo),
    meta,
    table: {
      headers: [t.description, t.quantity, t.unitPrice, t.amount],
      rows: items.map((l) => ({ description: l.description, quantity: l.quantity, unit: m(l.unitAmount), amount: m(l.amount) })),
    },
    totals: [
      { label: t.subtotal, value: m(doc.subtotalAmount) },
      ...taxes.map((l) => ({ label: l.description, value: m(l.amount) })),
      { label: doc.kind === "receipt" ? t.totalPaid : t.total, value: m(doc.totalAmount), strong: true },
    ],
    footer: t.amountsIn(doc.currency),
  });
  return { fileName: documentFileName(doc.kind, doc.number), bytes };
}

async function loadParties(ctx: CoreContext, scope: PortalScope) {
  const [[merchant], [customer]] = await Promise.all([
    ctx.db.select().from(merchants).where(eq(merchants.id, scope.merchantId)),
    ctx.db.select().from(customers).where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId))),
  ]);
  if (!merchant || !customer) throw new DomainError("not_found", "customer_not_found", "No such customer.");
  return {
    // Resolved once: a language without labels prints wholly in English, English dates and amounts included (W3).
    locale: resolveLocale(customer.locale ?? merchant.defaultLocale, Object.keys(DOCUMENT_LABELS)).locale,
    timeZone: safeTimeZone(merchant.timeZone),
    brand: merchant.name,
    logo: await documentLogo(ctx, merchant),
    from: (label: string) => ({ label, lines: [merchant.name, ...addressLines(merchant.address)] }),
    to: (label: string) => ({ label, lines: billToLines(customer) }),
  };
}

/** A stored address as printed: its own lines when it has them, else one line per comma-separated part. */
export function addressLines(address: string | null): string[] {
  const text = (address ?? "").trim();
  if (!text) return [];
  const parts = /[\r\n]/.test(text) ? text.split(/\r?\n|\r/) : text.split(/,\s*/);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Dates on the calendar of the merchant's time zone: a payment at 23:30 UTC is the next day in Berlin. */
function dateFormatter(locale: string, timeZone: string) {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
  return (d: Date) => format.format(d);
}
