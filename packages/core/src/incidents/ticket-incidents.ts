import { recordAction } from "../audit/record-action.ts";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { incidentCharges, incidentGrants, tickets } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { lockCustomer } from "../balance/ledger.ts";
import { getIncidentSummary, settleCredit, type IncidentSummary } from "./incidents.ts";
import { deductionOrder } from "./rules.ts";

/** Most incidents staff may put on one ticket. */
const MAX_TICKET_INCIDENTS = 100;

/** Incidents a ticket has taken so far (H3, H7). */
export async function incidentsUsedOn(db: Executor, merchantId: string, ticketId: string): Promise<number> {
  const [row] = await db.select({ value: count() }).from(incidentCharges).where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.ticketId, ticketId)));
  return row?.value ?? 0;
}

/**
 * Staff set how many incidents a ticket used (H7). Lowering gives them back
 * (debt on credit first, then to the grants they came from); raising deducts
 * more in the usual order, on credit when nothing is left — staff may go past
 * the customer's limit, which then blocks new paid tickets until it is paid.
 */
export async function setTicketIncidents(
  ctx: CoreContext,
  merchantId: string,
  input: { ticketId: string; count: number },
): Promise<{ ticket_id: string; incidents_used: number; customer: IncidentSummary }> {
  if (!Number.isInteger(input.count) || input.count < 0 || input.count > MAX_TICKET_INCIDENTS) {
    throw new DomainError("invalid", "invalid_incident_count", `A ticket uses 0 to ${MAX_TICKET_INCIDENTS} incidents.`);
  }
  const customerId = await ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select({ customerId: tickets.customerId }).from(tickets).where(and(eq(tickets.merchantId, merchantId), eq(tickets.id, input.ticketId)));
    if (!ticket) throw new DomainError("not_found", "ticket_not_found", `No ticket ${input.ticketId}.`);
    await lockCustomer(tx, merchantId, ticket.customerId);
    const now = await customerNow(ctx, tx, merchantId, ticket.customerId);
    const charges = await tx
      .select()
      .from(incidentCharges)
      .where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.ticketId, input.ticketId)))
      .orderBy(desc(incidentCharges.createdAt), desc(incidentCharges.id));
    if (input.count < charges.length) {
      // Debt goes first: returning an incident that was never paid for clears it.
      const giveBack = [...charges.filter((c) => c.grantId === null), ...charges.filter((c) => c.grantId !== null)].slice(0, charges.length - input.count);
      for (const charge of giveBack) {
        await tx.delete(incidentCharges).where(eq(incidentCharges.id, charge.id));
        if (charge.grantId) {
          const [grant] = await tx.select({ used: incidentGrants.used }).from(incidentGrants).where(eq(incidentGrants.id, charge.grantId));
          if (grant && grant.used > 0) await tx.update(incidentGrants).set({ used: grant.used - 1 }).where(eq(incidentGrants.id, charge.grantId));
        }
      }
      await settleCredit(tx, merchantId, ticket.customerId, now);
    }
    for (let i = charges.length; i < input.count; i++) {
      const grants = await tx.select().from(incidentGrants).where(and(eq(incidentGrants.merchantId, merchantId), eq(incidentGrants.customerId, ticket.customerId), isNull(incidentGrants.reversedAt)));
      const [grant] = deductionOrder(grants, now);
      if (grant) await tx.update(incidentGrants).set({ used: grant.used + 1 }).where(eq(incidentGrants.id, grant.id));
      await tx.insert(incidentCharges).values({ id: newId("ich"), merchantId, customerId: ticket.customerId, ticketId: input.ticketId, grantId: grant?.id ?? null, createdAt: now });
    }
    await recordAction(tx, ctx, { merchantId, customerId: ticket.customerId, action: "ticket.incidents_changed", subjectId: input.ticketId, details: { before: charges.length, after: input.count } });
    return ticket.customerId;
  });
  return {
    ticket_id: input.ticketId,
    incidents_used: await incidentsUsedOn(ctx.db, merchantId, input.ticketId),
    customer: await getIncidentSummary(ctx, { merchantId, customerId }),
  };
}
