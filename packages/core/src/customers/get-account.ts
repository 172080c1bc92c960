import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { toAccountView, type AccountView } from "./account-view.ts";

/** The customer's own account details (A3), each field as the merchant's `customerFields` setting shows it. */
export async function getAccount(ctx: CoreContext, scope: PortalScope): Promise<AccountView> {
  const row = await customerRow(ctx.db, scope);
  const { customerFields } = await loadSettings(ctx.db, scope.merchantId);
  return toAccountView(row, customerFields);
}

/** One customer's row, scoped by merchant; locked against concurrent changes when asked. Another merchant's customer is not found. */
export async function customerRow(db: Executor, scope: PortalScope, options: { lock?: boolean } = {}) {
  const query = db
    .select()
    .from(customers)
    .where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId)));
  const [row] = options.lock ? await query.for("no key update") : await query;
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${scope.customerId}.`);
  return row;
}
