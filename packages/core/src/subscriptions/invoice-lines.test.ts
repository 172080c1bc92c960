import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Coupon } from "./discounts.ts";
import { composeInvoice, type ComposeInvoiceInput } from "./invoice-lines.ts";

const plan = { description: "Pro plan", unitAmount: 2000, quantity: 3 };
const seats = { description: "Extra storage", unitAmount: 500, quantity: 2 };
const tenPercent: Coupon = { kind: "percent", percentOff: 1000, duration: "forever" };
const empty: ComposeInvoiceInput = { plan, addons: [], prorations: [], coupons: [], accountCredit: 0 };

const lineSum = (lines: { amount: number }[]) => lines.reduce((s, l) => s + l.amount, 0);

describe("composeInvoice", () => {
  it("charges the plan and add-ons at quantity x unit price", () => {
    const draft = composeInvoice({ ...empty, addons: [seats] });
    expect(draft.lines).toEqual([
      { kind: "plan", description: "Pro plan", quantity: 3, unitAmount: 2000, amount: 6000 },
      { kind: "addon", description: "Extra storage", quantity: 2, unitAmount: 500, amount: 1000 },
    ]);
    expect(draft).toMatchObject({ subtotal: 7000, discount: 0, creditApplied: 0, total: 7000, carryForwardCredit: 0 });
  });

  it("discounts the plan and add-ons but not the prorations", () => {
    const draft = composeInvoice({ ...empty, addons: [seats], prorations: [{ description: "Upgrade, 10 days", amount: 3000 }], coupons: [tenPercent] });
    expect(draft.subtotal).toBe(10_000);
    expect(draft.discount).toBe(700);
    expect(draft.total).toBe(9300);
    expect(draft.lines.at(-1)).toEqual({ kind: "discount", description: "Discount (10% off)", quantity: 1, unitAmount: -700, amount: -700 });
  });

  it("adds coupons up in order and cuts the last so the discount never passes the base", () => {
    const draft = composeInvoice({
      ...empty,
      coupons: [{ kind: "amount", amountOff: 5000, duration: "once" }, { ...tenPercent, percentOff: 5000 }, tenPercent],
    });
    // Base 6000: 5000 off, then 50% (3000) cut to the 1000 left, then nothing left for the last.
    expect(draft.discount).toBe(6000);
    expect(draft.lines.filter((l) => l.kind === "discount").map((l) => l.amount)).toEqual([-5000, -1000]);
    expect(draft.total).toBe(0);
  });

  it("applies account credit up to what is owed", () => {
    const some = composeInvoice({ ...empty, accountCredit: 1500 });
    expect(some).toMatchObject({ creditApplied: 1500, total: 4500 });
    expect(some.lines.at(-1)).toEqual({ kind: "credit", description: "Account credit applied", quantity: 1, unitAmount: -1500, amount: -1500 });

    const plenty = composeInvoice({ ...empty, accountCredit: 100_000 });
    expect(plenty).toMatchObject({ creditApplied: 6000, total: 0, carryForwardCredit: 0 });
  });

  it("carries forward the credit when a downgrade's proration outweighs the charges", () => {
    const draft = composeInvoice({
      ...empty,
      prorations: [{ description: "Unused time on Pro plan", amount: -8000 }],
      coupons: [tenPercent],
      accountCredit: 700,
    });
    // 6000 - 8000 = -2000, less 600 discount = -2600: nothing to pay, 2600 back to the balance.
    expect(draft).toMatchObject({ subtotal: -2000, discount: 600, creditApplied: 0, total: 0, carryForwardCredit: 2600 });
    expect(draft.lines.some((l) => l.kind === "credit")).toBe(false);
    expect(lineSum(draft.lines)).toBe(draft.total - draft.carryForwardCredit);
  });

  it("refuses fractional quantities, negative prices and negative account credit", () => {
    expect(() => composeInvoice({ ...empty, plan: { ...plan, quantity: 1.5 } })).toThrow(expect.objectContaining({ code: "invalid_quantity" }));
    expect(() => composeInvoice({ ...empty, addons: [{ ...seats, unitAmount: -1 }] })).toThrow(expect.objectContaining({ code: "invalid_amount" }));
    expect(() => composeInvoice({ ...empty, prorations: [{ description: "x", amount: 0.5 }] })).toThrow(expect.objectContaining({ code: "invalid_amount" }));
    expect(() => composeInvoice({ ...empty, accountCredit: -1 })).toThrow(expect.objectContaining({ code: "invalid_amount" }));
  });

  it("keeps every documented invariant (property)", () => {
    fc.assert(
      fc.property(invoiceInputs(), (input) => {
        const draft = composeInvoice(input);
        const base = [input.plan, ...input.addons].reduce((s, i) => s + i.quantity * i.unitAmount, 0);
        const prorations = input.prorations.reduce((s, p) => s + p.amount, 0);
        const due = draft.subtotal - draft.discount;

        expect(draft.subtotal).toBe(base + prorations);
        expect(draft.discount).toBeGreaterThanOrEqual(0);
        expect(draft.discount).toBeLessThanOrEqual(base);
        expect(draft.creditApplied).toBeGreaterThanOrEqual(0);
        expect(draft.creditApplied).toBeLessThanOrEqual(input.accountCredit);
        expect(draft.creditApplied).toBeLessThanOrEqual(Math.max(0, due));
        expect(draft.total).toBeGreaterThanOrEqual(0);
        expect(draft.total).toBe(Math.max(0, due - draft.creditApplied));
        expect(draft.carryForwardCredit).toBe(Math.max(0, -due));
        expect(draft.total === 0 || draft.carryForwardCredit === 0).toBe(true);
        expect(lineSum(draft.lines)).toBe(draft.total - draft.carryForwardCredit);
        for (const line of draft.lines) {
          expect(line.amount).toBe(line.quantity * line.unitAmount);
          expect(Number.isSafeInteger(line.amount)).toBe(true);
        }
        expect(0 - lineSum(draft.lines.filter((l) => l.kind === "discount"))).toBe(draft.discount);
        expect(0 - lineSum(draft.lines.filter((l) => l.kind === "credit"))).toBe(draft.creditApplied);
      }),
      { numRuns: 500 },
    );
  });

  it("uses as much account credit as it can: the rest is either zero owed or unused credit (property)", () => {
    fc.assert(
      fc.property(invoiceInputs(), (input) => {
        const draft = composeInvoice(input);
        expect(draft.total === 0 || draft.creditApplied === input.accountCredit).toBe(true);
      }),
    );
  });
});

