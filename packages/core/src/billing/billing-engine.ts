import { recordAction } from "../audit/record-action.ts";
import { and, eq, isNull, sql } from "drizzle-orm";
import { addBalanceEntry, balanceOf, lockCustomer } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { customers, documents, gatewayAttempts, orders, paymentMethods, skippedPayments, subscriptions, testClocks } from "../db/schema/index.ts";
import { instalmentsDone, syncOrder } from "../subscriptions/sync-order.ts";
import { newId } from "../ids.ts";
import { DomainError } from "../errors.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import type { CardLinkSigner } from "../payment-methods/send-card-reminders.ts";
import { callGateway } from "../payments/attempts/finish-attempt.ts";
import { insertAttempt } from "../payments/attempts/run-attempt.ts";
import { bookPayment, outstandingOn } from "../payments/record-payment.ts";
import { billingDate } from "../subscriptions/periods.ts";
import { collectionOf, isOrderSchedule, issueOrderPeriodInvoice, issuePeriodInvoice, orderOf, planOf, type Invoice, type Subscription } from "../subscriptions/period-invoice.ts";
import { nextRetryAt, transition, type SubscriptionStatus } from "../subscriptions/rules.ts";

/** Signed links the engine puts in emails; the BFF owns the keys (update card, open the billing area). */
export interface BillingLinks {
  updateCard?: CardLinkSigner;
  billing?: CardLinkSigner;
}

/** Most events one subscription may go through in one run (a test clock jumping years ahead). */
const MAX_STEPS = 2_000;

type Step = { kind: "idle" } | { kind: "busy" } | { kind: "stepped" } | { kind: "charge"; attemptId: string };

/**
 * One thing a billing run did to a subscription (A10: what a test clock's
 * advance shows): a step such as `subscription.renewed`, or a charge's outcome
 * (`invoice.paid`, `invoice.payment_declined`) with its amount.
 */
export interface BillingOutcome {
  subscription_id: string;
  customer_id: string;
  action: string;
  /** When it happened on the subscription's clock (the charge outcomes: when the attempt was made). */
  at: string;
  invoice_id?: string;
  amount?: number;
  currency?: string;
}

/**
 * The billing run (S9): every live subscription with something due by its
 * clock — the wall clock, or its customer's test clock (A10) — is brought up
 * to date, one event at a time in time order. Safe to run in any number of
 * workers at once: each subscription is claimed with SKIP LOCKED and every
 * step re-checks under the lock, so nothing is invoiced or charged twice.
 */
export async function runBilling(ctx: CoreContext, options: { merchantId?: string; testClockId?: string; links?: BillingLinks } = {}): Promise<{ subscriptions: number; outcomes: BillingOutcome[] }> {
  let now = ctx.clock.now();
  if (options.testClockId) {
    const [clock] = await ctx.db.select({ frozenAt: testClocks.frozenAt }).from(testClocks).where(eq(testClocks.id, options.testClockId));
    if (!clock) return { subscriptions: 0, outcomes: [] };
    now = clock.frozenAt;
  }
  const due = await ctx.db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .where(
      and(
        // A merchant's run (POST /v1/billing_runs) bills only its own subscriptions; the scheduled job passes none and bills all.
        options.merchantId ? eq(subscriptions.merchantId, options.merchantId) : undefined,
        options.testClockId ? eq(customers.testClockId, options.testClockId) : isNull(customers.testClockId),
        sql`(${dueCondition(now)} or exists (select 1 from ${gatewayAttempts} where ${gatewayAttempts.subscriptionId} = ${subscriptions.id} and ${gatewayAttempts.status} = 'started'))`,
      ),
    );
  const outcomes: BillingOutcome[] = [];
  for (const { id } of due) outcomes.push(...(await advanceSubscription(ctx, id, now, options.links)));
  return { subscriptions: due.length, outcomes };
}

