import { lockCustomer } from "../balance/ledger.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { subscriptions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import type { PortalSettings } from "../settings.ts";
import { finishCharge, type BillingLinks } from "../billing/billing-engine.ts";
import { customerNow } from "./create-subscription.ts";
import { billingOf, planOf, type Subscription } from "./period-invoice.ts";
import { scheduleRefusal, type SubscriptionAction } from "./rules.ts";
import { actionsFor } from "./subscription-view.ts";
import { recordAction } from "../audit/record-action.ts";

/** What a customer's subscription action records (M6): a name, or a name and details from its outcome. */
export type SubscriptionRecord<T> = string | ((result: T, g: Guarded) => { action: string; details?: Record<string, unknown> | undefined } | null);

/** What a customer's action runs with: the locked subscription, the shop's settings and the customer's time. */
export type Guarded = { tx: Transaction; sub: Subscription; settings: PortalSettings; now: Date };

/** An action's answer plus the charge it started, which is finished once its transaction has committed. */
export type Charged<T> = { result: T; attemptId: string | null };

/**
 * Runs a customer's action on their subscription: the subscription locked, the
 * merchant's settings and the customer's clock at hand, and the action refused
 * (403 with a code) unless the settings allow it right now (P6).
 */
export async function onSubscription<T>(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; action: SubscriptionAction | null; record?: SubscriptionRecord<T> | undefined },
  run: (g: Guarded) => Promise<T>,
): Promise<T> {
  const settings = await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId);
  const now = await customerNow(ctx.db, ctx, scope.merchantId, scope.customerId);
  return ctx.db.transaction(async (tx) => {
    const sub = await lockCustomerSubscription(tx, scope, input.subscriptionId);
    // An order's schedule refuses some actions whatever the settings say, with a code that says why.
    const refusal = input.action ? scheduleRefusal(billingOf((await planOf(tx, sub.merchantId, sub.pricePointId)).price), input.action) : null;
    if (refusal) throw new DomainError("not_allowed", refusal.code, refusal.message, { status: sub.status });
    if (input.action && !(await actionsFor(tx, sub, settings)).includes(input.action)) {
      throw new DomainError("forbidden", `${input.action}_not_allowed`, notAllowedMessage(input.action), { status: sub.status });
    }
    const guarded = { tx, sub, settings, now };
    const result = await run(guarded);
    // Every change records itself once, in its own transaction (M6); a preview records nothing.
    const entry = typeof input.record === "function" ? input.record(result, guarded) : input.record ? { action: input.record } : null;
    if (entry) await recordAction(tx, ctx, { merchantId: sub.merchantId, customerId: sub.customerId, subjectId: sub.id, action: entry.action, details: entry.details });
    return result;
  });
}

/** As `onSubscription`, for actions that may start a charge: the gateway is asked only after the commit. */
export async function onSubscriptionCharging<T>(
  ctx: CoreContext,
  scope: PortalScope,
  input: { subscriptionId: string; action: SubscriptionAction; links: BillingLinks; record?: SubscriptionRecord<Charged<T>> | undefined },
  run: (g: Guarded) => Promise<Charged<T>>,
): Promise<T> {
  const out = await onSubscription(ctx, scope, input, run);
  if (out.attemptId) await finishCharge(ctx, out.attemptId, input.links);
  return out.result;
}

/** One of the customer's subscriptions, locked for the rest of the transaction; another customer's is "not found". */
export async function lockCustomerSubscription(tx: Transaction, scope: PortalScope, subscriptionId: string): Promise<Subscription> {
  // Lock order (DESIGN.md): the customer, then the subscription — an action may spend the balance or start a charge.
  await lockCustomer(tx, scope.merchantId, scope.customerId);
  const [sub] = await tx
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.merchantId, scope.merchantId), eq(subscriptions.customerId, scope.customerId), eq(subscriptions.id, subscriptionId)))
    .for("no key update");
  if (!sub) throw new DomainError("not_found", "subscription_not_found", `No subscription ${subscriptionId}.`);
  return sub;
}

function notAllowedMessage(action: SubscriptionAction): string {
  return `You cannot ${action.replaceAll("_", " ")} for this subscription here.`;
}
