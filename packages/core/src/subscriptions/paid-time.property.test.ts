import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, eq } from "drizzle-orm";
import { balanceOf } from "../balance/ledger.ts";
import { createPricePoint } from "../catalog/create-price-point.ts";
import { createProduct } from "../catalog/create-product.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { pricePoints, transactions } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { addCard } from "../payment-methods/add-card.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { cancelSubscription } from "./cancel-subscription.ts";
import { changeSubscription } from "./change-subscription.ts";
import { createSubscription } from "./create-subscription.ts";
import { pauseSubscription } from "./pause-subscription.ts";
import { reactivateSubscription } from "./reactivate-subscription.ts";
import { resumeSubscription } from "./resume-subscription.ts";
import { forceBillNow } from "./staff-actions.ts";
import { advanceTestClock, attachCustomerToTestClock, createTestClock } from "./test-clocks.ts";

const DAY = 86_400_000;
/** The shortest and longest monthly period. */
const MIN_PERIOD = 28 * DAY;
const MAX_PERIOD = 31 * DAY;

type Op =
  | { kind: "advance"; hours: number }
  | { kind: "pause" | "resume" | "cancel_now" | "cancel_end_of_term" | "reactivate" | "bill_now" }
  | { kind: "change"; when: "now" | "end_of_term" };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.oneof(fc.integer({ min: 1, max: 72 }), fc.integer({ min: 24 * 20, max: 24 * 40 })) }) },
  { weight: 6, arbitrary: fc.constantFrom<Op>({ kind: "pause" }, { kind: "resume" }, { kind: "cancel_now" }, { kind: "cancel_end_of_term" }, { kind: "reactivate" }, { kind: "bill_now" }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("change" as const), when: fc.constantFrom("now" as const, "end_of_term" as const) }) },
);

/**
 * The money invariant of S2/S3/S5/S8/S9: a subscription never takes more for a
 * stretch of time than that time costs. Precisely, for one subscription on
 * monthly plans of at most `P` a period, every period or part of a period is
 * paid at most once, and a payment made at time t pays only for time in
 * [t, t + one period) (here every charge is approved at once, so nothing
 * older is ever collected). So for any two observation instants a < b, what
 * the customer paid in (a, b] — card payments approved, less what went back
 * to their account balance — pays for time inside (a, b + 31 days), and is at most
 *
 *     P × (b − a + 31 days) / 28 days   (+ 1 minor unit per operation for rounding).
 *
 * The double billing of order 1006 (pause and resume the same day billing a
 * whole new month) pays 2P within one day and breaks it at once.
 */
describe("paid time never exceeds its price (property, S2–S9)", async () => {
  const ctx = await createTestContext("2027-01-01T00:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  await setMerchantSettings(ctx, shop.merchantId, { pauseResume: true, cancellation: "automatic", cancellationTiming: "either", reactivate: true, changePlan: "either" });
  const product = await createProduct(ctx, shop.merchantId, { name: "Roastery" });
  const pro = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Pro", amount: 3000, currency: "EUR", interval: "month" });
  const basic = await createPricePoint(ctx, shop.merchantId, { productId: product.id, name: "Basic", amount: 2500, currency: "EUR", interval: "month", switchTo: [pro.id] });
  // Pro switches back to Basic too, so the sequences can go both ways.
  await ctx.db.update(pricePoints).set({ switchTo: [basic.id] }).where(eq(pricePoints.id, pro.id));
  const P = 3000;
  let run = 0;

  async function runSequence(ops: Op[]) {
    const start = new Date(Date.UTC(2027, 0, 1 + (run % 28), 9));
    const clock = await createTestClock(ctx, shop.merchantId, { name: `property ${++run}`, frozenAt: start });
    const customer = await createCustomer(ctx, shop.merchantId, { email: `p${run}@example.com` });
    const scope = { merchantId: shop.merchantId, customerId: customer.id };
    await attachCustomerToTestClock(ctx, shop.merchantId, { clockId: clock.id, customerId: customer.id });
    await addCard(ctx, scope, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const sub = await createSubscription(ctx, shop.merchantId, { customerId: customer.id, pricePointId: basic.id });
    let now = start;
    let plan = basic.id;
    const observe = async () => {
      const card = (await ctx.db.select().from(transactions).where(and(eq(transactions.customerId, customer.id), eq(transactions.kind, "payment"), eq(transactions.status, "approved"), eq(transactions.funding, "card")))).reduce((s, t) => s + t.amount, 0);
      const refunded = (await ctx.db.select().from(transactions).where(and(eq(transactions.customerId, customer.id), eq(transactions.kind, "refund"), eq(transactions.status, "approved")))).reduce((s, t) => s + t.amount, 0);
      return { at: now.getTime(), paid: card - refunded - (await balanceOf(ctx.db, shop.merchantId, customer.id, "EUR")) };
    };
    // The instant before the subscription started: nothing paid yet.
    const seen = [{ at: start.getTime() - 1, paid: 0 }, await observe()];
    for (const o of ops) {
      try {
        switch (o.kind) {
          case "advance":
            now = new Date(now.getTime() + o.hours * 3_600_000);
            await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: now });
            break;
          case "pause":
            await pauseSubscription(ctx, scope, { subscriptionId: sub.id });
            break;
          case "resume":
            await resumeSubscription(ctx, scope, { subscriptionId: sub.id });
            break;
          case "cancel_now":
            await cancelSubscription(ctx, scope, { subscriptionId: sub.id, when: "now" });
            break;
          case "cancel_end_of_term":
            await cancelSubscription(ctx, scope, { subscriptionId: sub.id, when: "end_of_term" });
            break;
          case "reactivate":
            await reactivateSubscription(ctx, scope, { subscriptionId: sub.id });
            break;
          case "bill_now":
            await forceBillNow(ctx, shop.merchantId, { subscriptionId: sub.id });
            break;
          case "change": {
            const to = plan === basic.id ? pro.id : basic.id;
            await changeSubscription(ctx, scope, { subscriptionId: sub.id, pricePointId: to, when: o.when });
            if (o.when === "now") plan = to;
            break;
          }
        }
      } catch (error) {
        // Refusals of an action the state does not allow are part of the game; anything else is a bug.
        if (!(error instanceof DomainError) || error.type === "gateway") throw error;
      }
      seen.push(await observe());
    }
    const slack = ops.length + 2;
    for (let i = 0; i < seen.length; i++) {
      for (let j = i + 1; j < seen.length; j++) {
        const a = seen[i]!;
        const b = seen[j]!;
        const paid = b.paid - a.paid;
        const bound = (P * (b.at - a.at + MAX_PERIOD)) / MIN_PERIOD + slack;
        if (paid > bound) throw new Error(`Paid ${paid} between ${new Date(a.at).toISOString()} and ${new Date(b.at).toISOString()}, more than that time costs (${Math.floor(bound)}); ops: ${JSON.stringify(ops)}`);
      }
    }
  }

  it("for random pause/resume/cancel/reactivate/change/bill_now sequences on a test clock, no stretch of time is paid beyond its price", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        await runSequence(ops);
      }),
      { numRuns: 30 },
    );
    expect(run).toBeGreaterThanOrEqual(30);
  }, 240_000);

  it("catches double billing: pausing and resuming on the day paid for pays nothing more", async () => {
    await runSequence([{ kind: "advance", hours: 5 }, { kind: "pause" }, { kind: "resume" }, { kind: "cancel_now" }, { kind: "reactivate" }, { kind: "bill_now" }, { kind: "pause" }, { kind: "resume" }]);
  });
});
