// Every money path, seeded for one merchant (one customer per path, so the paths
// never touch each other's rows), run by name with an idempotency key, and the
// resulting money state in a form two databases can be compared by. Used by the
// crash suite (payments/attempts/crash-suite.test.ts), in process and by
// money-worker.ts in a process of its own.
import { and, eq, inArray } from "drizzle-orm";
import { topUpBalance } from "../balance/top-up-balance.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import type { CoreContext } from "../context.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { balanceEntries, documents, gatewayAttempts, incidentGrants, outboxMessages, supportFees, transactions } from "../db/schema/index.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { chargeSupportFee } from "../helpdesk/support-fees.ts";
import { createDepartment, openTicket } from "../helpdesk/tickets.ts";
import { buyIncidentPackage } from "../incidents/buy-incident-package.ts";
import { createOrder } from "../orders/create-order.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { resumeGatewayAttempts } from "../payments/attempts/resume-attempts.ts";
import { chargeInvoice, chargeInvoices } from "../payments/charge-invoice.ts";
import { refundOrder } from "../payments/refund-order.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { voidPayment } from "../payments/void-payment.ts";
import { retryFailedRefunds } from "../payments/retry-failed-refunds.ts";
import { runBilling } from "../billing/billing-engine.ts";
import { createSubscription } from "../subscriptions/create-subscription.ts";
import { forceBillNow } from "../subscriptions/staff-actions.ts";
import type { TestClock } from "../clock.ts";

/** The instant every path runs at; the seed builds the history leading up to it. */
export const MONEY_NOW = "2027-03-10T12:00:00.000Z";
export const MONEY_SEED_START = "2027-01-29T12:00:00.000Z";

export const MONEY_PATHS = [
  "pay_invoice",
  "pay_invoices",
  "top_up",
  "buy_incident_package",
  "refund",
  "void",
  "refund_order",
  "retry_refunds",
  "support_fee",
  "billing_run",
  "bill_now",
] as const;
export type MoneyPath = (typeof MONEY_PATHS)[number];

/** Jobs answer with counts of what they did in this run, so a re-run after a crash answers differently by design: only their effects are compared. */
export const JOB_PATHS: readonly MoneyPath[] = ["retry_refunds", "billing_run"];

export interface MoneyFixture {
  merchantId: string;
  /** Each path's customer. */
  customers: Record<MoneyPath, string>;
  ids: {
    invoice: string;
    invoices: string[];
    pack: string;
    refundPayment: string;
    voidPayment: string;
    order: string;
    ticket: string;
    billNowSubscription: string;
  };
}

export interface MoneyOperation {
  path: MoneyPath;
  key: string;
}

const card = (number: string) => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

/**
 * The history before MONEY_NOW, on a context whose clock starts at MONEY_SEED_START:
 * a subscription due for renewal, one a staff member will bill now, settled card
 * payments to refund, an unsettled one to void, an order with one of each, a
 * refund whose first try failed (card 4000000000000119) and is due for its retry,
 * open invoices, a ticket. Leaves the clock at MONEY_NOW.
 */
