import { describe, expect, it } from "vitest";
import { deriveOrderStatus, type OrderFacts } from "./rules.ts";

const base: OrderFacts = { type: "recurring", state: "active", lastPayment: "approved", totalAmount: 1000, paidAmount: 1000, refundedAmount: 0 };

describe("deriveOrderStatus (O1)", () => {
  it.each([
    [{ state: "active", lastPayment: "approved" }, "active"],
    [{ state: "active", lastPayment: undefined }, "active"],
    [{ state: "active", lastPayment: "declined" }, "past_due"],
    [{ state: "paused", lastPayment: "declined" }, "paused"],
    [{ state: "cancelled", lastPayment: "approved" }, "cancelled"],
    [{ state: "trialing", lastPayment: undefined }, "trial"],
  ] as const)("recurring %o -> %s", (facts, status) => {
    expect(deriveOrderStatus({ ...base, type: "recurring", ...facts })).toBe(status);
  });

  it.each([
    [{ paidAmount: 0, refundedAmount: 0 }, "pending"],
    [{ paidAmount: 400, refundedAmount: 0 }, "pending"],
    [{ paidAmount: 1000, refundedAmount: 0 }, "paid"],
    [{ paidAmount: 1000, refundedAmount: 250 }, "partially_refunded"],
    [{ paidAmount: 1000, refundedAmount: 1000 }, "refunded"],
  ] as const)("one-time %o -> %s", (facts, status) => {
    expect(deriveOrderStatus({ ...base, type: "one_time", state: "open", ...facts })).toBe(status);
  });

  it.each([
    [{ state: "active", lastPayment: "approved" }, "in_progress"],
    [{ state: "active", lastPayment: "declined" }, "past_due"],
    [{ state: "complete", lastPayment: "approved" }, "complete"],
    [{ state: "in_review", lastPayment: "approved" }, "complete"],
    [{ state: "cancelled", lastPayment: "approved" }, "cancelled"],
  ] as const)("instalment %o -> %s", (facts, status) => {
    expect(deriveOrderStatus({ ...base, type: "instalment", ...facts })).toBe(status);
  });

  it("shows an instalment order in review to the customer as complete (O1)", () => {
    expect(deriveOrderStatus({ ...base, type: "instalment", state: "in_review" })).toBe("complete");
  });
});
