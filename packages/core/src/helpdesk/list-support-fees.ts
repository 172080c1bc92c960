import { and, eq, isNull, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { supportFees, tickets } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { money, type Money } from "../money.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";

/** A support fee (H8): an expense staff charged on a ticket, taken from the account balance. */
export interface SupportFeeView {
  id: string;
  customer_id: string;
  ticket_id: string;
  ticket_subject: string;
  amount: Money;
  /** Who charged it (`staff:…`, `api_key:…`). */
  charged_by: string;
  created_at: string;
}

export interface ListSupportFeesInput extends PageQuery {
  customerId?: string | undefined;
  ticketId?: string | undefined;
  created?: TimeFilter | undefined;
}

/** The merchant's support fees still charged (a deleted fee was given back and is left out), newest first. */
export async function listSupportFees(ctx: CoreContext, merchantId: string, input: ListSupportFeesInput): Promise<Page<SupportFeeView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId, ticketId: input.ticketId });
  const filters: SQL[] = [eq(supportFees.merchantId, merchantId), isNull(supportFees.deletedAt), ...timeRange(supportFees.createdAt, input.created ?? {})];
  if (input.customerId) filters.push(eq(supportFees.customerId, input.customerId));
  if (input.ticketId) filters.push(eq(supportFees.ticketId, input.ticketId));
  const columns = { at: supportFees.createdAt, id: supportFees.id };
  const rows = await ctx.db
    .select({ fee: supportFees, subject: tickets.subject })
    .from(supportFees)
    .innerJoin(tickets, and(eq(tickets.merchantId, supportFees.merchantId), eq(tickets.id, supportFees.ticketId)))
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.fee.id })),
    input.limit,
    ({ fee, subject }) => ({
      id: fee.id,
      customer_id: fee.customerId,
      ticket_id: fee.ticketId,
      ticket_subject: subject,
      amount: money(fee.amount, fee.currency),
      charged_by: fee.actor,
      created_at: fee.createdAt.toISOString(),
    }),
    (r) => r.fee.createdAt,
  );
}
