import { and, eq, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { orders, pricePoints, products, subscriptions } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { money, type Money } from "../money.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import type { SubscriptionStatus } from "./rules.ts";

/** A subscription as the merchant lists it: plan, quantity, period and what is scheduled. */
export interface MerchantSubscriptionView {
  id: string;
  customer_id: string;
  order_id: string;
  order_number: string;
  status: SubscriptionStatus;
  plan: { price_id: string; product_id: string | null; name: string; price: Money; interval: "day" | "week" | "month" | "year" | null; interval_count: number };
  quantity: number;
  current_period_start: string | null;
  current_period_end: string | null;
  trial_ends_at: string | null;
  cancel_at_period_end: boolean;
  cancelled_at: string | null;
  pause_at: string | null;
  resume_at: string | null;
  next_retry_at: string | null;
  created_at: string;
}

export interface ListSubscriptionsInput extends PageQuery {
  customerId?: string | undefined;
  status?: SubscriptionStatus | undefined;
  created?: TimeFilter | undefined;
}

/** The merchant's subscriptions, newest first. */
export async function listSubscriptions(ctx: CoreContext, merchantId: string, input: ListSubscriptionsInput): Promise<Page<MerchantSubscriptionView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId });
  const filters: SQL[] = [eq(subscriptions.merchantId, merchantId), ...timeRange(subscriptions.createdAt, input.created ?? {})];
  if (input.customerId) filters.push(eq(subscriptions.customerId, input.customerId));
  if (input.status) filters.push(eq(subscriptions.status, input.status));
  const columns = { at: subscriptions.createdAt, id: subscriptions.id };
  const rows = await ctx.db
    .select({ sub: subscriptions, price: pricePoints, productName: products.name, orderNumber: orders.number })
    .from(subscriptions)
    .innerJoin(pricePoints, eq(pricePoints.id, subscriptions.pricePointId))
    .innerJoin(orders, eq(orders.id, subscriptions.orderId))
    .leftJoin(products, eq(products.id, pricePoints.productId))
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.sub.id })),
    input.limit,
    ({ sub, price, productName, orderNumber }): MerchantSubscriptionView => ({
      id: sub.id,
      customer_id: sub.customerId,
      order_id: sub.orderId,
      order_number: orderNumber,
      status: sub.status,
      plan: {
        price_id: price.id,
        product_id: price.productId,
        name: productName ? `${productName} · ${price.name}` : price.name,
        price: money(price.amount, price.currency),
        interval: price.interval,
        interval_count: price.intervalCount,
      },
      quantity: sub.quantity,
      current_period_start: sub.currentPeriodStart?.toISOString() ?? null,
      current_period_end: sub.currentPeriodEnd?.toISOString() ?? null,
      trial_ends_at: sub.trialEndsAt?.toISOString() ?? null,
      cancel_at_period_end: sub.cancelAtPeriodEnd,
      cancelled_at: sub.cancelledAt?.toISOString() ?? null,
      pause_at: sub.pauseAt?.toISOString() ?? null,
      resume_at: sub.resumeAt?.toISOString() ?? null,
      next_retry_at: sub.nextRetryAt?.toISOString() ?? null,
      created_at: sub.createdAt.toISOString(),
    }),
    (r) => r.sub.createdAt,
  );
}