function dueCondition(now: Date) {
  const at = now.toISOString();
  return sql`(
    (${subscriptions.status} = 'trialing' and ${subscriptions.trialEndsAt} <= ${at})
    or (${subscriptions.status} in ('active', 'past_due') and (${subscriptions.currentPeriodEnd} <= ${at} or ${subscriptions.pauseAt} <= ${at}))
    or (${subscriptions.status} = 'past_due' and ${subscriptions.nextRetryAt} <= ${at})
    or (${subscriptions.status} = 'paused' and ${subscriptions.resumeAt} <= ${at})
  )`;
}

/** Brings one subscription up to `now`, saying what it did; charges happen between steps, outside any transaction. */
export async function advanceSubscription(ctx: CoreContext, subscriptionId: string, now: Date, links: BillingLinks = {}): Promise<BillingOutcome[]> {
  const outcomes: BillingOutcome[] = [];
  for (let i = 0; i < MAX_STEPS; i++) {
    const step = await ctx.db.transaction((tx) => stepOnce(tx, subscriptionId, now, links, (outcome) => outcomes.push(outcome)));
    if (step.kind === "idle" || step.kind === "busy") return outcomes;
    if (step.kind === "charge") {
      const charged = await finishCharge(ctx, step.attemptId, links);
      if (charged) outcomes.push(charged);
    }
  }
  return outcomes;
}

/** The next thing due for a subscription at `now`, earliest first. */
export function nextEvent(sub: Subscription, now: Date): { kind: "trial_end" | "pause" | "resume" | "renew" | "retry"; at: Date } | null {
  const candidates: { kind: "trial_end" | "pause" | "resume" | "renew" | "retry"; at: Date | null }[] = [];
  if (sub.status === "trialing") candidates.push({ kind: "trial_end", at: sub.trialEndsAt });
  if (sub.status === "active" || sub.status === "past_due") {
    candidates.push({ kind: "pause", at: sub.pauseAt }, { kind: "renew", at: sub.currentPeriodEnd });
  }
  if (sub.status === "past_due") candidates.push({ kind: "retry", at: sub.nextRetryAt });
  if (sub.status === "paused") candidates.push({ kind: "resume", at: sub.resumeAt });
  const due = candidates.filter((c): c is { kind: typeof c.kind; at: Date } => c.at !== null && c.at <= now);
  // On a tie a pause or a retry goes before the renewal it affects.
  const order = { trial_end: 0, retry: 1, pause: 2, resume: 3, renew: 4 };
  due.sort((a, b) => a.at.getTime() - b.at.getTime() || order[a.kind] - order[b.kind]);
  return due[0] ?? null;
}

async function stepOnce(tx: Transaction, subscriptionId: string, now: Date, links: BillingLinks, happened: (outcome: BillingOutcome) => void): Promise<Step> {
  const step = await stepEvent(tx, subscriptionId, now, links);
  if (step.event) {
    // Each step of the billing run is one transaction and one recorded action (M6), at the customer's time.
    await recordAction(tx, { clock: { now: () => now } }, { merchantId: step.event.merchantId, customerId: step.event.customerId, action: step.event.action, subjectId: subscriptionId, details: { at: step.event.at.toISOString() } });
    happened({ subscription_id: subscriptionId, customer_id: step.event.customerId, action: step.event.action, at: step.event.at.toISOString() });
  }
  return step.step;
}

type Recorded = { step: Step; event?: { merchantId: string; customerId: string; action: string; at: Date } };