function invoiceInputs(): fc.Arbitrary<ComposeInvoiceInput> {
  const item = fc.record({ description: fc.string({ maxLength: 12 }), unitAmount: fc.nat({ max: 100_000 }), quantity: fc.nat({ max: 50 }) });
  const proration = fc.record({ description: fc.string({ maxLength: 12 }), amount: fc.integer({ min: -500_000, max: 500_000 }) });
  return fc.record({
    plan: item,
    addons: fc.array(item, { maxLength: 4 }),
    prorations: fc.array(proration, { maxLength: 4 }),
    coupons: fc.array(coupons(), { maxLength: 3 }),
    accountCredit: fc.oneof(fc.constant(0), fc.nat({ max: 1_000_000 })),
  });
}

// Duplicated from discounts.test.ts: importing a test file would register its tests here too.
function coupons(): fc.Arbitrary<Coupon> {
  const duration = fc.constantFrom<Pick<Coupon, "duration">>({ duration: "once" }, { duration: "forever" });
  const value = fc.oneof(
    fc.integer({ min: 1, max: 10_000 }).map((percentOff) => ({ kind: "percent" as const, percentOff })),
    fc.integer({ min: 1, max: 1_000_000 }).map((amountOff) => ({ kind: "amount" as const, amountOff })),
  );
  return fc.tuple(value, duration).map(([v, d]): Coupon => ({ ...v, ...d }));
}
