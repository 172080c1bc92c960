import { recordAction } from "../audit/record-action.ts";
import { and, desc, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { customerRequests, customers, orders, transactions } from "../db/schema/index.ts";
import { money, type Money } from "../money.ts";
import { DomainError } from "../errors.ts";
import { pageOrder, pageOrderOldestFirst, pageWhere, pageWhereOldestFirst, toPage, type Page, type PageQuery } from "../pagination.ts";
import { returnPayment } from "../payments/refund-order.ts";
import { endRefundedPeriod } from "./end-refunded-period.ts";
import { closeRequestTicket } from "./open-request-ticket.ts";
import { cancelNow } from "./request-cancellation.ts";

export interface CustomerRequestView {
  id: string;
  kind: "refund" | "cancellation";
  status: "pending" | "approved" | "rejected";
  customer_id: string;
  order_id: string;
  payment_id: string | null;
  reason: string | null;
  decision_note: string | null;
  ticket_id: string | null;
  decided_by: string | null;
  created_at: string;
}

/** A request as the review queue lists it (M3): who asks, for which order, and how much is at stake. */
export interface ReviewQueueItemView extends CustomerRequestView {
  customer: { id: string; name: string | null; email: string };
  /** The order's number and total (null only for a request whose order row is gone). */
  order: { id: string; number: string | null; total: Money | null };
  /** A refund: what approving would refund (the payment's refundable rest while pending, its amount once decided); a cancellation: null. */
  amount: Money | null;
  actions: ("approve" | "reject")[];
}

/**
 * The merchant's review queue of manual requests (M3), newest first, or
 * `order: "oldest_first"` to work through it in the order customers asked.
 */
export async function listCustomerRequests(
  ctx: CoreContext,
  merchantId: string,
  input: PageQuery & { status?: "pending" | "approved" | "rejected" | undefined; order?: "newest_first" | "oldest_first" | undefined },
): Promise<Page<ReviewQueueItemView>> {
  const columns = { at: customerRequests.createdAt, id: customerRequests.id };
  const oldest = input.order === "oldest_first";
  const rows = await ctx.db
    .select({ request: customerRequests, customer: { name: customers.name, email: customers.email }, order: { number: orders.number, total: orders.totalAmount, currency: orders.currency }, payment: { amount: transactions.amount, refunded: transactions.refundedAmount, currency: transactions.currency } })
    .from(customerRequests)
    .leftJoin(customers, and(eq(customers.merchantId, customerRequests.merchantId), eq(customers.id, customerRequests.customerId)))
    .leftJoin(orders, and(eq(orders.merchantId, customerRequests.merchantId), eq(orders.id, customerRequests.orderId)))
    .leftJoin(transactions, and(eq(transactions.merchantId, customerRequests.merchantId), eq(transactions.id, customerRequests.paymentId)))
    .where(
      and(
        eq(customerRequests.merchantId, merchantId),
        ...(input.status ? [eq(customerRequests.status, input.status)] : []),
        oldest ? pageWhereOldestFirst(columns, input.cursor) : pageWhere(columns, input.cursor),
      ),
    )
    .orderBy(...(oldest ? pageOrderOldestFirst(columns) : pageOrder(columns)))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.request.id })),
    input.limit,
    ({ request, customer, order, payment }) => {
      const view = toRequestView(request);
      return {
        ...view,
        customer: { id: request.customerId, name: customer?.name ?? null, email: customer?.email ?? "" },
        order: { id: request.orderId, number: order?.number ?? null, total: order ? money(order.total, order.currency) : null },
        amount: request.kind === "refund" && payment ? money(view.status === "pending" ? Math.max(0, payment.amount - payment.refunded) : payment.amount, payment.currency) : null,
        actions: view.status === "pending" ? ["approve", "reject"] : [],
      };
    },
    (r) => r.request.createdAt,
  );
}

/**
 * Staff decide a manual request (R5, M3). Approving runs it (the payment is
 * voided or refunded; the subscription is cancelled); rejecting tells the
 * customer why on the ticket. Either way the decision and who made it are kept.
 * The refund runs after the decision commits, keyed by the request, so
 * approving again (a retry after a crash) completes it and never refunds twice.
 */
export async function decideCustomerRequest(
  ctx: CoreContext,
  merchantId: string,
  input: { requestId: string; decision: "approve" | "reject"; note?: string | undefined; actor: string },
): Promise<CustomerRequestView> {
  const request = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(customerRequests)
      .where(and(eq(customerRequests.merchantId, merchantId), eq(customerRequests.id, input.requestId)))
      .for("no key update");
    if (!row) throw new DomainError("not_found", "request_not_found", `No request ${input.requestId}.`);
    // Approving again what is approved finishes it: a decision whose refund was cut short by a crash gets its refund.
    if (row.status === "approved" && input.decision === "approve") return row;
    if (row.status !== "pending") throw new DomainError("conflict", "request_already_decided", `This request was already ${row.status}.`);
    if (input.decision === "reject" && !input.note?.trim()) {
      throw new DomainError("invalid", "rejection_reason_required", "Tell the customer why the request is rejected.");
    }
    const now = await customerNow(ctx, tx, merchantId, row.customerId);
    const status: "approved" | "rejected" = input.decision === "approve" ? "approved" : "rejected";
    await tx
      .update(customerRequests)
      .set({ status, decisionNote: input.note ?? null, decidedBy: input.actor, decidedAt: now })
      .where(eq(customerRequests.id, row.id));
    if (row.kind === "cancellation" && status === "approved") await cancelNow(tx, { merchantId }, row.orderId, now);
    if (row.ticketId) {
      const what = row.kind === "refund" ? "refund" : "cancellation";
      const message = status === "approved" ? `Your ${what} request was approved.${input.note ? ` ${input.note}` : ""}` : `Your ${what} request was declined: ${input.note}`;
      await closeRequestTicket(tx, merchantId, row.ticketId, message, now);
    }
    await recordAction(tx, ctx, { merchantId, customerId: row.customerId, action: status === "approved" ? "request.approved" : "request.rejected", subjectId: row.id, details: { kind: row.kind, note: input.note ?? null, before: row.status, after: status } });
    return { ...row, status, decisionNote: input.note ?? null, decidedBy: input.actor, decidedAt: now };
  });
  if (request.kind === "refund" && request.status === "approved" && request.paymentId) {
    const [payment] = await ctx.db.select().from(transactions).where(and(eq(transactions.merchantId, merchantId), eq(transactions.id, request.paymentId)));
    // Keyed by the request: however often this runs, the request refunds its payment once.
    if (payment && payment.amount > payment.refundedAmount) await returnPayment(ctx, merchantId, payment, { source: "staff", actor: input.actor, idempotencyKey: `request:${request.id}` });
    if (payment) await endRefundedPeriod(ctx, merchantId, payment);
  }
  return toRequestView(request);
}

/** A request row as the API shows it. */
export function toRequestView(row: typeof customerRequests.$inferSelect): CustomerRequestView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    customer_id: row.customerId,
    order_id: row.orderId,
    payment_id: row.paymentId,
    reason: row.reason,
    decision_note: row.decisionNote,
    ticket_id: row.ticketId,
    decided_by: row.decidedBy,
    created_at: row.createdAt.toISOString(),
  };
}