async function stepEvent(tx: Transaction, subscriptionId: string, now: Date, links: BillingLinks): Promise<Recorded> {
  const [owner] = await tx.select({ merchantId: subscriptions.merchantId, customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!owner) return { step: { kind: "idle" } };
  const step = await stepInner(tx, subscriptionId, now, links);
  if (step.event === null) return { step: step.step };
  return { step: step.step, event: { ...owner, ...step.event } };
}

async function stepInner(tx: Transaction, subscriptionId: string, now: Date, links: BillingLinks): Promise<{ step: Step; event: { action: string; at: Date } | null }> {
  let event: { action: string; at: Date } | null = null;
  const step = await stepRaw(tx, subscriptionId, now, links, (action, at) => {
    event = { action, at };
  });
  return { step, event };
}

async function stepRaw(tx: Transaction, subscriptionId: string, now: Date, links: BillingLinks, happened: (action: string, at: Date) => void): Promise<Step> {
  // Lock order (DESIGN.md): the customer before the subscription, as every money movement does; a step may spend the balance.
  const [owner] = await tx.select({ merchantId: subscriptions.merchantId, customerId: subscriptions.customerId }).from(subscriptions).where(eq(subscriptions.id, subscriptionId));
  if (!owner) return { kind: "idle" };
  await lockCustomer(tx, owner.merchantId, owner.customerId);
  const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId)).for("no key update", { skipLocked: true });
  if (!sub) return { kind: "busy" };
  const [started] = await tx
    .select({ id: gatewayAttempts.id })
    .from(gatewayAttempts)
    .where(and(eq(gatewayAttempts.subscriptionId, sub.id), eq(gatewayAttempts.status, "started")));
  if (started) return { kind: "charge", attemptId: started.id };
  const event = nextEvent(sub, now);
  if (!event) return { kind: "idle" };
  happened(
    { trial_end: sub.cancelAtPeriodEnd ? "subscription.expired" : "subscription.trial_ended", resume: "subscription.resumed", pause: "subscription.paused", retry: "subscription.payment_retried", renew: sub.cancelAtPeriodEnd ? "subscription.cancelled" : "subscription.renewed" }[event.kind],
    event.at,
  );
  switch (event.kind) {
    case "trial_end":
      if (sub.cancelAtPeriodEnd) {
        // The customer chose not to go on after the trial: it simply runs out.
        await setStatus(tx, sub, "expired", { cancelAtPeriodEnd: false, cancelledAt: event.at });
        return { kind: "stepped" };
      }
      return startPeriods(tx, sub, event.at, "trial_end", links);
    case "resume":
      await tx.update(subscriptions).set({ resumeAt: null, pausedAt: null }).where(eq(subscriptions.id, sub.id));
      return restartPeriods(tx, { ...sub, resumeAt: null, pausedAt: null }, event.at, "resume", links);
    case "pause":
      await setStatus(tx, sub, "paused", { pauseAt: null, pausedAt: event.at, nextRetryAt: null, dunningAttempts: 0 });
      return { kind: "stepped" };
    case "retry":
      return retryCollection(tx, sub, event.at, links);
    case "renew":
      return renew(tx, sub, event.at, links);
  }
}

/**
 * A paused subscription resumed, or an ended one reactivated (S2, S3), so that
 * time already paid is never paid twice ("continue the paid period"): while
 * the period it was last invoiced for has not ended, it simply continues that
 * period — no new invoice until the period's end, and whatever of it is still
 * unpaid is collected again; once that period is over, a new one starts at
 * `at` and is billed.
 */
export async function restartPeriods(tx: Transaction, sub: Subscription, at: Date, event: "resume" | "reactivate", links: BillingLinks): Promise<Step> {
  if (!sub.currentPeriodStart || !sub.currentPeriodEnd || at >= sub.currentPeriodEnd) return startPeriods(tx, sub, at, event, links);
  const status = transition(sub.status, event) ?? "active";
  const fields = { cancelledAt: null, cancelReason: null, cancelAtPeriodEnd: false, dunningAttempts: 0, nextRetryAt: null };
  await setStatus(tx, sub, status, fields);
  const continued: Subscription = { ...sub, status, ...fields };
  const [open] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.merchantId, sub.merchantId), eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice"), eq(documents.status, "open")))
    .orderBy(sql`${documents.issuedAt} desc`)
    .limit(1);
  if (!open) return { kind: "stepped" };
  // A fresh attempt number, so the gateway does not replay an earlier decline on this invoice.
  const [{ tries }] = (await tx
    .select({ tries: sql<number>`count(*)::int` })
    .from(gatewayAttempts)
    .where(and(eq(gatewayAttempts.merchantId, sub.merchantId), eq(gatewayAttempts.subscriptionId, sub.id), sql`${gatewayAttempts.target}->'invoice_ids' @> ${JSON.stringify([open.id])}::jsonb`))) as [{ tries: number }];
  return collect(tx, continued, open, at, tries + 1, links);
}

