import { and, eq, exists, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers, orders } from "../db/schema/index.ts";
import type { TimeFilter } from "../list-filters.ts";
import { containsPattern, pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { toCustomerView, type CustomerView } from "./create-customer.ts";

export interface ListCustomersInput extends PageQuery {
  /** Exact address, any case. */
  email?: string | undefined;
  /** Part of the name, e-mail address or external id, any case; or one of their order numbers, whole (any case). */
  q?: string | undefined;
  created?: TimeFilter | undefined;
  blacklisted?: boolean | undefined;
  /** Deleted customers are left out unless asked for (`true`: only them). */
  deleted?: boolean | undefined;
}

/** The merchant's customers, newest first (merchant API back office). */
export async function listCustomers(ctx: CoreContext, merchantId: string, input: ListCustomersInput): Promise<Page<CustomerView>> {
  const filters: (SQL | undefined)[] = [eq(customers.merchantId, merchantId), ...timeRange(customers.createdAt, input.created ?? {})];
  if (input.email) filters.push(sql`lower(${customers.email}) = lower(${input.email})`);
  if (input.q) {
    const pattern = containsPattern(input.q);
    // An order number is matched whole, within this merchant: "1001" must not list everyone with an order 10010.
    const byOrderNumber = exists(
      ctx.db
        .select({ one: sql`1` })
        .from(orders)
        .where(and(eq(orders.merchantId, merchantId), eq(orders.customerId, customers.id), sql`lower(${orders.number}) = lower(${input.q.trim().replace(/^#/, "")})`)),
    );
    filters.push(or(ilike(customers.name, pattern), ilike(customers.email, pattern), ilike(customers.externalId, pattern), byOrderNumber));
  }
  if (input.blacklisted !== undefined) filters.push(input.blacklisted ? isNotNull(customers.blacklistedAt) : isNull(customers.blacklistedAt));
  filters.push(input.deleted ? isNotNull(customers.deletedAt) : isNull(customers.deletedAt));
  const columns = { at: customers.createdAt, id: customers.id };
  const rows = await ctx.db
    .select()
    .from(customers)
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toCustomerView);
}
