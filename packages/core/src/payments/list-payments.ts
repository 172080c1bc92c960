import { and, eq, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { transactions, type TRANSACTION_KINDS, type TRANSACTION_STATUSES } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { money, type Money } from "../money.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";

type Kind = (typeof TRANSACTION_KINDS)[number];
type Status = (typeof TRANSACTION_STATUSES)[number];

/** A payment or refund as the merchant lists it. */
export interface PaymentView {
  id: string;
  kind: Kind;
  status: Status;
  amount: Money;
  /** Payments: how much of it was given back so far. Refunds: null. */
  refunded: Money | null;
  customer_id: string;
  order_id: string | null;
  /** Payments: the invoice paid. */
  invoice_id: string | null;
  /** Refunds: the payment refunded. */
  payment_id: string | null;
  /** Payments: card, balance or external. */
  funding: "card" | "balance" | "external" | null;
  payment_method_id: string | null;
  decline_code: string | null;
  source: "portal" | "staff" | "api" | "system";
  created_at: string;
  settled_at: string | null;
  /** M2: a staff comment, and whether the customer sees it in their billing history. */
  comment: string | null;
  comment_in_portal: boolean;
}

export interface ListPaymentsInput extends PageQuery {
  customerId?: string | undefined;
  orderId?: string | undefined;
  status?: Status | undefined;
  kind?: Kind | undefined;
  created?: TimeFilter | undefined;
}

/** The merchant's payments and refunds, newest first. */
export async function listPayments(ctx: CoreContext, merchantId: string, input: ListPaymentsInput): Promise<Page<PaymentView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId, orderId: input.orderId });
  const filters: SQL[] = [eq(transactions.merchantId, merchantId), ...timeRange(transactions.createdAt, input.created ?? {})];
  if (input.customerId) filters.push(eq(transactions.customerId, input.customerId));
  if (input.orderId) filters.push(eq(transactions.orderId, input.orderId));
  if (input.status) filters.push(eq(transactions.status, input.status));
  if (input.kind) filters.push(eq(transactions.kind, input.kind));
  const columns = { at: transactions.createdAt, id: transactions.id };
  const rows = await ctx.db
    .select()
    .from(transactions)
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toPaymentView);
}

export function toPaymentView(t: typeof transactions.$inferSelect): PaymentView {
  const payment = t.kind === "payment";
  return {
    id: t.id,
    kind: t.kind,
    status: t.status,
    amount: money(t.amount, t.currency),
    refunded: payment ? money(t.refundedAmount, t.currency) : null,
    customer_id: t.customerId,
    order_id: t.orderId,
    invoice_id: payment ? t.invoiceId : null,
    payment_id: payment ? null : t.parentId,
    funding: payment ? t.funding : null,
    payment_method_id: t.paymentMethodId,
    decline_code: t.declineCode,
    source: t.source,
    created_at: t.createdAt.toISOString(),
    settled_at: t.settledAt?.toISOString() ?? null,
    comment: t.comment,
    comment_in_portal: t.comment !== null && t.commentInPortal,
  };
}
