import { and, eq } from "drizzle-orm";
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
