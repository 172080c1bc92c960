import { and, eq, isNull } from "drizzle-orm";
import type { PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";

/** A live saved card of this customer, locked for the caller's transaction; anyone else's is not found. */
export async function lockPaymentMethod(tx: Executor, scope: PortalScope, paymentMethodId: string) {
  const [row] = await tx
    .select()
    .from(paymentMethods)
    .where(
      and(
        eq(paymentMethods.merchantId, scope.merchantId),
        eq(paymentMethods.customerId, scope.customerId),
        eq(paymentMethods.id, paymentMethodId),
        isNull(paymentMethods.removedAt),
      ),
    )
    .for("update");
  if (!row) throw new DomainError("not_found", "payment_method_not_found", `No payment method ${paymentMethodId}.`);
  return row;
}