/** Starts billing periods anew from `at` (trial over, or resumed/reactivated after the paid period): a new anchor and the first invoice. */
export async function startPeriods(tx: Transaction, sub: Subscription, at: Date, event: "trial_end" | "resume" | "reactivate", links: BillingLinks): Promise<Step> {
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  if (instalmentsDone(plan.price, sub.cycle + 1)) {
    // Every instalment is already invoiced: resuming has nothing new to bill.
    await setStatus(tx, sub, transition(sub.status, event) ?? "active", { currentPeriodEnd: null, dunningAttempts: 0, nextRetryAt: null });
    await completeIfPaidOff(tx, { ...sub, status: transition(sub.status, event) ?? "active", currentPeriodEnd: null });
    return { kind: "stepped" };
  }
  const end = billingDate(at, plan.price.interval!, plan.price.intervalCount, 1);
  const next = transition(sub.status, event);
  const cycle = sub.cycle + 1;
  const updated = { ...sub, status: next ?? "active", anchorAt: at, anchorCycle: cycle, cycle, currentPeriodStart: at, currentPeriodEnd: end };
  await tx
    .update(subscriptions)
    .set({ status: updated.status, anchorAt: at, anchorCycle: cycle, cycle, currentPeriodStart: at, currentPeriodEnd: end, cancelledAt: null, cancelReason: null, dunningAttempts: 0, nextRetryAt: null })
    .where(eq(subscriptions.id, sub.id));
  return billPeriod(tx, updated, { cycle, start: at, end, at }, links);
}

/**
 * The period ends and the next one starts (S9): a cancellation at the term's
 * end takes effect, a scheduled change applies, and the new period is billed
 * — with `prorations` on its invoice when staff end the period early (S8).
 */
export async function renew(tx: Transaction, sub: Subscription, at: Date, links: BillingLinks, options: { prorations?: { description: string; amount: number }[] } = {}): Promise<Step> {
  if (sub.cancelAtPeriodEnd) {
    await setStatus(tx, sub, "cancelled", { cancelledAt: at, cancelAtPeriodEnd: false, nextRetryAt: null });
    await queueMessage(tx, { merchantId: sub.merchantId, customerId: sub.customerId, template: "subscription_cancelled", subjectId: sub.id, vars: { plan: (await planOf(tx, sub.merchantId, sub.pricePointId)).productName, reason: "end_of_term" }, at });
    return { kind: "stepped" };
  }
  if (instalmentsDone((await planOf(tx, sub.merchantId, sub.pricePointId)).price, sub.cycle + 1)) {
    // The last instalment's period is over but it is still unpaid (dunning goes on): nothing more to invoice.
    await tx.update(subscriptions).set({ currentPeriodEnd: null }).where(eq(subscriptions.id, sub.id));
    await completeIfPaidOff(tx, { ...sub, currentPeriodEnd: null });
    return { kind: "stepped" };
  }
  // A change scheduled for the end of the term (S5) takes effect with the new period.
  const pricePointId = sub.pendingPricePointId ?? sub.pricePointId;
  const quantity = sub.pendingQuantity ?? sub.quantity;
  const plan = await planOf(tx, sub.merchantId, pricePointId);
  const previous = pricePointId === sub.pricePointId ? plan : await planOf(tx, sub.merchantId, sub.pricePointId);
  const cycle = sub.cycle + 1;
  const start = sub.currentPeriodEnd!;
  // A new billing interval (monthly to yearly, say) counts its periods from this renewal.
  const reanchor = previous.price.interval !== plan.price.interval || previous.price.intervalCount !== plan.price.intervalCount;
  const anchorAt = reanchor ? start : sub.anchorAt;
  const anchorCycle = reanchor ? cycle : sub.anchorCycle;
  const end = billingDate(anchorAt, plan.price.interval!, plan.price.intervalCount, cycle + 1 - anchorCycle);
  const updated: Subscription = { ...sub, pricePointId, quantity, pendingPricePointId: null, pendingQuantity: null, cycle, anchorAt, anchorCycle, currentPeriodStart: start, currentPeriodEnd: end };
  await tx
    .update(subscriptions)
    .set({ pricePointId, quantity, pendingPricePointId: null, pendingQuantity: null, cycle, anchorAt, anchorCycle, currentPeriodStart: start, currentPeriodEnd: end, skipNextPayment: false })
    .where(eq(subscriptions.id, sub.id));
  if (sub.skipNextPayment) {
    await syncOrder(tx, updated);
    // S8: staff let this payment go; the period runs unbilled and the history shows the skip.
    await tx.insert(skippedPayments).values({ id: newId("skip"), merchantId: sub.merchantId, orderId: sub.orderId, dueAt: at, amount: plan.price.amount * quantity, currency: sub.currency, reason: "Skipped by the shop", createdAt: at });
    return { kind: "stepped" };
  }
  return billPeriod(tx, updated, { cycle, start, end, at, ...(options.prorations ? { prorations: options.prorations } : {}) }, links);
}

