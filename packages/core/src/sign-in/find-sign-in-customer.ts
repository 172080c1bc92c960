import { and, asc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { customers } from "../db/schema/index.ts";

/**
 * The customer an address signs in as: e-mail compared without case. Addresses
 * are not unique per shop; the oldest customer with it is the one (a later
 * duplicate is usually a guest checkout).
 */
export async function findSignInCustomer(db: Executor, merchantId: string, email: string): Promise<{ id: string; blacklistedAt: Date | null } | undefined> {
  const [row] = await db
    .select({ id: customers.id, blacklistedAt: customers.blacklistedAt })
    .from(customers)
    .where(and(eq(customers.merchantId, merchantId), eq(sql`lower(${customers.email})`, email.trim().toLowerCase())))
    .orderBy(asc(customers.createdAt), asc(customers.id))
    .limit(1);
  return row;
}
