import { and, eq, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers, departments, tickets } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { summary } from "./tickets.ts";
import type { TicketStatus, TicketSummaryView } from "./views.ts";

/** A ticket in the staff inbox: who wrote it as well. */
export type StaffTicketSummaryView = TicketSummaryView & { customer_id: string; customer: { id: string; name: string | null; email: string } };

export interface ListStaffTicketsInput extends PageQuery {
  status?: TicketStatus | undefined;
  departmentId?: string | undefined;
  customerId?: string | undefined;
  created?: TimeFilter | undefined;
}

/** The merchant's tickets (H1, M3), newest opened first, by status, department and customer. */
export async function listStaffTickets(ctx: CoreContext, merchantId: string, input: ListStaffTicketsInput): Promise<Page<StaffTicketSummaryView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId, departmentId: input.departmentId });
  const filters: SQL[] = [eq(tickets.merchantId, merchantId), ...timeRange(tickets.createdAt, input.created ?? {})];
  if (input.status) filters.push(eq(tickets.status, input.status));
  if (input.departmentId) filters.push(eq(tickets.departmentId, input.departmentId));
  if (input.customerId) filters.push(eq(tickets.customerId, input.customerId));
  const columns = { at: tickets.createdAt, id: tickets.id };
  const rows = await ctx.db
    .select({ ticket: tickets, department: departments, customer: { name: customers.name, email: customers.email } })
    .from(tickets)
    .innerJoin(departments, eq(departments.id, tickets.departmentId))
    .innerJoin(customers, and(eq(customers.merchantId, tickets.merchantId), eq(customers.id, tickets.customerId)))
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.ticket.id })),
    input.limit,
    ({ ticket, department, customer }) => ({ ...summary(ticket, department), customer_id: ticket.customerId, customer: { id: ticket.customerId, name: customer.name, email: customer.email } }),
    (r) => r.ticket.createdAt,
  );
}
