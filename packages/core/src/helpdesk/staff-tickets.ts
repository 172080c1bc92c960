import { and, asc, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerRequests, departments, supportFees, ticketAttachments, ticketMessages, tickets } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { incidentsUsedOn } from "../incidents/ticket-incidents.ts";
import type { Money } from "../money.ts";
import { decideCustomerRequest, toRequestView, type CustomerRequestView } from "../requests/decide-request.ts";
import { findTicket, summary } from "./tickets.ts";
import type { TicketMessageView, TicketView } from "./views.ts";

/** A ticket as staff see it: internal notes included, with the request it carries (M3) and what it cost (H7, H8). */
export interface StaffTicketView extends TicketView {
  customer_id: string;
  messages: (TicketMessageView & { internal: boolean })[];
  fees: { id: string; amount: Money; created_at: string }[];
  /** The manual refund or cancellation request this ticket was opened for, if any, and what staff can do with it. */
  request: (CustomerRequestView & { actions: ("approve" | "reject")[] }) | null;
}

/** One ticket for staff. */
export async function getStaffTicket(ctx: CoreContext, merchantId: string, ticketId: string): Promise<StaffTicketView> {
  const { ticket, department } = await findTicket(ctx.db, { merchantId }, ticketId);
  const [messages, files, incidentsUsed, fees, [request]] = await Promise.all([
    ctx.db.select().from(ticketMessages).where(and(eq(ticketMessages.merchantId, merchantId), eq(ticketMessages.ticketId, ticket.id))).orderBy(asc(ticketMessages.seq)),
    ctx.db
      .select({ id: ticketAttachments.id, messageId: ticketAttachments.messageId, fileName: ticketAttachments.fileName, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.merchantId, merchantId), eq(ticketAttachments.ticketId, ticket.id)))
      .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.fileName)),
    incidentsUsedOn(ctx.db, merchantId, ticket.id),
    ctx.db.select().from(supportFees).where(and(eq(supportFees.merchantId, merchantId), eq(supportFees.ticketId, ticket.id))).orderBy(asc(supportFees.createdAt)),
    ctx.db.select().from(customerRequests).where(and(eq(customerRequests.merchantId, merchantId), eq(customerRequests.ticketId, ticket.id))).limit(1),
  ]);
  const requestView = request ? toRequestView(request) : null;
  return {
    ...summary(ticket, department),
    customer_id: ticket.customerId,
    incidents_used: incidentsUsed,
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      body: m.body,
      internal: m.internal,
      created_at: m.createdAt.toISOString(),
      attachments: files.filter((f) => f.messageId === m.id).map((f) => ({ id: f.id, file_name: f.fileName, content_type: f.contentType, size: f.size })),
    })),
    fees: fees.filter((f) => !f.deletedAt).map((f) => ({ id: f.id, amount: { amount: f.amount, currency: f.currency }, created_at: f.createdAt.toISOString() })),
    request: requestView ? { ...requestView, actions: requestView.status === "pending" ? ["approve", "reject"] : [] } : null,
  };
}

/** Approve or reject, from the ticket, the request it was opened for (M3). */
export async function decideTicketRequest(
  ctx: CoreContext,
  merchantId: string,
  input: { ticketId: string; decision: "approve" | "reject"; note?: string | undefined; actor: string },
): Promise<StaffTicketView> {
  const [request] = await ctx.db
    .select({ id: customerRequests.id })
    .from(customerRequests)
    .where(and(eq(customerRequests.merchantId, merchantId), eq(customerRequests.ticketId, input.ticketId)))
    .limit(1);
  if (!request) {
    await findTicket(ctx.db, { merchantId }, input.ticketId); // not found stays not found
    throw new DomainError("not_allowed", "ticket_without_request", "This ticket carries no refund or cancellation request.");
  }
  await decideCustomerRequest(ctx, merchantId, { requestId: request.id, decision: input.decision, note: input.note, actor: input.actor });
  return getStaffTicket(ctx, merchantId, input.ticketId);
}

