import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import { incidentsUsedOn } from "../incidents/ticket-incidents.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { departments, ticketAttachments, ticketMessages, tickets } from "../db/schema/index.ts";
import type { Transaction } from "../db/open.ts";
import { checkAttachment, MAX_ATTACHMENTS_PER_MESSAGE } from "./attachments.ts";
import { DomainError } from "../errors.ts";
import { runMoneyMovement } from "../payments/attempts/run-attempt.ts";
import { newId } from "../ids.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { chargeIncident, getIncidentSummary, type IncidentSummary } from "../incidents/incidents.ts";
import { statusAfterMessage, TICKET_LIMITS } from "./rules.ts";
import type { DepartmentView, TicketStatus, TicketSummaryView, TicketView } from "./views.ts";
import { assertStorable } from "../storable.ts";
import { recordAction } from "../audit/record-action.ts";

/** Adds a helpdesk department (H1); paid ones cost incidents once the incidents ledger lands (H3). */
export async function createDepartment(ctx: CoreContext, merchantId: string, input: { name: string; paid?: boolean }): Promise<DepartmentView> {
  assertStorable(input, "department");
  const id = newId("dep");
  await ctx.db.transaction(async (tx) => {
    await tx.insert(departments).values({ id, merchantId, name: input.name, paid: input.paid ?? false, createdAt: ctx.clock.now() });
    await recordAction(tx, ctx, { merchantId, action: "department.created", subjectId: id, details: { name: input.name, paid: input.paid ?? false } });
  });
  return { id, name: input.name, paid: input.paid ?? false };
}

/** The merchant's departments a customer can write to (archived ones left out). */
export async function listDepartments(ctx: CoreContext, merchantId: string): Promise<DepartmentView[]> {
  const rows = await ctx.db.select().from(departments).where(and(eq(departments.merchantId, merchantId), isNull(departments.archivedAt))).orderBy(asc(departments.name));
  return rows.map((d) => ({ id: d.id, name: d.name, paid: d.paid }));
}

/** What the customer's helpdesk offers (H1–H3): departments, whether orders are shown beside the tickets, incidents left. */
export async function getHelpdeskOverview(
  ctx: CoreContext,
  scope: PortalScope,
): Promise<{ departments: DepartmentView[]; billing_section: boolean; incidents: IncidentSummary }> {
  const [departmentsList, settings, incidents] = await Promise.all([
    listDepartments(ctx, scope.merchantId),
    settingsForCustomer(ctx.db, scope.merchantId, scope.customerId),
    getIncidentSummary(ctx, scope),
  ]);
  return { departments: departmentsList, billing_section: settings.helpdeskBillingSection, incidents };
}

/** A file as it arrives with a message; checked by content before anything is stored. */
export interface AttachmentInput {
  fileName: string;
  data: Uint8Array;
}

/** A customer opens a ticket in a department with a first message (H1). */
export async function openTicket(
  ctx: CoreContext,
  scope: PortalScope,
  input: { departmentId: string; subject: string; body: string; attachments?: AttachmentInput[]; idempotencyKey?: string | undefined },
): Promise<TicketView> {
  assertStorable(input, "ticket");
  const files = checkAttachments(input.attachments);
  const subject = input.subject.trim();
  const body = input.body.trim();
  if (!subject || subject.length > TICKET_LIMITS.subject) throw new DomainError("invalid", "invalid_subject", `A subject of 1 to ${TICKET_LIMITS.subject} characters is needed.`);
  if (!body || body.length > TICKET_LIMITS.body) throw new DomainError("invalid", "invalid_message", `A message of 1 to ${TICKET_LIMITS.body} characters is needed.`);
  // Recorded under the caller's key: a ticket re-run after a crash is the same ticket, and takes one incident.
  const key = input.idempotencyKey ?? `ticket:${newId("tkt")}`;
  const { ticket_id: id } = await runMoneyMovement<{ ticket_id: string }>(ctx, scope, { purpose: "ticket", idempotencyKey: key }, async (tx) => {
    const [department] = await tx.select().from(departments).where(and(eq(departments.merchantId, scope.merchantId), eq(departments.id, input.departmentId)));
    if (!department) throw new DomainError("not_found", "department_not_found", `No department ${input.departmentId}.`);
    if (department.archivedAt) throw new DomainError("conflict", "department_archived", "This department no longer takes new tickets.");
    // Time-limited incident grants (H3) are judged on the customer's clock.
    const now = await customerNow(ctx, tx, scope.merchantId, scope.customerId);
    const ticketId = newId("tkt");
    // A paid department costs one incident per new ticket (H3); refused when none is left and no credit remains.
    if (department.paid) await chargeIncident(tx, scope, ticketId, now);
    await tx.insert(tickets).values({ id: ticketId, merchantId: scope.merchantId, customerId: scope.customerId, departmentId: department.id, subject, status: "waiting_on_staff", createdAt: now, updatedAt: now });
    const messageId = newId("msg");
    await tx.insert(ticketMessages).values({ id: messageId, merchantId: scope.merchantId, ticketId, author: "customer", body, createdAt: now });
    await storeAttachments(tx, { merchantId: scope.merchantId, ticketId, messageId, at: now }, files);
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "ticket.opened", subjectId: ticketId, details: { department: department.id, subject, summary: subject, attachments: files.length } });
    return { result: { ticket_id: ticketId } };
  });
  return getTicket(ctx, scope, id);
}

