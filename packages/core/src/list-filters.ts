import { and, eq } from "drizzle-orm";
import type { Executor } from "./db/open.ts";
import { customers, departments, orders, tickets } from "./db/schema/index.ts";
import { DomainError } from "./errors.ts";

/** The ids a merchant list may be filtered by. */
export interface FilterIds {
  customerId?: string | undefined;
  orderId?: string | undefined;
  ticketId?: string | undefined;
  departmentId?: string | undefined;
}

/**
 * Every merchant list checks its filter ids against the merchant first: an id
 * that is not this merchant's (another tenant's, or none at all) is 404
 * `customer_not_found` / `order_not_found` / `ticket_not_found` /
 * `department_not_found`, exactly as
 * fetching it would be, never an empty page that hides a typo.
 */
export async function assertFilterIds(db: Executor, merchantId: string, ids: FilterIds): Promise<void> {
  const checks: Promise<void>[] = [];
  if (ids.customerId) {
    const id = ids.customerId;
    checks.push(
      db
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.merchantId, merchantId), eq(customers.id, id)))
        .then((rows) => {
          if (rows.length === 0) throw new DomainError("not_found", "customer_not_found", `No customer ${id}.`);
        }),
    );
  }
  if (ids.orderId) {
    const id = ids.orderId;
    checks.push(
      db
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.merchantId, merchantId), eq(orders.id, id)))
        .then((rows) => {
          if (rows.length === 0) throw new DomainError("not_found", "order_not_found", `No order ${id}.`);
        }),
    );
  }
  if (ids.ticketId) {
    const id = ids.ticketId;
    checks.push(
      db
        .select({ id: tickets.id })
        .from(tickets)
        .where(and(eq(tickets.merchantId, merchantId), eq(tickets.id, id)))
        .then((rows) => {
          if (rows.length === 0) throw new DomainError("not_found", "ticket_not_found", `No ticket ${id}.`);
        }),
    );
  }
  if (ids.departmentId) {
    const id = ids.departmentId;
    checks.push(
      db
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.merchantId, merchantId), eq(departments.id, id)))
        .then((rows) => {
          if (rows.length === 0) throw new DomainError("not_found", "department_not_found", `No department ${id}.`);
        }),
    );
  }
  await Promise.all(checks);
}

/** A created/placed time range as list inputs carry it. */
export interface TimeFilter {
  after?: Date | undefined;
  before?: Date | undefined;
}