/** Invoices one period and starts collecting it. */
export async function billPeriod(
  tx: Transaction,
  sub: Subscription,
  period: { cycle: number | null; start: Date; end: Date; at: Date; prorations?: { description: string; amount: number }[]; planOnlyProrations?: boolean; firstCharge?: FirstCharge },
  links: BillingLinks,
): Promise<Step> {
  if (isOrderSchedule((await planOf(tx, sub.merchantId, sub.pricePointId)).price)) {
    // An order placed through the merchant API bills its own lines each period, not a catalog plan.
    const invoice = await issueOrderPeriodInvoice(tx, sub, period);
    await syncOrder(tx, sub);
    return collect(tx, sub, invoice, period.at, sub.dunningAttempts + 1, links);
  }
  const { invoice, carryForwardCredit } = await issuePeriodInvoice(tx, sub, period);
  // After the invoice, so the next payment counts the coupon cycle this one used.
  await syncOrder(tx, sub);
  if (carryForwardCredit > 0) {
    await addBalanceEntry(tx, { merchantId: sub.merchantId, customerId: sub.customerId, kind: "proration_credit", amount: { amount: carryForwardCredit, currency: sub.currency }, reference: invoice.id, note: `Credit from invoice ${invoice.number}`, at: period.at });
  }
  return collect(tx, sub, invoice, period.at, sub.dunningAttempts + 1, links, period.firstCharge);
}

/**
 * A customer starting a subscription in the portal (A6): the first period's
 * charge goes under the customer's own idempotency key, needs a card, and a
 * decline ends the subscription instead of starting dunning — a customer who
 * was never charged has nothing running.
 */
export interface FirstCharge {
  idempotencyKey: string;
}

/**
 * Collects an open invoice: account credit first, then — with autocharge on — a
 * charge attempt on the subscription's card or the default one, finished after
 * this transaction commits. With autocharge off the invoice stays open and the
 * customer is emailed a link to pay it (S7).
 */