/** The customer's tickets, most recently active first. */
export async function listTickets(ctx: CoreContext, scope: PortalScope): Promise<TicketSummaryView[]> {
  const rows = await ctx.db
    .select({ ticket: tickets, department: departments })
    .from(tickets)
    .innerJoin(departments, eq(departments.id, tickets.departmentId))
    .where(and(eq(tickets.merchantId, scope.merchantId), eq(tickets.customerId, scope.customerId)))
    .orderBy(desc(tickets.updatedAt), desc(tickets.createdAt));
  return rows.map(({ ticket, department }) => summary(ticket, department));
}

/** One of the customer's tickets with its conversation; internal staff notes are never included. */
export async function getTicket(ctx: CoreContext, scope: PortalScope, ticketId: string): Promise<TicketView> {
  const { ticket, department } = await findTicket(ctx.db, scope, ticketId);
  const [messages, files, incidentsUsed] = await Promise.all([
    ctx.db
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.merchantId, scope.merchantId), eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.internal, false)))
      .orderBy(asc(ticketMessages.seq)),
    ctx.db
      .select({ id: ticketAttachments.id, messageId: ticketAttachments.messageId, fileName: ticketAttachments.fileName, contentType: ticketAttachments.contentType, size: ticketAttachments.size })
      .from(ticketAttachments)
      .where(and(eq(ticketAttachments.merchantId, scope.merchantId), eq(ticketAttachments.ticketId, ticket.id)))
      .orderBy(asc(ticketAttachments.createdAt), asc(ticketAttachments.fileName)),
    incidentsUsedOn(ctx.db, scope.merchantId, ticket.id),
  ]);
  return {
    ...summary(ticket, department),
    incidents_used: incidentsUsed,
    messages: messages.map((m) => ({
      id: m.id,
      author: m.author,
      body: m.body,
      created_at: m.createdAt.toISOString(),
      attachments: files.filter((f) => f.messageId === m.id).map((f) => ({ id: f.id, file_name: f.fileName, content_type: f.contentType, size: f.size })),
    })),
  };
}

/** The customer replies (H1). A closed ticket must be reopened first. */
export async function replyToTicket(ctx: CoreContext, scope: PortalScope, input: { ticketId: string; body: string; attachments?: AttachmentInput[] }): Promise<TicketView> {
  assertStorable(input, "reply");
  await addMessage(ctx, { merchantId: scope.merchantId, customerId: scope.customerId }, { ...input, author: "customer", internal: false });
  return getTicket(ctx, scope, input.ticketId);
}

/** Staff reply to the customer, or leave an internal note the customer never sees (H1). */
export async function staffReply(
  ctx: CoreContext,
  merchantId: string,
  input: { ticketId: string; body: string; internal?: boolean; attachments?: AttachmentInput[] },
): Promise<{ status: TicketStatus }> {
  assertStorable(input, "reply");
  return addMessage(ctx, { merchantId }, { ...input, author: "staff", internal: input.internal ?? false });
}

/** Closes or reopens one of the customer's tickets. */
export async function setTicketClosed(ctx: CoreContext, scope: PortalScope, input: { ticketId: string; closed: boolean }): Promise<TicketView> {
  await closeOrReopen(ctx, scope, input);
  return getTicket(ctx, scope, input.ticketId);
}

/** Closes or reopens a ticket of the merchant (`customerId` given: only that customer's), recorded in the audit log. */
export async function closeOrReopen(ctx: CoreContext, scope: { merchantId: string; customerId?: string }, input: { ticketId: string; closed: boolean }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { ticket } = await findTicket(tx, scope, input.ticketId, true);
    if (input.closed === (ticket.status === "closed")) {
      throw new DomainError("conflict", input.closed ? "ticket_already_closed" : "ticket_not_closed", input.closed ? "This ticket is already closed." : "This ticket is open.");
    }
    await tx
      .update(tickets)
      .set({ status: input.closed ? "closed" : "waiting_on_staff", updatedAt: ctx.clock.now() })
      .where(eq(tickets.id, ticket.id));
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: ticket.customerId, action: input.closed ? "ticket.closed" : "ticket.reopened", subjectId: ticket.id, details: { before: ticket.status, after: input.closed ? "closed" : "waiting_on_staff" } });
  });
}

