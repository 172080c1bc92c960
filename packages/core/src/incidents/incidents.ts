import { recordAction } from "../audit/record-action.ts";
import { and, asc, eq, isNull } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor, Transaction } from "../db/open.ts";
import { customers, incidentCharges, incidentGrants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { lockCustomer } from "../balance/ledger.ts";
import { availableIncidents, deductionOrder, incidentPeriods } from "./rules.ts";

/** What the customer sees before sending a ticket to a paid department (H3, H6). */
export interface IncidentSummary {
  available: number;
  /** Tickets taken on credit and not yet covered by a grant. */
  on_credit: number;
  credit_limit: number;
  /** Whether one more paid ticket can be opened now. */
  can_open_paid_ticket: boolean;
}

/**
 * Grants incidents (H4): lifetime (`periods` absent), or `count` per period for
 * `periods` periods of `months` months from `start` (each period's grant resets).
 * Tickets taken on credit are covered first.
 */
export async function grantIncidents(
  ctx: CoreContext,
  merchantId: string,
  input: { customerId: string; count: number; periods?: number; months?: number; start?: Date; source: string },
): Promise<void> {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > 10_000) {
    throw new DomainError("invalid", "invalid_incident_count", "Grant between 1 and 10000 incidents.");
  }
  await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, input.customerId);
    const now = await customerNow(ctx, tx, merchantId, input.customerId);
    const ranges = input.periods ? incidentPeriods(input.start ?? now, input.periods, input.months ?? 1) : [{ from: null, until: null }];
    for (const range of ranges) {
      await tx.insert(incidentGrants).values({
        id: newId("igr"),
        merchantId,
        customerId: input.customerId,
        granted: input.count,
        validFrom: range.from,
        validUntil: range.until,
        source: input.source,
        createdAt: now,
      });
    }
    await settleCredit(tx, merchantId, input.customerId, now);
    await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "incidents.granted", subjectId: input.customerId, details: { count: input.count, periods: input.periods ?? null, months: input.months ?? null, source: input.source } });
  });
}

/** Sets how many paid tickets a customer may open on credit (H6, staff H7). */
export async function setIncidentCreditLimit(ctx: CoreContext, merchantId: string, input: { customerId: string; limit: number }): Promise<void> {
  if (!Number.isInteger(input.limit) || input.limit < 0 || input.limit > 1000) throw new DomainError("invalid", "invalid_credit_limit", "A limit is 0 to 1000 tickets.");
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ limit: customers.incidentCreditLimit })
      .from(customers)
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, input.customerId)))
      .for("no key update");
    if (!before) throw new DomainError("not_found", "customer_not_found", `No customer ${input.customerId}.`);
    await tx.update(customers).set({ incidentCreditLimit: input.limit }).where(and(eq(customers.merchantId, merchantId), eq(customers.id, input.customerId)));
    await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "customer.incident_credit_limit_changed", subjectId: input.customerId, details: { before: before.limit, after: input.limit } });
  });
}

/** The customer's incidents now (H3). */
export async function getIncidentSummary(ctx: CoreContext, scope: PortalScope): Promise<IncidentSummary> {
  return summarise(ctx.db, scope, await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId));
}

/**
 * Pays for a new ticket in a paid department (H3, H6), inside the ticket's
 * transaction: one incident from the first grant in deduction order, else one on
 * credit while under the limit, else `no_incidents_left`.
 */
export async function chargeIncident(tx: Transaction, scope: PortalScope, ticketId: string, now: Date): Promise<void> {
  await lockCustomer(tx, scope.merchantId, scope.customerId);
  const grants = await grantsOf(tx, scope);
  const [grant] = deductionOrder(grants, now);
  if (grant) {
    await tx.update(incidentGrants).set({ used: grant.used + 1 }).where(eq(incidentGrants.id, grant.id));
  } else {
    const summary = await summarise(tx, scope, now);
    if (!summary.can_open_paid_ticket) {
      throw new DomainError("not_allowed", "no_incidents_left", "You have no support incidents left for this department.", {
        available: 0,
        on_credit: summary.on_credit,
        credit_limit: summary.credit_limit,
      });
    }
  }
  await tx.insert(incidentCharges).values({ id: newId("ich"), merchantId: scope.merchantId, customerId: scope.customerId, ticketId, grantId: grant?.id ?? null, createdAt: now });
}

