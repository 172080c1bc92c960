import { and, asc, count, eq, ne } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { documents, orderItems, orders, type DocumentLine } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { issueDocument } from "./issue-document.ts";
import { instalmentLines } from "./rules.ts";

export interface IssueInvoiceInput {
  orderId: string;
  dueAt?: Date;
  /** Recurring orders: the service period the invoice bills, printed on its lines. */
  period?: { start: Date; end: Date };
  /** Orders the billing engine runs (orders/schedule-order-billing.ts): the schedule row and cycle this invoice bills. */
  schedule?: { subscriptionId: string; cycle: number };
  at?: Date;
}

export interface IssuedDocument {
  id: string;
  number: string;
  total: number;
}

/**
 * Issues the next invoice for an order: the whole order (one-time), the next
 * instalment (instalment plans) or one period (recurring). Numbered in the same
 * transaction, so a failure leaves no gap.
 */
export async function issueInvoice(ctx: CoreContext, merchantId: string, input: IssueInvoiceInput): Promise<IssuedDocument> {
  return ctx.db.transaction((tx) => issueInvoiceIn(tx, merchantId, { ...input, at: input.at ?? ctx.clock.now() }));
}

/** issueInvoice inside the caller's transaction (an order and its first invoice commit together). */
export async function issueInvoiceIn(tx: Transaction, merchantId: string, input: IssueInvoiceInput & { at: Date }): Promise<IssuedDocument> {
  {
    const [order] = await tx
      .select()
      .from(orders)
      .where(and(eq(orders.merchantId, merchantId), eq(orders.id, input.orderId)))
      .for("no key update");
    if (!order) throw new DomainError("not_found", "order_not_found", `No order ${input.orderId}.`);
    const items = await tx
      .select()
      .from(orderItems)
      .where(and(eq(orderItems.merchantId, merchantId), eq(orderItems.orderId, order.id)))
      .orderBy(asc(orderItems.position));
    const orderLines: DocumentLine[] = items.map((i) => ({
      kind: i.kind,
      description: i.description,
      quantity: i.quantity,
      unitAmount: i.unitAmount,
      amount: i.amount,
    }));
    const [{ value: issued } = { value: 0 }] = await tx
      .select({ value: count() })
      .from(documents)
      .where(and(eq(documents.merchantId, merchantId), eq(documents.orderId, order.id), eq(documents.kind, "invoice"), ne(documents.status, "void")));

    let lines = orderLines;
    let instalment: number | null = null;
    if (order.type === "one_time" && issued > 0) {
      throw new DomainError("conflict", "invoice_exists", "This order has already been invoiced.");
    }
    if (order.type === "instalment") {
      // A scheduled instalment is the one its cycle says, whatever else was issued or voided meanwhile.
      instalment = input.schedule ? input.schedule.cycle + 1 : issued + 1;
      if (instalment > order.instalmentCount!) {
        throw new DomainError("conflict", "instalments_complete", "Every instalment of this order has been invoiced.");
      }
      lines = instalmentLines(orderLines, order.currency, instalment, order.instalmentCount!);
    }
    if (order.type === "recurring" && input.period) {
      const span = `${input.period.start.toISOString().slice(0, 10)} – ${input.period.end.toISOString().slice(0, 10)}`;
      lines = orderLines.map((l) => (l.kind === "item" ? { ...l, description: `${l.description} (${span})` } : l));
    }

    const { id, number, totalAmount } = await issueDocument(tx, {
      merchantId,
      customerId: order.customerId,
      orderId: order.id,
      kind: "invoice",
      status: "open",
      currency: order.currency,
      lines,
      instalment,
      periodStart: order.type === "recurring" ? (input.period?.start ?? null) : null,
      periodEnd: order.type === "recurring" ? (input.period?.end ?? null) : null,
      subscriptionId: input.schedule?.subscriptionId ?? null,
      billingCycle: input.schedule?.cycle ?? null,
      issuedAt: input.at,
      dueAt: input.dueAt ?? null,
    });
    return { id, number, total: totalAmount };
  }
}
