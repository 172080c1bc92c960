import { and, asc, eq, gt, inArray, isNotNull, isNull, or, type SQL } from "drizzle-orm";
import { balanceOf } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { pricePoints, products } from "../db/schema/index.ts";
import { customerNow } from "../customers/customer-now.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { DomainError } from "../errors.ts";
import type { Money } from "../money.ts";
import type { Page } from "../pagination.ts";
import { allowedByList, type PortalSettings } from "../settings.ts";
import { assertQuantity, trialEnd } from "./create-subscription.ts";
import { billingDate } from "./periods.ts";

/** A plan a customer may start themselves (A6), as the plan picker shows it. */
export interface PlanView {
  id: string;
  product_id: string;
  product: string;
  description: string | null;
  name: string;
  /** Per interval, for one unit. */
  price: Money;
  interval: "day" | "week" | "month" | "year";
  interval_count: number;
  /** Days free before the first charge; 0 = none. */
  trial_days: number;
  min_quantity: number;
  max_quantity: number | null;
}

/**
 * A6: exactly what starting a plan costs — today and from then on. Taxes are
 * listed when the shop's subscription invoices carry any (they carry none today).
 */
export interface SubscriptionStartPreviewView {
  plan: PlanView;
  quantity: number;
  currency: string;
  /** Plan price × quantity, per period. */
  period_amount: number;
  taxes: { description: string; amount: number }[];
  /** The trial, if the plan has one: nothing is charged until it ends. */
  trial: { days: number; ends_at: string } | null;
  /** Account credit used before the card (R6), today. */
  balance_applied: number;
  /** Charged to the card today. */
  due_now: number;
  /** When the first (trial) or next charge is made, and how much it is before any account credit. */
  next_charge_at: string;
  next_charge_amount: number;
}

/** `start_subscription` must be among the customer's portal actions (P6). */
export function assertStartAllowed(settings: PortalSettings): void {
  if (!settings.newSubscriptions) throw new DomainError("forbidden", "new_subscriptions_disabled", "This shop does not take new subscriptions here.");
}

/** Recurring plan prices (not addons, not an order's own schedule, not incident packages) of products and prices on sale. */
function sellablePlans(merchantId: string): SQL {
  return and(
    eq(pricePoints.merchantId, merchantId),
    isNotNull(pricePoints.interval),
    eq(pricePoints.addon, false),
    isNull(pricePoints.archivedAt),
    isNull(products.archivedAt),
    isNull(products.incidents),
  )!;
}

type PlanRow = { price: typeof pricePoints.$inferSelect; product: typeof products.$inferSelect };

function toPlanView({ price, product }: PlanRow): PlanView {
  return {
    id: price.id,
    product_id: product.id,
    product: product.name,
    description: product.description,
    name: price.name,
    price: { amount: price.amount, currency: price.currency },
    interval: price.interval!,
    interval_count: price.intervalCount,
    trial_days: price.trialDays,
    min_quantity: price.minQuantity,
    max_quantity: price.maxQuantity,
  };
}

/** A plan this customer may start, or: another shop's or unknown id `price_not_found`, not offered `plan_not_offered`. */
export async function offeredPlan(db: Executor, merchantId: string, settings: PortalSettings, pricePointId: string): Promise<PlanView> {
  const [row] = await db
    .select({ price: pricePoints, product: products })
    .from(pricePoints)
    .innerJoin(products, and(eq(products.id, pricePoints.productId), eq(products.merchantId, merchantId)))
    .where(and(eq(pricePoints.merchantId, merchantId), eq(pricePoints.id, pricePointId)));
  if (!row) throw new DomainError("not_found", "price_not_found", `No price ${pricePointId}.`);
  const [sellable] = await db
    .select({ id: pricePoints.id })
    .from(pricePoints)
    .innerJoin(products, eq(products.id, pricePoints.productId))
    .where(and(sellablePlans(merchantId), eq(pricePoints.id, pricePointId)));
  if (!sellable || !allowedByList(settings.newSubscriptionPlans, row.price.id, row.product.id)) {
    throw new DomainError("not_allowed", "plan_not_offered", "This plan cannot be started here.");
  }
  return toPlanView(row);
}

/**
 * A6: the plans this customer may start, cursor-paginated by price id (each page
 * listed by product, then price). The shop chooses them with `newSubscriptionPlans`
 * (price or product ids; empty = every recurring plan on sale); refused while
 * `newSubscriptions` is off.
 */
export async function listPortalPlans(ctx: CoreContext, scope: PortalScope, query: { limit?: number | undefined; cursor?: string | undefined } = {}): Promise<Page<PlanView>> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  assertStartAllowed(settings);
  const limit = query.limit ?? 50;
  const list = settings.newSubscriptionPlans;
  const rows = await ctx.db
    .select({ price: pricePoints, product: products })
    .from(pricePoints)
    .innerJoin(products, eq(products.id, pricePoints.productId))
    .where(
      and(
        sellablePlans(scope.merchantId),
        list.length ? or(inArray(pricePoints.id, list), inArray(products.id, list)) : undefined,
        query.cursor ? gt(pricePoints.id, decodePlanCursor(query.cursor)) : undefined,
      ),
    )
    .orderBy(asc(pricePoints.id))
    .limit(limit + 1);
  const kept = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  const data = kept.map(toPlanView).sort((a, b) => a.product.localeCompare(b.product) || a.price.amount - b.price.amount || a.id.localeCompare(b.id));
  return { data, has_more: hasMore, next_cursor: hasMore ? Buffer.from(kept.at(-1)!.price.id).toString("base64url") : null };
}

function decodePlanCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^[a-z]+_[0-9A-Za-z]{1,64}$/.test(id)) throw new DomainError("invalid", "cursor_invalid", "The cursor is not one this API returned.");
  return id;
}

/** A6: what starting `pricePointId` would charge today and next, for the preview before the confirm. */
export async function previewSubscriptionStart(ctx: CoreContext, scope: PortalScope, input: { pricePointId: string; quantity?: number | undefined }): Promise<SubscriptionStartPreviewView> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  assertStartAllowed(settings);
  const plan = await offeredPlan(ctx.db, scope.merchantId, settings, input.pricePointId);
  const quantity = input.quantity ?? plan.min_quantity;
  assertQuantity(quantity, { minQuantity: plan.min_quantity, maxQuantity: plan.max_quantity });
  const now = await customerNow(ctx, ctx.db, scope.merchantId, scope.customerId);
  const currency = plan.price.currency;
  const periodAmount = plan.price.amount * quantity;
  const trial = plan.trial_days > 0 ? { days: plan.trial_days, ends_at: trialEnd(now, plan.trial_days).toISOString() } : null;
  const credit = trial ? 0 : await balanceOf(ctx.db, scope.merchantId, scope.customerId, currency);
  const balanceApplied = Math.min(credit, periodAmount);
  return {
    plan,
    quantity,
    currency,
    period_amount: periodAmount,
    taxes: [],
    trial,
    balance_applied: balanceApplied,
    due_now: trial ? 0 : periodAmount - balanceApplied,
    next_charge_at: trial ? trial.ends_at : billingDate(now, plan.interval, plan.interval_count, 1).toISOString(),
    next_charge_amount: periodAmount,
  };
}