async function addMessage(
  ctx: CoreContext,
  scope: { merchantId: string; customerId?: string },
  input: { ticketId: string; body: string; author: "customer" | "staff"; internal: boolean; attachments?: AttachmentInput[] },
): Promise<{ status: TicketStatus }> {
  const files = checkAttachments(input.attachments);
  const body = input.body.trim();
  if (!body || body.length > TICKET_LIMITS.body) throw new DomainError("invalid", "invalid_message", `A message of 1 to ${TICKET_LIMITS.body} characters is needed.`);
  return ctx.db.transaction(async (tx) => {
    const { ticket } = await findTicket(tx, scope, input.ticketId, true);
    if (ticket.status === "closed" && !input.internal) throw new DomainError("conflict", "ticket_closed", "This ticket is closed; reopen it to write again.");
    const now = ctx.clock.now();
    const status = statusAfterMessage(input.author, input.internal, ticket.status);
    const messageId = newId("msg");
    await tx.insert(ticketMessages).values({ id: messageId, merchantId: scope.merchantId, ticketId: ticket.id, author: input.author, body, internal: input.internal, createdAt: now });
    await storeAttachments(tx, { merchantId: scope.merchantId, ticketId: ticket.id, messageId, at: now }, files);
    await tx.update(tickets).set({ status, updatedAt: now }).where(eq(tickets.id, ticket.id));
    await recordAction(tx, ctx, {
      merchantId: scope.merchantId,
      customerId: ticket.customerId,
      action: input.internal ? "ticket.note_added" : "ticket.replied",
      subjectId: ticket.id,
      details: { author: input.author, message: messageId, attachments: files.length, before: ticket.status, after: status, summary: ticket.subject },
    });
    return { status };
  });
}

/** One attachment of one of the customer's tickets (not of an internal note), with its bytes. */
export async function getTicketAttachment(ctx: CoreContext, scope: PortalScope, input: { ticketId: string; attachmentId: string }) {
  const { ticket } = await findTicket(ctx.db, scope, input.ticketId);
  const [row] = await ctx.db
    .select({ file: ticketAttachments, internal: ticketMessages.internal })
    .from(ticketAttachments)
    .innerJoin(ticketMessages, eq(ticketMessages.id, ticketAttachments.messageId))
    .where(and(eq(ticketAttachments.merchantId, scope.merchantId), eq(ticketAttachments.ticketId, ticket.id), eq(ticketAttachments.id, input.attachmentId)));
  if (!row || row.internal) throw new DomainError("not_found", "attachment_not_found", `No attachment ${input.attachmentId}.`);
  return { fileName: row.file.fileName, contentType: row.file.contentType, bytes: row.file.data };
}

function checkAttachments(files: AttachmentInput[] | undefined) {
  if ((files?.length ?? 0) > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new DomainError("invalid", "too_many_attachments", `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files per message.`);
  }
  return (files ?? []).map((f) => ({ ...checkAttachment(f.fileName, f.data), data: f.data }));
}

async function storeAttachments(
  tx: Transaction,
  where: { merchantId: string; ticketId: string; messageId: string; at: Date },
  files: { fileName: string; contentType: string; data: Uint8Array }[],
): Promise<void> {
  for (const file of files) {
    await tx.insert(ticketAttachments).values({
      id: newId("att"),
      merchantId: where.merchantId,
      ticketId: where.ticketId,
      messageId: where.messageId,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.byteLength,
      data: file.data,
      createdAt: where.at,
    });
  }
}

/** A ticket of this merchant (and customer, when given), optionally locked; else `ticket_not_found`. */
export async function findTicket(db: Executor, scope: { merchantId: string; customerId?: string }, ticketId: string, lock = false) {
  const query = db
    .select({ ticket: tickets, department: departments })
    .from(tickets)
    .innerJoin(departments, eq(departments.id, tickets.departmentId))
    .where(
      and(
        eq(tickets.merchantId, scope.merchantId),
        ...(scope.customerId ? [eq(tickets.customerId, scope.customerId)] : []),
        eq(tickets.id, ticketId),
      ),
    );
  const [row] = lock ? await query.for("update", { of: tickets }) : await query;
  if (!row) throw new DomainError("not_found", "ticket_not_found", `No ticket ${ticketId}.`);
  return row;
}

/** A ticket as lists show it. */
export function summary(ticket: typeof tickets.$inferSelect, department: typeof departments.$inferSelect): TicketSummaryView {
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    department: { id: department.id, name: department.name, paid: department.paid },
    created_at: ticket.createdAt.toISOString(),
    updated_at: (ticket.updatedAt ?? ticket.createdAt).toISOString(),
  };
}