async function collect(tx: Transaction, sub: Subscription, invoice: Invoice, at: Date, attemptNo: number, links: BillingLinks, firstCharge?: FirstCharge): Promise<Step> {
  if (invoice.status !== "open") return { kind: "stepped" };
  const order = await collectionOf(tx, sub);
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  if (!order?.autocharge) {
    await queueMessage(tx, {
      merchantId: sub.merchantId,
      customerId: sub.customerId,
      template: "renewal_invoice",
      subjectId: invoice.id,
      vars: { plan: plan.productName, invoice: invoice.number, amount: { amount: invoice.totalAmount, currency: invoice.currency }, link: (await links.billing?.({ merchantId: sub.merchantId, customerId: sub.customerId, invoiceId: invoice.id })) ?? "" },
      at,
    });
    return { kind: "stepped" };
  }
  const credit = await balanceOf(tx, sub.merchantId, sub.customerId, sub.currency);
  let outstanding = await outstandingOn(tx, invoice);
  const use = Math.min(credit, outstanding);
  if (use > 0) {
    const booked = await bookPayment(tx, invoice, { amount: use, funding: "balance", status: "approved", declineCode: null, at, settledAt: at, settlesAt: null, gatewayReference: null, paymentMethodId: null, source: "system", actor: "billing" });
    await addBalanceEntry(tx, { merchantId: sub.merchantId, customerId: sub.customerId, kind: "invoice_payment", amount: { amount: -use, currency: sub.currency }, reference: booked.id, at });
    outstanding -= use;
  }
  if (outstanding <= 0) return settled(tx, sub);
  const method = await chargeableCard(tx, sub, order.paymentMethodId, at);
  // Thrown inside the start's transaction: no subscription, order or invoice is left behind.
  if (!method && firstCharge) throw new DomainError("invalid", "payment_method_required", "Add a card to start this subscription.");
  if (!method) {
    await bookPayment(tx, invoice, { amount: outstanding, funding: "card", status: "declined", declineCode: "no_payment_method", at, settledAt: null, settlesAt: null, gatewayReference: null, paymentMethodId: null, source: "system", actor: "billing" });
    return declined(tx, sub, invoice, at, links);
  }
  const attempt = await insertAttempt(
    tx,
    { merchantId: sub.merchantId, customerId: sub.customerId },
    // Renewal attempts belong to the billing run, which finishes one a crash left started (its subscription has a started attempt).
    { purpose: "renewal", idempotencyKey: firstCharge ? startKey(firstCharge.idempotencyKey) : `bill_${invoice.id}_${attemptNo}` },
    {
      kind: "authorize",
      amount: outstanding,
      currency: invoice.currency,
      paymentMethodId: method.id,
      subscriptionId: sub.id,
      target: { invoice_ids: [invoice.id], ...(firstCharge ? { first_charge: true } : {}) },
      ...(firstCharge ? { source: "portal" as const, actor: `customer:${sub.customerId}` } : { source: "system" as const, actor: "billing" }),
      at,
    },
  );
  return { kind: "charge", attemptId: attempt.id };
}

/** The card a charge would go to: the subscription's own, else the customer's default; unexpired either way. */
export async function chargeableCard(tx: Transaction, sub: Subscription, assigned: string | null, at: Date) {
  const cards = await tx
    .select()
    .from(paymentMethods)
    .where(and(eq(paymentMethods.merchantId, sub.merchantId), eq(paymentMethods.customerId, sub.customerId), isNull(paymentMethods.removedAt)));
  const usable = cards.filter((c) => Date.UTC(c.expYear, c.expMonth, 1) > at.getTime());
  return usable.find((c) => c.id === assigned) ?? usable.find((c) => c.isDefault) ?? null;
}

/**
 * Finishes a charge attempt: asks the gateway (the same idempotency key, card
 * and amount as any earlier try, so a repeat is the same charge) and books the
 * outcome once. A worker killed between the two finds the attempt still
 * started on restart and comes here again.
 */
