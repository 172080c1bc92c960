import { and, asc, eq, inArray, isNotNull, or } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { ANONYMISED_EMAIL_DOMAIN } from "../customers/delete-customer.ts";
import { orders, outboxMessages, transactions } from "../db/schema/index.ts";
import { money, type Money } from "../money.ts";
import { isSettled, refundableAmount, refundWouldVoid } from "../payments/rules.ts";

/** What staff may do with one payment of an order (M2, R3). */
export type StaffPaymentAction = "refund" | "partial_refund" | "void";
/** What staff may do with the order itself. */
export type StaffOrderAction = "cancel" | "refund";
/** The e-mails of an order staff may send again (R7). */
export const RESENDABLE_ORDER_EMAILS = ["welcome", "refund_confirmation", "void_confirmation"] as const;

/** One payment of an order as staff see it, with what a refund would do and what remains to refund. */
export interface StaffPaymentView {
  id: string;
  status: string;
  amount: Money;
  refunded: Money;
  /** What can still be refunded. */
  remaining: Money;
  settled: boolean;
  created_at: string;
  /** What "refund" does now: a void of the whole unsettled charge, or a refund; null when nothing is left to give back. */
  refund_as: "void" | "refund" | null;
  actions: StaffPaymentAction[];
}

/** An e-mail about the order (or the customer's welcome) staff may resend. */
export interface StaffOrderEmailView {
  id: string;
  template: (typeof RESENDABLE_ORDER_EMAILS)[number];
  to: string;
  status: string;
  created_at: string;
  /** The payment or refund it was about (null for the welcome). */
  subject_id: string | null;
  actions: "resend"[];
}

export interface StaffOrderExtras {
  actions: StaffOrderAction[];
  payments: StaffPaymentView[];
  emails: StaffOrderEmailView[];
}

/** The staff-only part of an order's view: its payments with their actions, the order's actions and its resendable e-mails. */
export async function staffOrderExtras(ctx: CoreContext, merchantId: string, order: typeof orders.$inferSelect): Promise<StaffOrderExtras> {
  const own = await ctx.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), eq(transactions.orderId, order.id)))
    .orderBy(asc(transactions.createdAt), asc(transactions.id));
  const payments = own.filter((t) => t.kind === "payment");
  const references = payments.map((p) => p.gatewayReference).filter((r): r is string => r !== null);
  const sharing = references.length
    ? await ctx.db
        .select({ reference: transactions.gatewayReference })
        .from(transactions)
        .where(and(eq(transactions.merchantId, merchantId), eq(transactions.kind, "payment"), isNotNull(transactions.gatewayReference), inArray(transactions.gatewayReference, references)))
    : [];
  const shared = (reference: string | null) => reference !== null && sharing.filter((s) => s.reference === reference).length > 1;
  // In-flight refunds count as given back: a second click must not refund twice.
  const now = await customerNow(ctx, ctx.db, merchantId, order.customerId);
  const views = payments.map((p): StaffPaymentView => {
    const remaining = p.status === "approved" ? refundableAmount(p) : 0;
    const settled = isSettled(p, now);
    const voids = remaining > 0 && refundWouldVoid(p, now, shared(p.gatewayReference));
    const actions: StaffPaymentAction[] = [];
    if (remaining > 0) actions.push("refund");
    if (remaining > 0 && !voids && (settled || p.gatewayReference === null)) actions.push("partial_refund");
    if (voids) actions.push("void");
    const m = (amount: number) => money(amount, p.currency);
    return {
      id: p.id,
      status: p.status,
      amount: m(p.amount),
      refunded: m(p.refundedAmount),
      remaining: m(remaining),
      settled,
      created_at: p.createdAt.toISOString(),
      refund_as: remaining > 0 ? (voids ? "void" : "refund") : null,
      actions,
    };
  });
  const subjects = own.map((t) => t.id);
  const emails = await ctx.db
    .select()
    .from(outboxMessages)
    .where(
      and(
        eq(outboxMessages.merchantId, merchantId),
        eq(outboxMessages.customerId, order.customerId),
        or(
          eq(outboxMessages.template, "welcome"),
          subjects.length ? and(inArray(outboxMessages.template, ["refund_confirmation", "void_confirmation"]), inArray(outboxMessages.subjectId, subjects)) : undefined,
        ),
      ),
    )
    .orderBy(asc(outboxMessages.createdAt), asc(outboxMessages.id));
  const actions: StaffOrderAction[] = [];
  if (order.state !== "cancelled" && order.state !== "complete") actions.push("cancel");
  if (views.some((p) => p.actions.includes("refund"))) actions.push("refund");
  return {
    actions,
    payments: views,
    emails: emails.map((e) => ({
      id: e.id,
      template: e.template as StaffOrderEmailView["template"],
      to: e.to,
      status: e.status,
      created_at: e.createdAt.toISOString(),
      subject_id: e.template === "welcome" ? null : e.subjectId,
      actions: e.to.endsWith(`@${ANONYMISED_EMAIL_DOMAIN}`) ? [] : ["resend"],
    })),
  };
}
