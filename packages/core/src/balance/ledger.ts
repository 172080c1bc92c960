import { and, eq, sum } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor, Transaction } from "../db/open.ts";
import { balanceEntries, customers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money, type Money } from "../money.ts";

/**
 * Locks the customer row: every change to a customer's balance or money queues
 * behind it. NO KEY UPDATE, so rows that merely reference the customer (an
 * order being placed) can still be inserted meanwhile: that was a deadlock.
 */
export async function lockCustomer(tx: Transaction, merchantId: string, customerId: string): Promise<void> {
  const [row] = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)))
    .for("no key update");
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${customerId}.`);
}

/** The customer's account credit in one currency (R6). */
export async function balanceOf(db: Executor, merchantId: string, customerId: string, currency: string): Promise<number> {
  const [row] = await db
    .select({ total: sum(balanceEntries.amount) })
    .from(balanceEntries)
    .where(and(eq(balanceEntries.merchantId, merchantId), eq(balanceEntries.customerId, customerId), eq(balanceEntries.currency, currency)));
  return Number(row?.total ?? 0);
}

/**
 * Writes one ledger entry; a use may not take the balance below zero, except a
 * support fee (H8), which may. Call with the customer locked.
 */
export async function addBalanceEntry(
  tx: Transaction,
  entry: { merchantId: string; customerId: string; kind: (typeof balanceEntries.$inferInsert)["kind"]; amount: Money; reference?: string | null; note?: string | null; actor?: string | null; at: Date },
): Promise<void> {
  const mayGoNegative = entry.kind === "support_fee";
  if (!mayGoNegative && entry.amount.amount < 0 && (await balanceOf(tx, entry.merchantId, entry.customerId, entry.amount.currency)) + entry.amount.amount < 0) {
    throw new DomainError("conflict", "insufficient_balance", "The account balance is too low.");
  }
  await tx.insert(balanceEntries).values({
    id: newId("bal"),
    merchantId: entry.merchantId,
    customerId: entry.customerId,
    kind: entry.kind,
    amount: entry.amount.amount,
    currency: entry.amount.currency,
    reference: entry.reference ?? null,
    note: entry.note ?? null,
    actor: entry.actor ?? null,
    createdAt: entry.at,
  });
}

/** The customer's non-zero balances, one per currency. */
export async function getBalances(ctx: CoreContext, scope: PortalScope): Promise<Money[]> {
  const rows = await ctx.db
    .select({ currency: balanceEntries.currency, total: sum(balanceEntries.amount) })
    .from(balanceEntries)
    .where(and(eq(balanceEntries.merchantId, scope.merchantId), eq(balanceEntries.customerId, scope.customerId)))
    .groupBy(balanceEntries.currency);
  return rows.map((r) => money(Number(r.total ?? 0), r.currency)).filter((m) => m.amount !== 0);
}
