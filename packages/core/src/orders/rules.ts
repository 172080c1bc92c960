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
  | "complete"
  | "voided";

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
  "voided",
];

/** The outcome of the most recent payment attempt, if any. */
export type LastPaymentOutcome = "approved" | "declined" | "pending" | "voided" | undefined;

export interface OrderFacts {
  type: OrderType;
  state: OrderState;
  lastPayment: LastPaymentOutcome;
  /** Minor units. */
  totalAmount: number;
  paidAmount: number;
  refundedAmount: number;
  /** Recurring orders billed by a subscription: its status, which the order follows (S7: autocharge off ends "past due"). */
  subscriptionStatus?: "trialing" | "active" | "past_due" | "paused" | "cancelled" | "expired" | undefined;
}

/**
 * The customer-facing status (O1). Recurring: trial / active / past due / paused /
 * cancelled. One-time: pending / paid / partially refunded / refunded, or voided
 * when its payment was voided (R3) and nothing else was paid: the invoice went with it.
 * Instalment: in progress / complete; one under merchant review counts as complete
 * for the customer, who has paid everything asked of them.
 */
export function deriveOrderStatus(facts: OrderFacts): OrderStatus {
  switch (facts.type) {
    case "recurring":
      if (facts.state === "cancelled") return "cancelled";
      if (facts.state === "paused") return "paused";
      if (facts.state === "trialing") return "trial";
      if (facts.subscriptionStatus) return facts.subscriptionStatus === "past_due" ? "past_due" : "active";
      return facts.lastPayment === "declined" ? "past_due" : "active";
    case "one_time":
      if (facts.paidAmount > 0 && facts.refundedAmount >= facts.paidAmount) return "refunded";
      if (facts.refundedAmount > 0) return "partially_refunded";
      if (facts.paidAmount === 0 && facts.lastPayment === "voided") return "voided";
      // Staff cancelled it (what was paid stays paid until refunded).
      if (facts.state === "cancelled") return "cancelled";
      return facts.paidAmount >= facts.totalAmount && facts.paidAmount > 0 ? "paid" : "pending";
    case "instalment":
      if (facts.state === "complete" || facts.state === "in_review") return "complete";
      // Every instalment paid (the last one by link, say) is complete even before the billing run notices.
      if (facts.totalAmount > 0 && facts.paidAmount >= facts.totalAmount && facts.state !== "cancelled") return "complete";
      if (facts.state === "cancelled") return "cancelled";
      return facts.lastPayment === "declined" ? "past_due" : "in_progress";
  }
}

/** Things a customer may do with an order; the widget shows a control only for what is listed. */
export type OrderAction = "download" | "pay" | "cancel" | "reactivate" | "request_refund";

/** Things a customer may do with a document of the order's history. */
export type DocumentAction = "download" | "forward";

/** Downloading is always allowed; forwarding by e-mail when the merchant allows it (`forwardDocuments`). */
export function documentActions(settings: { forwardDocuments: boolean }): DocumentAction[] {
  return settings.forwardDocuments ? ["download", "forward"] : ["download"];
}

/** Statuses in which an order is finished or on hold: view and download only (O8). */
export const VIEW_ONLY_STATUSES: readonly OrderStatus[] = ["paused", "cancelled", "complete", "refunded", "voided"];

/**
 * What the customer may do now (O8): paused, cancelled, complete, refunded and voided
 * orders are view-and-download only, unless the merchant allows reactivation.
 * Live orders with an open invoice may pay it (O6).
 */
export function orderActions(
  order: { type: OrderType; status: OrderStatus; hasOpenInvoice?: boolean; lifetimeIncidentPack?: boolean },
  settings: { cancellation: "off" | "automatic" | "manual"; refunds: "off" | "automatic" | "manual"; reactivate: boolean },
): OrderAction[] {
  const actions: OrderAction[] = ["download"];
  if (VIEW_ONLY_STATUSES.includes(order.status)) {
    if (settings.reactivate && order.type === "recurring" && (order.status === "paused" || order.status === "cancelled")) {
      actions.push("reactivate");
    }
    return actions;
  }
  if (order.hasOpenInvoice) actions.push("pay");
  if (order.type === "recurring" && settings.cancellation !== "off") actions.push("cancel");
  if (settings.refunds !== "off" && !order.lifetimeIncidentPack && (order.status === "paid" || order.status === "partially_refunded" || order.status === "active")) {
    actions.push("request_refund");
  }
  return actions;
}
