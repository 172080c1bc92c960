import { describe, expect, it } from "vitest";
import { deriveOrderStatus, orderActions, type OrderFacts } from "./rules.ts";

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
    [{ state: "active", lastPayment: "approved", paidAmount: 500 }, "in_progress"],
    [{ state: "active", lastPayment: "declined", paidAmount: 500 }, "past_due"],
    [{ state: "active", lastPayment: "approved", paidAmount: 1000 }, "complete"],
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

describe("orderActions (O8)", () => {
  const off = { cancellation: "off", refunds: "off", reactivate: false } as const;
  const on = { cancellation: "automatic", refunds: "manual", reactivate: true } as const;

  it.each(["paused", "cancelled", "complete", "refunded"] as const)("%s orders are view-and-download only", (status) => {
    expect(orderActions({ type: status === "complete" ? "instalment" : "recurring", status }, off)).toEqual(["download"]);
  });

  it("offers reactivation of a paused or cancelled subscription only when the merchant allows it", () => {
    expect(orderActions({ type: "recurring", status: "cancelled" }, on)).toEqual(["download", "reactivate"]);
    expect(orderActions({ type: "recurring", status: "paused" }, on)).toEqual(["download", "reactivate"]);
    expect(orderActions({ type: "instalment", status: "complete" }, on)).toEqual(["download"]);
  });

  it("offers cancel and refund requests on live orders only when switched on", () => {
    expect(orderActions({ type: "recurring", status: "active" }, off)).toEqual(["download"]);
    expect(orderActions({ type: "recurring", status: "active" }, on)).toEqual(["download", "cancel", "request_refund"]);
    expect(orderActions({ type: "one_time", status: "paid" }, on)).toEqual(["download", "request_refund"]);
    expect(orderActions({ type: "one_time", status: "pending" }, on)).toEqual(["download"]);
  });

  it("offers to pay an open invoice on a live order only (O6, O8)", () => {
    expect(orderActions({ type: "one_time", status: "pending", hasOpenInvoice: true }, off)).toEqual(["download", "pay"]);
    expect(orderActions({ type: "recurring", status: "past_due", hasOpenInvoice: true }, off)).toEqual(["download", "pay"]);
    expect(orderActions({ type: "recurring", status: "cancelled", hasOpenInvoice: true }, off)).toEqual(["download"]);
  });
});