export async function finishCharge(ctx: CoreContext, attemptId: string, links: BillingLinks = {}): Promise<BillingOutcome | undefined> {
  const [attempt] = await ctx.db.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attemptId));
  if (!attempt || attempt.status !== "started") return undefined;
  const outcome = await callGateway(ctx, attempt);
  let booked: BillingOutcome | undefined;
  await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, attempt.merchantId, attempt.customerId);
    const [current] = await tx.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attempt.id)).for("no key update");
    if (!current || current.status !== "started") return;
    const status = outcome.status === "approved" || outcome.status === "pending" ? outcome.status : "declined";
    const declineCode = outcome.status === "declined" ? outcome.declineCode : null;
    await tx.update(gatewayAttempts).set({ status: "done", outcome, result: { status, decline_code: declineCode }, finishedAt: ctx.clock.now() }).where(eq(gatewayAttempts.id, attempt.id));
    const [sub] = await tx.select().from(subscriptions).where(eq(subscriptions.id, attempt.subscriptionId!)).for("no key update");
    const invoiceId = (attempt.target as { invoice_ids: string[] }).invoice_ids[0]!;
    const [inv] = await tx.select().from(documents).where(and(eq(documents.merchantId, attempt.merchantId), eq(documents.id, invoiceId))).for("no key update");
    if (!sub || !inv) return;
    // Booked even if the invoice was settled another way meanwhile: money taken is never left unrecorded.
    await bookPayment(tx, inv, {
      amount: attempt.amount,
      funding: "card",
      status,
      declineCode,
      at: attempt.createdAt,
      settledAt: null,
      settlesAt: outcome.status === "approved" && outcome.settlesAt ? new Date(outcome.settlesAt) : null,
      gatewayReference: outcome.reference,
      paymentMethodId: attempt.paymentMethodId,
      source: "system",
      actor: "billing",
    });
    await recordAction(tx, ctx, {
      merchantId: attempt.merchantId,
      customerId: attempt.customerId,
      action: status === "declined" ? "invoice.payment_declined" : "invoice.paid",
      subjectId: inv.id,
      details: { subscription: sub.id, amount: attempt.amount, currency: attempt.currency, status, decline_code: declineCode, summary: `${inv.number}` },
    });
    booked = {
      subscription_id: sub.id,
      customer_id: attempt.customerId,
      action: status === "declined" ? "invoice.payment_declined" : "invoice.paid",
      at: attempt.createdAt.toISOString(),
      invoice_id: inv.id,
      amount: attempt.amount,
      currency: attempt.currency,
    };
    if (inv.status !== "open") return;
    if (status === "declined" && (attempt.target as { first_charge?: boolean }).first_charge) await endUnpaidStart(tx, sub, inv, attempt.createdAt, declineCode);
    else if (status === "declined") await declined(tx, sub, inv, attempt.createdAt, links);
    else await settled(tx, sub);
  });
  return booked;
}

/** The attempt key of a customer's start (A6), apart from the keys of their other money movements. */
export function startKey(idempotencyKey: string): string {
  return `subscription_start:${idempotencyKey}`;
}

/**
 * A6: the first charge of a subscription the customer started was declined.
 * It ends there (cancelled, reason `payment_failed`) and its invoice is voided,
 * so nothing runs, renews or waits to be paid; the declined payment stays in the history.
 */
async function endUnpaidStart(tx: Transaction, sub: Subscription, invoice: Invoice, at: Date, declineCode: string | null): Promise<void> {
  await tx.update(documents).set({ status: "void" }).where(and(eq(documents.merchantId, sub.merchantId), eq(documents.id, invoice.id)));
  await setStatus(tx, sub, "cancelled", { cancelledAt: at, cancelReason: "payment_failed", currentPeriodEnd: at, nextRetryAt: null });
  await recordAction(tx, { clock: { now: () => at } }, { merchantId: sub.merchantId, customerId: sub.customerId, action: "subscription.start_declined", subjectId: sub.id, details: { order: sub.orderId, invoice: invoice.id, decline_code: declineCode } });
}

async function settled(tx: Transaction, sub: Subscription): Promise<Step> {
  let current = sub;
  if (sub.status === "past_due" || sub.dunningAttempts > 0) {
    const status = transition(sub.status, "payment_recovered") ?? sub.status;
    await setStatus(tx, sub, status, { dunningAttempts: 0, nextRetryAt: null });
    current = { ...sub, status, dunningAttempts: 0, nextRetryAt: null };
  }
  await completeIfPaidOff(tx, current);
  return { kind: "stepped" };
}


/**
 * An instalment plan whose last instalment is invoiced and has nothing left open
 * is finished (O1): the schedule ends and the order shows Complete with no next payment.
 */
async function completeIfPaidOff(tx: Transaction, sub: Subscription): Promise<void> {
  if (sub.status === "expired" || sub.status === "cancelled") return;
  const { price } = await planOf(tx, sub.merchantId, sub.pricePointId);
  if (!instalmentsDone(price, sub.cycle + 1)) return;
  const [open] = await tx
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.merchantId, sub.merchantId), eq(documents.orderId, sub.orderId), eq(documents.kind, "invoice"), eq(documents.status, "open")))
    .limit(1);
  if (open) return;
  await setStatus(tx, sub, "expired", { dunningAttempts: 0, nextRetryAt: null, pauseAt: null });
}