async function summarise(db: Executor, scope: PortalScope, now: Date): Promise<IncidentSummary> {
  const [grants, credit, [customer]] = await Promise.all([
    grantsOf(db, scope),
    db
      .select({ id: incidentCharges.id })
      .from(incidentCharges)
      .where(and(eq(incidentCharges.merchantId, scope.merchantId), eq(incidentCharges.customerId, scope.customerId), isNull(incidentCharges.grantId))),
    db.select({ limit: customers.incidentCreditLimit }).from(customers).where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId))),
  ]);
  const available = availableIncidents(grants, now);
  const limit = customer?.limit ?? 0;
  return { available, on_credit: credit.length, credit_limit: limit, can_open_paid_ticket: available > 0 || credit.length < limit };
}

function grantsOf(db: Executor, scope: PortalScope) {
  return db
    .select()
    .from(incidentGrants)
    .where(and(eq(incidentGrants.merchantId, scope.merchantId), eq(incidentGrants.customerId, scope.customerId)))
    .orderBy(asc(incidentGrants.createdAt));
}

/** New incidents first pay back tickets taken on credit (H6: "blocked until paid"). */
export async function settleCredit(tx: Transaction, merchantId: string, customerId: string, now: Date): Promise<void> {
  const scope = { merchantId, customerId };
  const unpaid = await tx
    .select()
    .from(incidentCharges)
    .where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.customerId, customerId), isNull(incidentCharges.grantId)))
    .orderBy(asc(incidentCharges.createdAt));
  for (const charge of unpaid) {
    const [grant] = deductionOrder(await grantsOf(tx, scope), now);
    if (!grant) return;
    await tx.update(incidentGrants).set({ used: grant.used + 1 }).where(eq(incidentGrants.id, grant.id));
    await tx.update(incidentCharges).set({ grantId: grant.id }).where(eq(incidentCharges.id, charge.id));
  }
}

/** A customer's lifetime incidents (grants without a period, not reversed): how many were granted and how many are used (H7, M2). */
export interface LifetimeIncidents {
  granted: number;
  used: number;
}

function lifetimeGrantsOf(db: Executor, merchantId: string, customerId: string) {
  return db
    .select()
    .from(incidentGrants)
    .where(and(eq(incidentGrants.merchantId, merchantId), eq(incidentGrants.customerId, customerId), isNull(incidentGrants.validFrom), isNull(incidentGrants.reversedAt)))
    .orderBy(asc(incidentGrants.createdAt), asc(incidentGrants.id));
}

/** The customer's lifetime incidents now. */
export async function getLifetimeIncidents(db: Executor, merchantId: string, customerId: string): Promise<LifetimeIncidents> {
  const grants = await lifetimeGrantsOf(db, merchantId, customerId);
  return { granted: grants.reduce((s, g) => s + g.granted, 0), used: grants.reduce((s, g) => s + g.used, 0) };
}

/**
 * Staff correct how many of a customer's lifetime incidents are used (H7, M2),
 * between 0 and what was granted: more used fills the oldest grants first, fewer
 * gives back from the newest. Incidents given back pay off tickets taken on
 * credit first (H6), so `used` may come out higher than asked; the answer says.
 */
export async function setLifetimeIncidentsUsed(ctx: CoreContext, merchantId: string, input: { customerId: string; used: number }): Promise<LifetimeIncidents> {
  if (!Number.isInteger(input.used) || input.used < 0 || input.used > 100_000) throw new DomainError("invalid", "invalid_incident_count", "Incidents used is a whole number from 0.");
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, input.customerId);
    const grants = await lifetimeGrantsOf(tx, merchantId, input.customerId);
    const before = { granted: grants.reduce((s, g) => s + g.granted, 0), used: grants.reduce((s, g) => s + g.used, 0) };
    if (input.used > before.granted) {
      throw new DomainError("invalid", "incidents_above_granted", `Only ${before.granted} lifetime incidents were granted; grant more first.`, { granted: before.granted });
    }
    let delta = input.used - before.used;
    // Filling goes oldest first (the order tickets use them); giving back goes newest first.
    for (const grant of delta > 0 ? grants : [...grants].reverse()) {
      if (delta === 0) break;
      const change = delta > 0 ? Math.min(delta, grant.granted - grant.used) : -Math.min(-delta, grant.used);
      if (change === 0) continue;
      await tx.update(incidentGrants).set({ used: grant.used + change }).where(eq(incidentGrants.id, grant.id));
      delta -= change;
    }
    if (input.used < before.used) await settleCredit(tx, merchantId, input.customerId, await customerNow(ctx, tx, merchantId, input.customerId));
    const after = await getLifetimeIncidents(tx, merchantId, input.customerId);
    await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "customer.lifetime_incidents_changed", subjectId: input.customerId, details: { before: before.used, after: after.used, granted: after.granted } });
    return after;
  });
}