export async function seedMoneyPaths(ctx: CoreContext & { clock: TestClock }, merchantId: string): Promise<MoneyFixture> {
  const customers = {} as Record<MoneyPath, string>;
  for (const path of MONEY_PATHS) {
    const customer = await createCustomer(ctx, merchantId, { email: `${path}@example.com` });
    customers[path] = customer.id;
    await addCard(ctx, { merchantId, customerId: customer.id }, card(path === "retry_refunds" ? "4000000000000119" : "4242424242424242"), { makeDefault: true });
  }
  const scope = (path: MoneyPath) => ({ merchantId, customerId: customers[path] });
  const invoiceFor = async (path: MoneyPath, amount: number) =>
    (await createOrder(ctx, merchantId, { customerId: customers[path], type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: amount }] }, { invoice: { dueAt: ctx.clock.now() } })).invoice;
  const paid = async (path: MoneyPath, invoiceId: string, key: string) => (await chargeInvoice(ctx, scope(path), { invoiceId, idempotencyKey: key })).payment_id;

  const plan = await createProduct(ctx, merchantId, { name: "Club" });
  const monthly = await createPricePoint(ctx, merchantId, { productId: plan.id, name: "Monthly", amount: 2900, currency: "EUR", interval: "month" });
  await createSubscription(ctx, merchantId, { customerId: customers.billing_run, pricePointId: monthly.id });

  ctx.clock.advance({ days: 30 });
  const billNow = await createSubscription(ctx, merchantId, { customerId: customers.bill_now, pricePointId: monthly.id });

  ctx.clock.advance({ days: 7 }); // MONEY_NOW - 3 days: these payments have settled by MONEY_NOW
  const refundPaymentId = await paid("refund", (await invoiceFor("refund", 3000)).id, "seed-refund");
  const flakyPaymentId = await paid("retry_refunds", (await invoiceFor("retry_refunds", 3000)).id, "seed-flaky");
  const order = await createOrder(ctx, merchantId, { customerId: customers.refund_order, type: "instalment", instalmentCount: 2, currency: "EUR", items: [{ description: "Espresso machine", quantity: 1, unitAmount: 8000 }] });
  await paid("refund_order", (await issueInvoice(ctx, merchantId, { orderId: order.id, dueAt: ctx.clock.now() })).id, "seed-instalment-1");

  ctx.clock.advance({ days: 1 });
  const queued = await refundPayment(ctx, merchantId, { paymentId: flakyPaymentId, amount: 1000, source: "staff", actor: "staff:seed", idempotencyKey: "seed-flaky-refund" });
  if (queued.status !== "pending") throw new Error("the 0119 card's first refund should fail and be queued");

  ctx.clock.advance({ days: 2, hours: -1 }); // MONEY_NOW - 1 hour: not settled by MONEY_NOW
  const voidPaymentId = await paid("void", (await invoiceFor("void", 1500)).id, "seed-void");
  await paid("refund_order", (await issueInvoice(ctx, merchantId, { orderId: order.id, dueAt: ctx.clock.now() })).id, "seed-instalment-2");

  ctx.clock.advance({ hours: 1 });
  if (ctx.clock.now().toISOString() !== MONEY_NOW) throw new Error(`seed ended at ${ctx.clock.now().toISOString()}`);
  const invoice = await invoiceFor("pay_invoice", 1000);
  const invoices = [(await invoiceFor("pay_invoices", 500)).id, (await invoiceFor("pay_invoices", 700)).id];
  const packProduct = await createProduct(ctx, merchantId, { name: "Hotline", incidents: 3 });
  const pack = await createPricePoint(ctx, merchantId, { productId: packProduct.id, name: "Pack", amount: 4900, currency: "EUR" });
  const desk = await createDepartment(ctx, merchantId, { name: "Support" });
  const ticket = await openTicket(ctx, scope("support_fee"), { departmentId: desk.id, subject: "Setup", body: "Please set it up for me" });
  return {
    merchantId,
    customers,
    ids: { invoice: invoice.id, invoices, pack: pack.id, refundPayment: refundPaymentId, voidPayment: voidPaymentId, order: order.id, ticket: ticket.id, billNowSubscription: billNow.id },
  };
}

/** Each path once, each with its own idempotency key. */
export function moneyOperations(paths: readonly MoneyPath[] = MONEY_PATHS): MoneyOperation[] {
  return paths.map((path) => ({ path, key: `crash-suite-${path}` }));
}

/** Runs one path with its key, as its caller (customer, staff or scheduler) would. */
export async function runMoneyOperation(ctx: CoreContext, fixture: MoneyFixture, op: MoneyOperation): Promise<unknown> {
  const { merchantId, ids } = fixture;
  const scope = { merchantId, customerId: fixture.customers[op.path] };
  const staff = { source: "staff" as const, actor: "staff:crash-suite", idempotencyKey: op.key };
  switch (op.path) {
    case "pay_invoice":
      return chargeInvoice(ctx, scope, { invoiceId: ids.invoice, idempotencyKey: op.key });
    case "pay_invoices":
      return chargeInvoices(ctx, scope, { invoiceIds: ids.invoices, idempotencyKey: op.key });
    case "top_up":
      return topUpBalance(ctx, scope, { amount: 2500, currency: "EUR", idempotencyKey: op.key });
    case "buy_incident_package":
      return buyIncidentPackage(ctx, scope, { pricePointId: ids.pack, idempotencyKey: op.key });
    case "refund":
      return refundPayment(ctx, merchantId, { paymentId: ids.refundPayment, amount: 1200, ...staff });
    case "void":
      return voidPayment(ctx, merchantId, { paymentId: ids.voidPayment, ...staff });
    case "refund_order":
      return refundOrder(ctx, merchantId, { orderId: ids.order, ...staff });
    case "retry_refunds":
      return retryFailedRefunds(ctx);
    case "support_fee":
      return chargeSupportFee(ctx, merchantId, { ticketId: ids.ticket, amount: 800, currency: "EUR", actor: "staff:crash-suite", idempotencyKey: op.key });
    case "billing_run":
      return runBilling(ctx, { merchantId });
    case "bill_now":
      return forceBillNow(ctx, merchantId, { subscriptionId: ids.billNowSubscription, idempotencyKey: op.key });
  }
}

