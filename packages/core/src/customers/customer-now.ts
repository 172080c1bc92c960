import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers, testClocks } from "../db/schema/index.ts";

/**
 * The time a customer lives in (A10): their test clock's when they have one,
 * else the injected clock. Every time rule about one customer — settlement,
 * refund periods, renewals, reminders, retries, expiry — reads "now" here, so
 * advancing a test clock moves all of them together, not only the billing run.
 */
export async function customerNow(ctx: CoreContext, db: Executor, merchantId: string, customerId: string): Promise<Date> {
  const [row] = await db
    .select({ frozenAt: testClocks.frozenAt })
    .from(customers)
    .innerJoin(testClocks, and(eq(testClocks.id, customers.testClockId), eq(testClocks.merchantId, customers.merchantId)))
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)));
  return row?.frozenAt ?? ctx.clock.now();
}

/**
 * The same "now" inside a query over many customers' rows (the daily jobs):
 * the row's customer's test-clock time, else `now`.
 */
export function customerNowSql(customerId: AnyColumn, now: Date): SQL<Date> {
  return sql<Date>`coalesce((select ${testClocks.frozenAt} from ${customers} join ${testClocks} on ${testClocks.id} = ${customers.testClockId} where ${customers.id} = ${customerId}), ${now.toISOString()}::timestamptz)`;
}
