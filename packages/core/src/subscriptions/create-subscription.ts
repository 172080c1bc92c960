import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor, Transaction } from "../db/open.ts";
import { coupons, customers, orders, pricePoints, subscriptionAddons, subscriptionCoupons, subscriptions, testClocks } from "../db/schema/index.ts";
import { customerNow as customerClockNow } from "../customers/customer-now.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { placeOrder } from "../orders/create-order.ts";
import { billPeriod, finishCharge, syncOrder, type BillingLinks, type FirstCharge } from "../billing/billing-engine.ts";
import { attachAddon } from "./attach-addon.ts";
import { attachCoupon } from "./attach-coupon.ts";
import { orderOf, planOf } from "./period-invoice.ts";
import { assertOnSale } from "../catalog/on-sale.ts";
import { lockPaymentMethod } from "../payment-methods/find-payment-method.ts";
import { billingDate } from "./periods.ts";

export interface CreateSubscriptionInput {
  customerId: string;
  pricePointId: string;
  quantity?: number | undefined;
  addons?: { pricePointId: string; quantity?: number | undefined }[] | undefined;
  couponCode?: string | undefined;
  /** Assign this card to the subscription (else the customer's default is charged). */
  paymentMethodId?: string | undefined;
  /** Staff may start without the plan's trial. */
  skipTrial?: boolean | undefined;
}

/** Who starts it: a customer in the portal may use only the coupons open to customers. */
type StartedBy = { startedBy: "shop" | "customer" };

/** The time a customer lives in, in the argument order the subscription verbs use; see customers/customer-now.ts. */
export async function customerNow(db: Executor, ctx: CoreContext, merchantId: string, customerId: string): Promise<Date> {
  return customerClockNow(ctx, db, merchantId, customerId);
}

/**
 * Starts a subscription (A6): an order for the plan, the subscription on it,
 * then a trial or the first period invoiced and charged — all in one
 * transaction, the card charge just after it commits.
 */
export async function createSubscription(ctx: CoreContext, merchantId: string, input: CreateSubscriptionInput, links: BillingLinks = {}, by: StartedBy = { startedBy: "shop" }): Promise<{ id: string; order_id: string }> {
  const now = await customerNow(ctx.db, ctx, merchantId, input.customerId);
  const created = await ctx.db.transaction((tx) => openSubscription(tx, ctx, merchantId, input, now, links, by));
  if (created.attemptId) await finishCharge(ctx, created.attemptId, links);
  return { id: created.id, order_id: created.orderId };
}

/**
 * The inside of a start, in the caller's transaction: the order, the
 * subscription, its addons and coupon, then the trial or the first period
 * billed. Returns the charge attempt to finish once the transaction commits.
 */
export async function openSubscription(
  tx: Transaction,
  ctx: CoreContext,
  merchantId: string,
  input: CreateSubscriptionInput,
  now: Date,
  links: BillingLinks,
  by: StartedBy,
  firstCharge?: FirstCharge,
): Promise<{ id: string; orderId: string; status: string; attemptId: string | null }> {
  const plan = await planOf(tx, merchantId, input.pricePointId);
  const price = plan.price;
  // An order's own schedule price (price.orderId) bills that order only; it is never a plan to subscribe to.
  if (!price.interval || price.addon || price.orderId) throw new DomainError("invalid", "not_a_plan", "Choose a recurring plan price, not a one-time price or an addon.");
  await assertOnSale(tx, merchantId, { pricePointIds: [price.id] });
  const quantity = input.quantity ?? price.minQuantity;
  assertQuantity(quantity, price);
  const order = await placeOrder(
    tx,
    merchantId,
    {
      customerId: input.customerId,
      type: "recurring",
      state: "active",
      currency: price.currency,
      items: [{ description: `${plan.productName} — ${price.name}`, quantity, unitAmount: price.amount, ...(price.productId ? { productId: price.productId } : {}), pricePointId: price.id }],
    },
    now,
  );
  if (input.paymentMethodId) {
    // Only one of this customer's own live cards can be assigned.
    const card = await lockPaymentMethod(tx, { merchantId, customerId: input.customerId }, input.paymentMethodId);
    await tx.update(orders).set({ paymentMethodId: card.id }).where(orderOf({ merchantId, orderId: order.id }));
  }
  const trial = price.trialDays > 0 && !input.skipTrial;
  const end = billingDate(now, price.interval, price.intervalCount, 1);
  const [sub] = await tx
    .insert(subscriptions)
    .values({
      id: newId("sub"),
      merchantId,
      customerId: input.customerId,
      orderId: order.id,
      pricePointId: price.id,
      quantity,
      currency: price.currency,
      status: trial ? "trialing" : "active",
      anchorAt: now,
      cycle: trial ? -1 : 0,
      currentPeriodStart: trial ? null : now,
      currentPeriodEnd: trial ? null : end,
      trialEndsAt: trial ? trialEnd(now, price.trialDays) : null,
      createdAt: now,
    })
    .returning();
  for (const addon of input.addons ?? []) await attachAddon(tx, sub!, { pricePointId: addon.pricePointId, quantity: addon.quantity ?? 1, at: now });
  if (input.couponCode) await attachCoupon(tx, sub!, { code: input.couponCode, at: now, appliedBy: by.startedBy });
  // A trial only shows on the order; a first period is billed, which syncs the order itself.
  if (trial) await syncOrder(tx, sub!);
  const step = trial ? null : await billPeriod(tx, sub!, { cycle: 0, start: now, end, at: now, ...(firstCharge ? { firstCharge } : {}) }, links);
  await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "subscription.created", subjectId: sub!.id, details: { order: order.id, price: input.pricePointId, quantity: sub!.quantity, trial, started_by: by.startedBy } });
  return { id: sub!.id, orderId: order.id, status: sub!.status, attemptId: step?.kind === "charge" ? step.attemptId : null };
}

/** When a trial of `days` days that starts at `start` ends. */
export function trialEnd(start: Date, days: number): Date {
  return new Date(start.getTime() + days * 86_400_000);
}

/** Within the price's quantity bounds (S5). */
export function assertQuantity(quantity: number, price: { minQuantity: number; maxQuantity: number | null }): void {
  if (!Number.isInteger(quantity) || quantity < price.minQuantity || (price.maxQuantity !== null && quantity > price.maxQuantity)) {
    throw new DomainError("invalid", "invalid_quantity", `Choose a quantity from ${price.minQuantity}${price.maxQuantity !== null ? ` to ${price.maxQuantity}` : " up"}.`, {
      min_quantity: price.minQuantity,
      max_quantity: price.maxQuantity,
    });
  }
}
