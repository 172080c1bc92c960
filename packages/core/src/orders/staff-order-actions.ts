import { and, eq, gt, inArray } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import { lockCustomer } from "../balance/ledger.ts";
import { setStatus } from "../billing/billing-engine.ts";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import type { Transaction } from "../db/open.ts";
import { documents, orders, paymentAuthorizations, subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { chargeInFlight } from "../payments/charge-invoice.ts";
import { cancelSubscriptionNow } from "../subscriptions/cancel-subscription.ts";
import { transition } from "../subscriptions/rules.ts";

type Order = typeof orders.$inferSelect;

/** What a staff order action answers: the order's stored state after it and what it ended. */
export interface StaffOrderResult {
  id: string;
  number: string;
  type: Order["type"];
  state: Order["state"];
  /** Open invoices voided by the action. */
  voided_invoices: string[];
  /** The subscription the action ended or suspended, if the order has one. */
  subscription_id: string | null;
}

/**
 * Runs a staff action on one of the merchant's orders. Lock order (DESIGN.md):
 * customer, order, subscription. Another merchant's order is not found.
 */
async function onStaffOrder(
  ctx: CoreContext,
  merchantId: string,
  orderId: string,
  run: (g: { tx: Transaction; order: Order; sub: typeof subscriptions.$inferSelect | undefined; now: Date }) => Promise<{ voided: string[] }>,
): Promise<StaffOrderResult> {
  const [owner] = await ctx.db.select({ customerId: orders.customerId }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
  if (!owner) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  const now = await customerNow(ctx, ctx.db, merchantId, owner.customerId);
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, owner.customerId);
    const [order] = await tx.select().from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId))).for("no key update");
    const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.orderId, orderId))).for("no key update");
    const { voided } = await run({ tx, order: order!, sub, now });
    const [after] = await tx.select().from(orders).where(eq(orders.id, orderId));
    return { id: after!.id, number: after!.number, type: after!.type, state: after!.state, voided_invoices: voided, subscription_id: sub?.id ?? null };
  });
}

/**
 * Voids the order's open invoices, so nothing more is asked of the customer.
 * Refused while one of them is being charged (the charge's answer decides) or
 * holds a card authorisation still capturable (capture or release it first).
 */
async function voidOpenInvoices(tx: Transaction, order: Order, now: Date): Promise<string[]> {
  const open = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.merchantId, order.merchantId), eq(documents.orderId, order.id), eq(documents.kind, "invoice"), eq(documents.status, "open")))
    .orderBy(documents.id)
    .for("no key update");
  const ids = open.map((d) => d.id);
  if (ids.length === 0) return [];
  if (await chargeInFlight(tx, order.merchantId, ids)) throw new DomainError("conflict", "payment_in_progress", "A payment of this order is being processed; wait for its answer.");
  const held = await tx
    .select({ id: paymentAuthorizations.id })
    .from(paymentAuthorizations)
    .where(and(eq(paymentAuthorizations.merchantId, order.merchantId), inArray(paymentAuthorizations.invoiceId, ids), eq(paymentAuthorizations.status, "authorized"), gt(paymentAuthorizations.expiresAt, now)))
    .limit(1);
  if (held.length) throw new DomainError("conflict", "authorization_open", "A card authorisation is held for this order; capture or release it first.", { authorization: held[0]!.id });
  await tx.update(documents).set({ status: "void" }).where(and(eq(documents.merchantId, order.merchantId), inArray(documents.id, ids)));
  return ids;
}

/**
 * Staff cancel an order (O8): its subscription (a recurring or instalment
 * schedule) ends now, its open invoices are voided, and it becomes view-only
 * for the customer. Money already paid stays paid — a refund is a separate
 * operation. A cancelled or complete order cannot be cancelled (409).
 */
export async function cancelOrder(ctx: CoreContext, merchantId: string, input: { orderId: string; reason?: string | undefined }): Promise<StaffOrderResult> {
  return onStaffOrder(ctx, merchantId, input.orderId, async ({ tx, order, sub, now }) => {
    if (order.state === "cancelled" || order.state === "complete") throw new DomainError("conflict", "order_not_cancellable", `This order is ${order.state}.`, { state: order.state });
    const reason = input.reason?.trim().slice(0, 500) || null;
    const voided = await voidOpenInvoices(tx, order, now);
    if (sub && transition(sub.status, "cancel")) await cancelSubscriptionNow(tx, sub, { at: now, reason, why: "shop" });
    await tx.update(orders).set({ state: "cancelled", nextBillingAt: null, nextBillingAmount: null }).where(eq(orders.id, order.id));
    await recordAction(tx, ctx, { merchantId, action: "order.cancelled", subjectId: order.id, customerId: order.customerId, details: { reason, voided_invoices: voided, subscription_id: sub?.id ?? null } });
    return { voided };
  });
}

function requireInstalmentInProgress(order: Order, allowed: Order["state"][]): void {
  if (order.type !== "instalment") throw new DomainError("not_allowed", "not_an_instalment_order", "Only an instalment order can be reviewed or completed.");
  if (!allowed.includes(order.state)) throw new DomainError("conflict", "order_not_in_progress", `This order is ${order.state}.`, { state: order.state });
}

/**
 * Staff put an instalment order in review (O1): no further instalment is
 * collected while it is reviewed (its schedule is held, open invoices stay
 * open), and the customer sees it as complete. Staff then complete or cancel it.
 */
export async function reviewOrder(ctx: CoreContext, merchantId: string, input: { orderId: string; note?: string | undefined }): Promise<StaffOrderResult> {
  return onStaffOrder(ctx, merchantId, input.orderId, async ({ tx, order, sub, now }) => {
    requireInstalmentInProgress(order, ["open", "active", "paused"]);
    if (sub && transition(sub.status, "pause")) await setStatus(tx, sub, "paused", { pausedAt: now, pauseAt: null, resumeAt: null, nextRetryAt: null });
    // After the subscription: its mirror on the order (paused) is replaced by the review state.
    await tx.update(orders).set({ state: "in_review", nextBillingAt: null, nextBillingAmount: null }).where(eq(orders.id, order.id));
    await recordAction(tx, ctx, { merchantId, action: "order.review_started", subjectId: order.id, customerId: order.customerId, details: { note: input.note?.slice(0, 500) ?? null } });
    return { voided: [] };
  });
}

/**
 * Staff mark an instalment order complete (O1): its schedule ends (no more
 * instalments are invoiced), instalment invoices still open are voided —
 * nothing more is due — and the order is complete for customer and shop alike.
 */
export async function completeOrder(ctx: CoreContext, merchantId: string, input: { orderId: string; note?: string | undefined }): Promise<StaffOrderResult> {
  return onStaffOrder(ctx, merchantId, input.orderId, async ({ tx, order, sub, now }) => {
    requireInstalmentInProgress(order, ["open", "active", "paused", "in_review"]);
    const voided = await voidOpenInvoices(tx, order, now);
    if (sub && sub.status !== "expired" && sub.status !== "cancelled") await setStatus(tx, sub, "expired", { cancelledAt: now, cancelReason: "completed_by_shop", cancelAtPeriodEnd: false, pauseAt: null, resumeAt: null, nextRetryAt: null });
    await tx.update(orders).set({ state: "complete", nextBillingAt: null, nextBillingAmount: null }).where(eq(orders.id, order.id));
    await recordAction(tx, ctx, { merchantId, action: "order.completed", subjectId: order.id, customerId: order.customerId, details: { note: input.note?.slice(0, 500) ?? null, voided_invoices: voided } });
    return { voided };
  });
}
