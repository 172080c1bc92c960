import { and, eq, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { departments, tickets } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { summary } from "./tickets.ts";
import type { TicketStatus, TicketSummaryView } from "./views.ts";

export interface ListStaffTicketsInput extends PageQuery {
  status?: TicketStatus | undefined;
  departmentId?: string | undefined;
  customerId?: string | undefined;
  created?: TimeFilter | undefined;
}

/** The merchant's tickets (H1, M3), newest opened first, by status, department and customer. */
export async function listStaffTickets(ctx: CoreContext, merchantId: string, input: ListStaffTicketsInput): Promise<Page<TicketSummaryView & { customer_id: string }>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId, departmentId: input.departmentId });
  const filters: SQL[] = [eq(tickets.merchantId, merchantId), ...timeRange(tickets.createdAt, input.created ?? {})];
  if (input.status) filters.push(eq(tickets.status, input.status));
  if (input.departmentId) filters.push(eq(tickets.departmentId, input.departmentId));
  if (input.customerId) filters.push(eq(tickets.customerId, input.customerId));
  const columns = { at: tickets.createdAt, id: tickets.id };
  const rows = await ctx.db
    .select({ ticket: tickets, department: departments })
    .from(tickets)
    .innerJoin(departments, eq(departments.id, tickets.departmentId))
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.ticket.id })),
    input.limit,
    ({ ticket, department }) => ({ ...summary(ticket, department), customer_id: ticket.customerId }),
    (r) => r.ticket.createdAt,
  );
}
