import { and, eq, inArray } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { documents, orders, transactions } from "../db/schema/index.ts";
import { reverseGrantsForPayment } from "../incidents/earned-grants.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import type { GatewayOutcome } from "./attempts/finish-attempt.ts";
import type { GatewayAttempt } from "./attempts/run-attempt.ts";

export interface VoidResultView {
  [key: string]: unknown;
  id: string;
  status: "voided";
  voided: string[];
}

/** Books a void (R3): every payment row of the card charge and the invoices they paid are voided, grants reversed, the customer told. */
export async function bookVoid(tx: Transaction, attempt: GatewayAttempt, _outcome: GatewayOutcome): Promise<VoidResultView> {
  const { payment_ids: ids } = attempt.target as { payment_ids: string[] };
  const parts = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, attempt.merchantId), inArray(transactions.id, ids)))
    .orderBy(transactions.id)
    .for("no key update");
  for (const part of parts) {
    await tx.update(transactions).set({ status: "voided", source: attempt.source, actor: attempt.actor }).where(eq(transactions.id, part.id));
    if (part.invoiceId) await tx.update(documents).set({ status: "void" }).where(and(eq(documents.merchantId, attempt.merchantId), eq(documents.id, part.invoiceId)));
    await reverseGrantsForPayment(tx, attempt.merchantId, part.id, attempt.createdAt);
  }
  const payment = parts.find((p) => p.id === attempt.paymentId) ?? parts[0]!;
  const [order] = payment.orderId ? await tx.select({ number: orders.number }).from(orders).where(and(eq(orders.merchantId, attempt.merchantId), eq(orders.id, payment.orderId))) : [];
  await queueMessage(tx, {
    merchantId: attempt.merchantId,
    customerId: attempt.customerId,
    template: "void_confirmation",
    subjectId: payment.id,
    vars: { amount: { amount: attempt.amount, currency: attempt.currency }, order: order?.number ?? "" },
    at: attempt.createdAt,
  });
  return { id: payment.id, status: "voided", voided: parts.map((p) => p.id) };
}
