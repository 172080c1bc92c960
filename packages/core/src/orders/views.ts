import type { DocumentKind } from "../db/schema/documents.ts";
import type { Money } from "../money.ts";
import type { DocumentAction, OrderAction, OrderStatus, OrderType } from "./rules.ts";

/** One line of an order as the portal API returns it. */
export interface OrderItemView {
  id: string;
  description: string;
  quantity: number;
  unit_price: Money;
  amount: Money;
}

/** A tax shown as its own line. */
export interface OrderTaxView {
  description: string;
  rate_bps: number | null;
  amount: Money;
}

/** The next scheduled payment of a subscription or instalment plan. */
export interface NextPaymentView {
  due_at: string;
  amount: Money;
}

/** An order as the portal API lists it (O1, O5). */
export interface OrderView {
  id: string;
  number: string;
  type: OrderType;
  status: OrderStatus;
  total: Money;
  paid: Money;
  /** Money given back by approved refunds (each documented by a credit note, listed in the history). */
  refunded: Money;
  /** Credit notes with no refund behind them (account credit); never the refunds' own credit notes, which `refunded` already counts. */
  credited: Money;
  items: OrderItemView[];
  taxes: OrderTaxView[];
  placed_at: string;
  next_payment: NextPaymentView | null;
  /** Instalment plans: what is left to pay, and how many instalments are paid. */
  balance: Money | null;
  instalments: { count: number; paid: number } | null;
}

/** A document a customer can download. */
export interface DocumentRef {
  id: string;
  kind: DocumentKind;
  number: string;
  file_name: string;
}

/** One row of the billing history (O3). */
export interface HistoryRow {
  id: string;
  type: "payment" | "refund" | "invoice" | "skipped_payment" | "credit";
  occurred_at: string;
  order_id: string | null;
  order_number: string | null;
  /** payment: approved / declined / pending / voided / failed / refunded / partially_refunded; refund: approved / pending / failed; invoice: open / pending (a payment awaits the bank) / void; skipped_payment: skipped. */
  status: string;
  amount: Money;
  documents: DocumentRef[];
  /** Why a payment was declined; a declined payment has these details and no documents. */
  decline_code: string | null;
  /** An open invoice the customer may pay now with a saved card (O6). */
  payable: boolean;
  /** An approved payment with money left to give back and no request already waiting (R5). */
  refundable: boolean;
  /** A refund of this payment is waiting for the shop's decision. */
  refund_requested: boolean;
  /** A note the shop wrote on this payment or refund for the customer to see (M2); null when none is shown. */
  comment: string | null;
}

/** An order with everything the details view shows (O2, O3, O5, O8). */
export interface OrderDetailsView extends OrderView {
  /** What the hosted checkout does: charge, only save a card (`card_only`), or authorise the amount for the shop to capture (`pre_authorize`). */
  checkout: "charge" | "card_only" | "pre_authorize";
  actions: OrderAction[];
  /**
   * O8: a paused, cancelled, complete, refunded or voided order with nothing left to do
   * but look and download. A subscription's own `actions` (its panel) may still offer more.
   */
  view_only: boolean;
  /** What the customer may do with each invoice, receipt and credit note listed: "forward" when the shop allows forwarding by e-mail. */
  document_actions: DocumentAction[];
  /** Set when the order is a subscription (S1–S7): its panel loads from `/orders/:id/subscription`. */
  subscription_id: string | null;
  history: HistoryRow[];
  skipped_payments: { due_at: string; amount: Money }[];
}

export type { Page } from "../pagination.ts";
