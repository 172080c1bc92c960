import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { customerRequests, departments, ticketMessages, tickets } from "../db/schema/index.ts";
import { newId } from "../ids.ts";

/**
 * Opens the ticket a manual request becomes (R5): in the configured department,
 * or in a "Billing" department created the first time one is needed.
 */
export async function openRequestTicket(
  tx: Transaction,
  input: { merchantId: string; customerId: string; departmentId: string | null; subject: string; body: string; now: Date },
): Promise<string> {
  let departmentId = input.departmentId;
  if (departmentId) {
    const [found] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.merchantId, input.merchantId), eq(departments.id, departmentId)));
    departmentId = found?.id ?? null;
  }
  if (!departmentId) {
    const [billing] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.merchantId, input.merchantId), eq(departments.name, "Billing")));
    departmentId = billing?.id ?? newId("dep");
    if (!billing) await tx.insert(departments).values({ id: departmentId, merchantId: input.merchantId, name: "Billing", paid: false, createdAt: input.now });
  }
  const ticketId = newId("tkt");
  await tx.insert(tickets).values({
    id: ticketId,
    merchantId: input.merchantId,
    customerId: input.customerId,
    departmentId,
    subject: input.subject,
    status: "waiting_on_staff",
    createdAt: input.now,
    updatedAt: input.now,
  });
  await tx.insert(ticketMessages).values({ id: newId("msg"), merchantId: input.merchantId, ticketId, author: "customer", body: input.body, createdAt: input.now });
  return ticketId;
}

/** Adds a message to a request's ticket and closes it, once staff have decided. */
export async function closeRequestTicket(tx: Transaction, merchantId: string, ticketId: string, body: string, now: Date): Promise<void> {
  await tx.insert(ticketMessages).values({ id: newId("msg"), merchantId, ticketId, author: "staff", body, createdAt: now });
  await tx.update(tickets).set({ status: "closed", updatedAt: now }).where(and(eq(tickets.merchantId, merchantId), eq(tickets.id, ticketId)));
}

/** Files a manual request (R5): its ticket for staff and the pending request the review queue lists (M3). */
export async function fileManualRequest(
  tx: Transaction,
  input: {
    merchantId: string;
    customerId: string;
    kind: "refund" | "cancellation";
    orderId: string;
    paymentId?: string;
    departmentId: string | null;
    subject: string;
    reason: string | undefined;
    fallbackBody: string;
    now: Date;
  },
): Promise<{ requestId: string; ticketId: string }> {
  const ticketId = await openRequestTicket(tx, {
    merchantId: input.merchantId,
    customerId: input.customerId,
    departmentId: input.departmentId,
    subject: input.subject,
    body: input.reason?.trim() || input.fallbackBody,
    now: input.now,
  });
  const requestId = newId("req");
  await tx.insert(customerRequests).values({
    id: requestId,
    merchantId: input.merchantId,
    customerId: input.customerId,
    kind: input.kind,
    orderId: input.orderId,
    paymentId: input.paymentId ?? null,
    status: "pending",
    reason: input.reason ?? null,
    ticketId,
    createdAt: input.now,
  });
  return { requestId, ticketId };
}