/** A declined renewal (S9): past due with a retry on the next configured day, or the final action when the retries are used up. */
async function declined(tx: Transaction, sub: Subscription, invoice: Invoice, at: Date, links: BillingLinks): Promise<Step> {
  const settings = await settingsForCustomer(tx, sub.merchantId, sub.customerId);
  const attempts = sub.dunningAttempts + 1;
  const retry = nextRetryAt(at, attempts, settings.dunningRetryDays);
  const plan = await planOf(tx, sub.merchantId, sub.pricePointId);
  const link = (await links.updateCard?.({ merchantId: sub.merchantId, customerId: sub.customerId })) ?? "";
  const amount = { amount: await outstandingOn(tx, invoice), currency: invoice.currency };
  const about = { merchantId: sub.merchantId, customerId: sub.customerId, subjectId: `${invoice.id}:${attempts}`, at };
  if (retry) {
    await setStatus(tx, sub, transition(sub.status, "renewal_declined") ?? sub.status, { dunningAttempts: attempts, nextRetryAt: retry });
    await queueMessage(tx, { ...about, template: "renewal_declined", vars: { plan: plan.productName, invoice: invoice.number, amount, link, retry_on: retry } });
  } else if (settings.dunningFinalAction === "cancel") {
    await setStatus(tx, sub, "cancelled", { dunningAttempts: attempts, nextRetryAt: null, cancelledAt: at, cancelReason: "payment_failed" });
    await queueMessage(tx, { ...about, template: "subscription_cancelled", vars: { plan: plan.productName, reason: "payment_failed" } });
  } else {
    await setStatus(tx, sub, "active", { dunningAttempts: 0, nextRetryAt: null });
    await queueMessage(tx, { ...about, template: "renewal_unpaid", vars: { plan: plan.productName, invoice: invoice.number, amount, link } });
  }
  return { kind: "stepped" };
}

async function retryCollection(tx: Transaction, sub: Subscription, at: Date, links: BillingLinks): Promise<Step> {
  const [invoice] = await tx
    .select()
    .from(documents)
    .where(and(eq(documents.subscriptionId, sub.id), eq(documents.kind, "invoice"), eq(documents.status, "open")))
    .orderBy(sql`${documents.issuedAt} desc`)
    .limit(1);
  // Paid meanwhile (by link, say): nothing to retry.
  if (!invoice) return settled(tx, sub);
  await tx.update(subscriptions).set({ nextRetryAt: null }).where(eq(subscriptions.id, sub.id));
  return collect(tx, { ...sub, nextRetryAt: null }, invoice, at, sub.dunningAttempts + 1, links);
}

/** Writes a new status (and other fields) and mirrors it on the order customers see. */
export async function setStatus(tx: Transaction, sub: Subscription, status: SubscriptionStatus, fields: Partial<typeof subscriptions.$inferInsert> = {}): Promise<void> {
  await tx.update(subscriptions).set({ status, ...fields }).where(eq(subscriptions.id, sub.id));
  await syncOrder(tx, { ...sub, status, ...fields } as Subscription);
}

/**
 * S7: autocharge on or off on the subscription's order. Off, renewals are
 * invoiced with a pay link, so a past-due subscription is no longer past due.
 */
export async function setAutocharge(tx: Transaction, sub: Subscription, input: { on: boolean }): Promise<Subscription> {
  await tx.update(orders).set({ autocharge: input.on }).where(orderOf(sub));
  if (input.on) return sub;
  const status = transition(sub.status, "autocharge_off") ?? sub.status;
  await setStatus(tx, sub, status, { dunningAttempts: 0, nextRetryAt: null });
  return { ...sub, status, dunningAttempts: 0, nextRetryAt: null };
}

export { syncOrder } from "../subscriptions/sync-order.ts";
