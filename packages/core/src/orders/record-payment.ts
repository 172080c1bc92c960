import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { orders, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money } from "../money.ts";

export interface RecordTransactionInput {
  orderId: string;
  kind: "payment" | "refund";
  status: "pending" | "approved" | "declined";
  amount: number;
  parentId?: string;
  declineCode?: string;
  at?: Date;
}

/**
 * Records a payment outcome or a refund against an order, in the order's currency.
 * A stand-in until the gateway issue (R3) moves money through the sandbox gateway;
 * used by the demo seed and tests.
 */
export async function recordTransaction(ctx: CoreContext, merchantId: string, input: RecordTransactionInput): Promise<{ id: string }> {
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx
      .select({ id: orders.id, customerId: orders.customerId, currency: orders.currency })
      .from(orders)
      .where(and(eq(orders.merchantId, merchantId), eq(orders.id, input.orderId)))
      .for("update");
    if (!order) throw new DomainError("not_found", "order_not_found", `No order ${input.orderId}.`);
    const amount = money(input.amount, order.currency);
    if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "A transaction moves a positive amount.");
    const id = newId("txn");
    const at = input.at ?? ctx.clock.now();
    await tx.insert(transactions).values({
      id,
      merchantId,
      customerId: order.customerId,
      orderId: order.id,
      kind: input.kind,
      status: input.status,
      amount: amount.amount,
      currency: amount.currency,
      parentId: input.parentId ?? null,
      declineCode: input.status === "declined" ? (input.declineCode ?? "card_declined") : null,
      createdAt: at,
      settledAt: input.status === "approved" ? at : null,
    });
    return { id };
  });
}
