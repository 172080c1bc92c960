import { and, asc, desc, eq } from "drizzle-orm";
import { getBalances } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import { customerRequests, customers, orders, supportFees, ticketAttachments, ticketMessages } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { incidentsUsedOn } from "../incidents/ticket-incidents.ts";
import type { Money } from "../money.ts";
import { decideCustomerRequest, toRequestView, type CustomerRequestView } from "../requests/decide-request.ts";
import { closeOrReopen, findTicket, summary } from "./tickets.ts";
import type { TicketMessageView, TicketView } from "./views.ts";

/** What staff may do on a ticket now (H1, H7, H8); the console shows only these. */
export type StaffTicketAction = "reply" | "note" | "close" | "reopen" | "set_incidents" | "charge_fee";

/** A ticket as staff see it: internal notes included, with the request it carries (M3) and what it cost (H7, H8). */
export interface StaffTicketView extends TicketView {
  customer_id: string;
  /** Who wrote it, and the account balance a support fee is taken from (H8). */
  customer: { id: string; name: string | null; email: string; balances: Money[] };
  /** The currency a support fee on this ticket is charged in: the customer's balance's, else their latest order's, else EUR. */
  fee_currency: string;
  actions: StaffTicketAction[];
  messages: (TicketMessageView & { internal: boolean })[];
  fees: { id: string; amount: Money; created_at: string }[];
  /** The manual refund or cancellation request this ticket was opened for, if any, and what staff can do with it. */
  request: (CustomerRequestView & { actions: ("approve" | "reject")[] }) | null;
}

/** One ticket for staff. */
export async function getStaffTicket(ctx: CoreContext, merchantId: string, ticketId: string): Promise<StaffTicketView> {
  const { ticket, department } = await findTicket(ctx.db, { merchantId }, ticketId);
  const [messages, files, incidentsUsed, fees, [request], [customer], balances, [lastOrder]] = await Promise.all([
    ctx.db.select().from(ticketMessages).where(and(eq(ticketMessages.merchantId, merchantId), eq(ticketMessages.ticketId, ticket.id))).orderBy(asc(ticketMessages.seq)),
    ctx.db
      .select({ id: ticketAttachments.id, messageId: ticketAttachments.messageId, fileName: ticketAttachments.fileName, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.merchantId, merchantId), eq(ticketAttachments.ticketId, ticket.id)))
      .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.fileName)),
    incidentsUsedOn(ctx.db, merchantId, ticket.id),
    ctx.db.select().from(supportFees).where(and(eq(supportFees.merchantId, merchantId), eq(supportFees.ticketId, ticket.id))).orderBy(asc(supportFees.createdAt)),
    ctx.db.select().from(customerRequests).where(and(eq(customerRequests.merchantId, merchantId), eq(customerRequests.ticketId, ticket.id))).limit(1),
    ctx.db.select({ name: customers.name, email: customers.email }).from(customers).where(and(eq(customers.merchantId, merchantId), eq(customers.id, ticket.customerId))),
    getBalances(ctx, { merchantId, customerId: ticket.customerId }),
    ctx.db.select({ currency: orders.currency }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.customerId, ticket.customerId))).orderBy(desc(orders.placedAt)).limit(1),
  ]);
  const closed = ticket.status === "closed";
  const actions: StaffTicketAction[] = closed ? ["note", "reopen", "set_incidents", "charge_fee"] : ["reply", "note", "close", "set_incidents", "charge_fee"];
  const requestView = request ? toRequestView(request) : null;
  return {
    ...summary(ticket, department),
    customer_id: ticket.customerId,
    customer: { id: ticket.customerId, name: customer?.name ?? null, email: customer?.email ?? "", balances },
    fee_currency: balances[0]?.currency ?? lastOrder?.currency ?? "EUR",
    actions,
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


/** Staff close or reopen a ticket (H1); the customer sees its new status. */
export async function setStaffTicketClosed(ctx: CoreContext, merchantId: string, input: { ticketId: string; closed: boolean }): Promise<StaffTicketView> {
  await closeOrReopen(ctx, { merchantId }, input);
  return getStaffTicket(ctx, merchantId, input.ticketId);
}

/** One attachment of a ticket for staff (internal notes' files included), with its bytes. */
export async function getStaffTicketAttachment(ctx: CoreContext, merchantId: string, input: { ticketId: string; attachmentId: string }) {
  const { ticket } = await findTicket(ctx.db, { merchantId }, input.ticketId);
  const [file] = await ctx.db
    .select()
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.merchantId, merchantId), eq(ticketAttachments.ticketId, ticket.id), eq(ticketAttachments.id, input.attachmentId)));
  if (!file) throw new DomainError("not_found", "attachment_not_found", `No attachment ${input.attachmentId}.`);
  return { fileName: file.fileName, contentType: file.contentType, bytes: file.data };
}