/** What a restarted worker does first: finish every attempt a crash left started (renewals by the billing run, which owns them). */
export async function recoverMoney(ctx: CoreContext, merchantId: string): Promise<void> {
  await resumeGatewayAttempts(ctx, { olderThanMs: 0 });
  await runBilling(ctx, { merchantId });
}

/** Ids differ between two databases with the same history: compare answers with them blanked out. */
export function withoutIds(value: unknown): unknown {
  if (typeof value === "string") return /^[a-z]{2,5}_[0-9A-Za-z]{8,}$/.test(value) ? "<id>" : value;
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutIds(v)]));
  return value;
}

/**
 * Each path's customer's money, as a crash-free run and a crashed-and-recovered
 * run must both leave it: transactions, documents, ledger entries and balance,
 * fees, incident grants and emails, without ids or gateway references.
 */
export async function moneyState(ctx: CoreContext, fixture: MoneyFixture): Promise<Record<string, unknown>> {
  const state: Record<string, unknown> = {};
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  for (const path of MONEY_PATHS) {
    const customerId = fixture.customers[path];
    const mine = <T extends { merchantId: unknown; customerId: unknown }>(t: T) => and(eq(t.merchantId as never, fixture.merchantId), eq(t.customerId as never, customerId));
    const [txns, docs, ledger, fees, grants, emails, attempts] = await Promise.all([
      ctx.db.select({ kind: transactions.kind, status: transactions.status, amount: transactions.amount, funding: transactions.funding, refunded: transactions.refundedAmount, attempts: transactions.attempts }).from(transactions).where(mine(transactions)),
      ctx.db.select({ kind: documents.kind, status: documents.status, total: documents.totalAmount }).from(documents).where(mine(documents)),
      ctx.db.select({ kind: balanceEntries.kind, amount: balanceEntries.amount, currency: balanceEntries.currency }).from(balanceEntries).where(mine(balanceEntries)),
      ctx.db.select({ amount: supportFees.amount }).from(supportFees).where(mine(supportFees)),
      ctx.db.select({ granted: incidentGrants.granted, used: incidentGrants.used, source: incidentGrants.source }).from(incidentGrants).where(mine(incidentGrants)),
      ctx.db.select({ template: outboxMessages.template }).from(outboxMessages).where(mine(outboxMessages)),
      ctx.db.select({ purpose: gatewayAttempts.purpose, status: gatewayAttempts.status, amount: gatewayAttempts.amount }).from(gatewayAttempts).where(mine(gatewayAttempts)),
    ]);
    state[path] = {
      transactions: sorted(txns),
      documents: sorted(docs),
      ledger: sorted(ledger),
      balance: ledger.reduce((sum, e) => sum + e.amount, 0),
      fees: sorted(fees),
      grants: sorted(grants),
      emails: sorted(emails),
      attempts: sorted(attempts),
    };
  }
  return state;
}

/** The merchant's attempts still `started`: a crash's leftovers nobody finished. */
export async function startedAttempts(ctx: CoreContext, merchantId: string) {
  return ctx.db.select().from(gatewayAttempts).where(and(eq(gatewayAttempts.merchantId, merchantId), eq(gatewayAttempts.status, "started")));
}

/** Booked rows carrying each of these gateway references (a charge booked per invoice it paid, a refund, a voided charge). */
export async function bookedReferences(ctx: CoreContext, merchantId: string, references: string[]) {
  if (references.length === 0) return [];
  return ctx.db
    .select({ kind: transactions.kind, status: transactions.status, reference: transactions.gatewayReference, invoiceId: transactions.invoiceId })
    .from(transactions)
    .where(and(eq(transactions.merchantId, merchantId), inArray(transactions.gatewayReference, references)));
}
