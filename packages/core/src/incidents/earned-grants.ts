import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { customers, documents, incidentCharges, incidentGrants, orderItems, orders, pricePoints, products } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { fundsGrant, packageGrantPeriods } from "./rules.ts";
import { settleCredit } from "./incidents.ts";

type GrantRow = typeof incidentGrants.$inferInsert;

/** H5: incidents for a new customer, when the merchant gives any. */
export async function grantOnRegistration(tx: Transaction, merchantId: string, customerId: string, now: Date): Promise<void> {
  const { incidentsOnRegistration } = await settingsForCustomer(tx, merchantId, customerId);
  if (incidentsOnRegistration > 0) await insertGrants(tx, [lifetime(merchantId, customerId, incidentsOnRegistration, "registration", now)], now);
}

/**
 * H5, after money came in (a card or outside payment, or a top-up; not account
 * credit): the first-payment grant while the customer holds none, and for a
 * top-up the funds grant with the remainder carried. Both hang on the payment,
 * so reverseGrantsForPayment takes them back if it is voided or refunded in full.
 */
export async function grantForIncomingPayment(
  tx: Transaction,
  payment: { id: string; merchantId: string; customerId: string; amount: number; currency: string; topUp: boolean },
  now: Date,
): Promise<void> {
  const settings = await settingsForCustomer(tx, payment.merchantId, payment.customerId);
  const grants: GrantRow[] = [];
  if (settings.incidentsOnFirstPayment > 0 && !(await holdsGrant(tx, payment.merchantId, payment.customerId, "first_payment"))) {
    grants.push({ ...lifetime(payment.merchantId, payment.customerId, settings.incidentsOnFirstPayment, "first_payment", now), paymentId: payment.id });
  }
  const rule = settings.incidentsForFunds;
  if (payment.topUp && rule && rule.currency === payment.currency) {
    const [customer] = await tx
      .select({ remainder: customers.incidentFundsRemainder })
      .from(customers)
      .where(and(eq(customers.merchantId, payment.merchantId), eq(customers.id, payment.customerId)));
    const earned = fundsGrant(customer?.remainder ?? 0, payment.amount, rule);
    await tx
      .update(customers)
      .set({ incidentFundsRemainder: earned.remainder })
      .where(and(eq(customers.merchantId, payment.merchantId), eq(customers.id, payment.customerId)));
    // Kept even when it earns nothing yet, to remember what it added to the remainder.
    grants.push({
      ...lifetime(payment.merchantId, payment.customerId, earned.incidents, "funds_added", now),
      paymentId: payment.id,
      fundsRemainderDelta: earned.remainder - (customer?.remainder ?? 0),
    });
  }
  await insertGrants(tx, grants, now);
}

/**
 * After an invoice is paid in full: the first-charge grant (H5, once per
 * customer) and the incidents of any incident package on it (H4) — lifetime
 * for a one-time price, else one grant per month of the period paid for.
 */
export async function grantForPaidInvoice(tx: Transaction, invoice: typeof documents.$inferSelect, paymentId: string, now: Date): Promise<void> {
  const settings = await settingsForCustomer(tx, invoice.merchantId, invoice.customerId);
  const grants: GrantRow[] = [];
  if (settings.incidentsOnFirstCharge > 0 && !(await holdsGrant(tx, invoice.merchantId, invoice.customerId, "first_charge"))) {
    grants.push(lifetime(invoice.merchantId, invoice.customerId, settings.incidentsOnFirstCharge, "first_charge", now));
  }
  if (invoice.orderId) {
    const packs = await tx
      .select({ incidents: products.incidents, quantity: orderItems.quantity, interval: pricePoints.interval, intervalCount: pricePoints.intervalCount, number: orders.number })
      .from(orderItems)
      .innerJoin(products, and(eq(products.id, orderItems.productId), eq(products.merchantId, orderItems.merchantId)))
      .innerJoin(orders, and(eq(orders.id, orderItems.orderId), eq(orders.merchantId, orderItems.merchantId)))
      .leftJoin(pricePoints, and(eq(pricePoints.id, orderItems.pricePointId), eq(pricePoints.merchantId, orderItems.merchantId)))
      .where(and(eq(orderItems.merchantId, invoice.merchantId), eq(orderItems.orderId, invoice.orderId), sql`${products.incidents} is not null`));
    for (const pack of packs) {
      const count = pack.incidents! * pack.quantity;
      const base = { ...lifetime(invoice.merchantId, invoice.customerId, count, `package:${pack.number}`, now), paymentId, orderId: invoice.orderId };
      const periods = pack.interval ? packageGrantPeriods(invoice.periodStart ?? now, pack.interval, pack.intervalCount ?? 1) : [];
      if (periods.length === 0) grants.push(base);
      for (const period of periods) grants.push({ ...base, id: newId("igr"), validFrom: period.from, validUntil: period.until });
    }
  }
  await insertGrants(tx, grants, now);
}

/**
 * A payment went back (voided, or refunded in full): the incidents it earned
 * are taken away. Tickets they already paid for fall back on credit, to be
 * covered by other grants where the customer has them (H5 "deducted").
 */
export async function reverseGrantsForPayment(tx: Transaction, merchantId: string, paymentId: string, now: Date): Promise<void> {
  const earned = await tx
    .select()
    .from(incidentGrants)
    .where(and(eq(incidentGrants.merchantId, merchantId), eq(incidentGrants.paymentId, paymentId), isNull(incidentGrants.reversedAt)))
    .orderBy(asc(incidentGrants.createdAt));
  if (earned.length === 0) return;
  const customerId = earned[0]!.customerId;
  for (const grant of earned) {
    await tx.update(incidentCharges).set({ grantId: null }).where(and(eq(incidentCharges.merchantId, merchantId), eq(incidentCharges.grantId, grant.id)));
    await tx.update(incidentGrants).set({ granted: 0, used: 0, reversedAt: now }).where(eq(incidentGrants.id, grant.id));
    if (grant.fundsRemainderDelta) {
      await tx
        .update(customers)
        .set({ incidentFundsRemainder: sql`greatest(0, ${customers.incidentFundsRemainder} - ${grant.fundsRemainderDelta})` })
        .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)));
    }
  }
  await settleCredit(tx, merchantId, customerId, now);
}

function lifetime(merchantId: string, customerId: string, granted: number, source: string, now: Date): GrantRow {
  return { id: newId("igr"), merchantId, customerId, granted, source, createdAt: now };
}

async function insertGrants(tx: Transaction, grants: GrantRow[], now: Date): Promise<void> {
  if (grants.length === 0) return;
  await tx.insert(incidentGrants).values(grants);
  await settleCredit(tx, grants[0]!.merchantId, grants[0]!.customerId, now);
}

// A reversed first-payment grant may be earned again by the next payment.
async function holdsGrant(tx: Transaction, merchantId: string, customerId: string, source: string): Promise<boolean> {
  const rows = await tx
    .select({ id: incidentGrants.id })
    .from(incidentGrants)
    .where(and(eq(incidentGrants.merchantId, merchantId), eq(incidentGrants.customerId, customerId), eq(incidentGrants.source, source), isNull(incidentGrants.reversedAt)))
    .limit(1);
  return rows.length > 0;
}
