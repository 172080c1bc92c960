import { recordAction } from "../audit/record-action.ts";
import { and, count, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers, merchants, subscriptions, testClocks } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { runBilling, type BillingLinks, type BillingOutcome } from "../billing/billing-engine.ts";
import { pageOrder, pageWhere, toPage, type Page, type PageQuery } from "../pagination.ts";

export interface TestClockView {
  id: string;
  name: string;
  frozen_at: string;
}

/** Longest a single advance may jump: enough for multi-year simulations, bounded so one call cannot run forever. */
const MAX_ADVANCE_MS = 5 * 366 * 86_400_000;

/** Where a test clock may stand. */
const TEST_CLOCK_RANGE = { from: new Date("2000-01-01T00:00:00Z"), to: new Date("2100-12-31T23:59:59Z") };

/** A10: a sandbox merchant creates a clock frozen at a chosen time. */
export async function createTestClock(ctx: CoreContext, merchantId: string, input: { name: string; frozenAt: Date }): Promise<TestClockView> {
  await requireSandbox(ctx, merchantId);
  if (Number.isNaN(input.frozenAt.getTime())) throw new DomainError("invalid", "invalid_date", "A test clock needs a valid start time.");
  if (input.frozenAt < TEST_CLOCK_RANGE.from || input.frozenAt > TEST_CLOCK_RANGE.to) {
    // Billing dates are computed years past the clock; near year 9999 they leave what the database can store.
    throw new DomainError("invalid", "test_clock_out_of_range", "Start a test clock between 2000 and 2100.");
  }
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(testClocks).values({ id: newId("clk"), merchantId, name: input.name, frozenAt: input.frozenAt, createdAt: ctx.clock.now() }).returning();
    await recordAction(tx, ctx, { merchantId, action: "test_clock.created", subjectId: row!.id, details: { frozen_at: input.frozenAt.toISOString() } });
    return toView(row!);
  });
}

/** Puts a customer on a test clock; only before they have subscriptions, so no history straddles two times. */
export async function attachCustomerToTestClock(ctx: CoreContext, merchantId: string, input: { clockId: string; customerId: string }): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await findClock(tx, merchantId, input.clockId);
    const [customer] = await tx.select().from(customers).where(and(eq(customers.merchantId, merchantId), eq(customers.id, input.customerId))).for("update");
    if (!customer) throw new DomainError("not_found", "customer_not_found", `No customer ${input.customerId}.`);
    const existing = await tx.select({ id: subscriptions.id }).from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.customerId, customer.id))).limit(1);
    if (existing.length) throw new DomainError("conflict", "customer_has_subscriptions", "Attach a customer to a test clock before they subscribe.");
    await tx.update(customers).set({ testClockId: input.clockId }).where(eq(customers.id, customer.id));
    await recordAction(tx, ctx, { merchantId, customerId: customer.id, action: "test_clock.customer_attached", subjectId: input.clockId });
  });
}

/** A10: the merchant's test clocks, newest first, each with how many customers run on it; live merchants are refused. */
export async function listTestClocks(ctx: CoreContext, merchantId: string, query: PageQuery): Promise<Page<TestClockView & { customers: number }>> {
  await requireSandbox(ctx, merchantId);
  const cols = { at: testClocks.createdAt, id: testClocks.id };
  const rows = await ctx.db
    .select()
    .from(testClocks)
    .where(and(eq(testClocks.merchantId, merchantId), pageWhere(cols, query.cursor)))
    .orderBy(...pageOrder(cols))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => row);
  const counts = new Map<string, number>();
  for (const row of page.data) {
    const [attached] = await ctx.db.select({ n: count() }).from(customers).where(and(eq(customers.merchantId, merchantId), eq(customers.testClockId, row.id)));
    counts.set(row.id, attached?.n ?? 0);
  }
  return { ...page, data: page.data.map((row) => ({ ...toView(row), customers: counts.get(row.id) ?? 0 })) };
}

/**
 * Moves a test clock forward and runs billing for its customers as of the new
 * time (A10); `outcomes` says what the run did (renewals, trial ends, charges
 * and declines, dunning retries, cancellations), in the order it happened.
 */
export async function advanceTestClock(ctx: CoreContext, merchantId: string, input: { clockId: string; to: Date }, links: BillingLinks = {}): Promise<TestClockView & { subscriptions_billed: number; outcomes: BillingOutcome[] }> {
  const clock = await ctx.db.transaction(async (tx) => {
    const current = await findClock(tx, merchantId, input.clockId, true);
    if (Number.isNaN(input.to.getTime()) || input.to <= current.frozenAt) throw new DomainError("invalid", "test_clock_backwards", "A test clock only moves forward.");
    if (input.to.getTime() - current.frozenAt.getTime() > MAX_ADVANCE_MS) throw new DomainError("invalid", "test_clock_jump_too_far", "Advance at most five years at a time.");
    if (input.to > TEST_CLOCK_RANGE.to) throw new DomainError("invalid", "test_clock_out_of_range", "A test clock cannot go past 2100.");
    const [row] = await tx.update(testClocks).set({ frozenAt: input.to }).where(eq(testClocks.id, current.id)).returning();
    await recordAction(tx, ctx, { merchantId, action: "test_clock.advanced", subjectId: current.id, details: { before: current.frozenAt.toISOString(), after: input.to.toISOString() } });
    return row!;
  });
  const run = await runBilling(ctx, { testClockId: clock.id, links });
  return { ...toView(clock), subscriptions_billed: run.subscriptions, outcomes: run.outcomes };
}

export async function getTestClock(ctx: CoreContext, merchantId: string, clockId: string): Promise<TestClockView> {
  return toView(await findClock(ctx.db, merchantId, clockId));
}

async function requireSandbox(ctx: CoreContext, merchantId: string): Promise<void> {
  const [merchant] = await ctx.db.select({ mode: merchants.mode }).from(merchants).where(eq(merchants.id, merchantId));
  if (!merchant) throw new DomainError("not_found", "merchant_not_found", "No such merchant.");
  if (merchant.mode !== "test") throw new DomainError("forbidden", "test_clocks_sandbox_only", "Test clocks exist only in sandbox mode.");
}

async function findClock(db: Executor, merchantId: string, clockId: string, lock = false) {
  const query = db.select().from(testClocks).where(and(eq(testClocks.merchantId, merchantId), eq(testClocks.id, clockId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new DomainError("not_found", "test_clock_not_found", `No test clock ${clockId}.`);
  return row;
}

function toView(row: typeof testClocks.$inferSelect): TestClockView {
  return { id: row.id, name: row.name, frozen_at: row.frozenAt.toISOString() };
}
