/** Order types a merchant can sell (O1). */
export type OrderType = "one_time" | "recurring" | "instalment";
/** Lifecycle facts stored on an order. */
export type OrderState = "open" | "trialing" | "active" | "paused" | "cancelled" | "in_review" | "complete";

/** What a customer is shown, derived from type + state + payments, never stored. */
export type OrderStatus =
  | "trial"
  | "active"
  | "past_due"
  | "paused"
  | "cancelled"
  | "pending"
  | "paid"
  | "partially_refunded"
  | "refunded"
  | "in_progress"
  | "complete";

export const ORDER_STATUSES: readonly OrderStatus[] = [
  "trial",
  "active",
  "past_due",
  "paused",
  "cancelled",
  "pending",
  "paid",
  "partially_refunded",
  "refunded",
  "in_progress",
  "complete",
];

/** The outcome of the most recent payment attempt, if any. */
export type LastPaymentOutcome = "approved" | "declined" | "pending" | undefined;

export interface OrderFacts {
  type: OrderType;
  state: OrderState;
  lastPayment: LastPaymentOutcome;
  /** Minor units. */
  totalAmount: number;
  paidAmount: number;
  refundedAmount: number;
}

/**
 * The customer-facing status (O1). Recurring: trial / active / past due / paused /
 * cancelled. One-time: pending / paid / partially refunded / refunded.
 * Instalment: in progress / complete; one under merchant review counts as complete
 * for the customer, who has paid everything asked of them.
 */
export function deriveOrderStatus(facts: OrderFacts): OrderStatus {
  switch (facts.type) {
    case "recurring":
      if (facts.state === "cancelled") return "cancelled";
      if (facts.state === "paused") return "paused";
      if (facts.state === "trialing") return "trial";
      return facts.lastPayment === "declined" ? "past_due" : "active";
    case "one_time":
      if (facts.paidAmount > 0 && facts.refundedAmount >= facts.paidAmount) return "refunded";
      if (facts.refundedAmount > 0) return "partially_refunded";
      return facts.paidAmount >= facts.totalAmount && facts.paidAmount > 0 ? "paid" : "pending";
    case "instalment":
      if (facts.state === "complete" || facts.state === "in_review") return "complete";
      if (facts.state === "cancelled") return "cancelled";
      return facts.lastPayment === "declined" ? "past_due" : "in_progress";
  }
}
