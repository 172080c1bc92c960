import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { documents, orders } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { money, type Money } from "../money.ts";
import type { DocumentRef } from "../orders/views.ts";
import { documentRef } from "./history-rows.ts";
import { listBillingHistory } from "./list-billing-history.ts";

/** One invoice of the customer, as a "pay this invoice" link shows it (A5, O6). */
export interface InvoiceView {
  id: string;
  number: string;
  /** open / pending (a payment awaits the bank) / paid / void. */
  status: string;
  amount: Money;
  issued_at: string;
  order_id: string | null;
  order_number: string | null;
  /** The customer may pay it now with a saved card (the same answer as the billing history's). */
  payable: boolean;
  document: DocumentRef;
}

/** The customer's own invoice; another customer's (or another shop's) is `invoice_not_found`. */
export async function getInvoice(ctx: CoreContext, scope: PortalScope, invoiceId: string): Promise<InvoiceView> {
  const [row] = await ctx.db
    .select({ invoice: documents, orderNumber: orders.number })
    .from(documents)
    .leftJoin(orders, and(eq(orders.id, documents.orderId), eq(orders.merchantId, documents.merchantId)))
    .where(and(eq(documents.merchantId, scope.merchantId), eq(documents.customerId, scope.customerId), eq(documents.id, invoiceId), eq(documents.kind, "invoice")));
  if (!row) throw new DomainError("not_found", "invoice_not_found", `No invoice ${invoiceId}.`);
  const invoice = row.invoice;
  // An unpaid invoice is a row of its order's history, which says whether it is payable now (O6, O8).
  const history = invoice.status === "paid" ? [] : await listBillingHistory(ctx, scope, invoice.orderId ? { orderId: invoice.orderId } : {});
  const open = history.find((h) => h.type === "invoice" && h.id === invoice.id);
  return {
    id: invoice.id,
    number: invoice.number,
    status: open?.status ?? invoice.status,
    amount: money(invoice.totalAmount, invoice.currency),
    issued_at: invoice.issuedAt.toISOString(),
    order_id: invoice.orderId,
    order_number: row.orderNumber,
    payable: open?.payable ?? false,
    document: documentRef(invoice),
  };
}
