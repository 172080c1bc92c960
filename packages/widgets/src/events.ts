import type { AccountView, ChangePreviewView, DocumentKind, OrderView, PortalConfigView, SubscriptionView } from "@billfront/core";

/** `billfront-portal-config-loaded`: the shop's banner, portal address, custom tabs and portal-wide actions (P6). */
export interface PortalConfigLoadedDetail {
  config: PortalConfigView;
}

/** `billfront-orders-loaded`: a page of orders arrived. */
export interface OrdersLoadedDetail {
  orders: OrderView[];
  hasMore: boolean;
}

/** `billfront-order-open` (cancelable: the page may route instead) and `billfront-order-close`. */
export interface OrderOpenDetail {
  orderId: string;
  number: string;
}

/** `billfront-document-download` (cancelable): a customer asked for a PDF. */
export interface DocumentDownloadDetail {
  orderId: string;
  /** The document's id; null for the order summary, which is generated on request. */
  documentId: string | null;
  kind: DocumentKind | "order_summary";
  number: string;
}

/** `billfront-document-forward`: a document was queued to be e-mailed to another address (the address is not in the detail). */
export interface DocumentForwardDetail {
  orderId: string;
  documentId: string;
  kind: DocumentKind;
  number: string;
  /** How many more the customer may forward today. */
  forwardsLeft: number;
}

/** `billfront-error`: something the customer asked for failed; `message` is what the widget showed. */
export interface BillfrontErrorDetail {
  code: string;
  status: number;
  message: string;
}

/** `billfront-invoice-pay`: the customer paid (or tried to pay) an open invoice. */
export interface InvoicePayDetail {
  orderId: string;
  invoiceId: string;
  paymentId: string;
  status: "approved" | "declined" | "pending";
  declineCode: string | null;
}

/** `billfront-refund-request` and `billfront-cancellation-request`: what the shop answered (R5). */
export interface CustomerRequestDetail {
  orderId: string;
  paymentId: string | null;
  /** refunded / voided / refund_pending / cancelled: done at once; requested: waiting for the shop. */
  status: string;
}

/**
 * `billfront-subscription-<verb>`: the customer changed their subscription
 * (S1–S7). `subscription` is the subscription as it is now; each event adds
 * what was asked (see {@link SubscriptionEventMap}).
 */
export type SubscriptionEventDetail<T = object> = { subscriptionId: string; orderId: string; subscription: SubscriptionView } & T;

/** Every `billfront-subscription-*` event and what its detail adds. */
export interface SubscriptionEventMap {
  /** Cancelled, scheduled to end, kept by the retention offer, or sent to the shop (`status`). */
  "billfront-subscription-cancel": { status: "cancelled" | "cancel_scheduled" | "retained" | "requested"; when: "now" | "end_of_term"; reason: string | null };
  "billfront-subscription-cancel-undo": object;
  "billfront-subscription-reactivate": object;
  /** Paused now (`pauseAt` null) or scheduled; `resumeAt` when it resumes. */
  "billfront-subscription-pause": { pauseAt: string | null; resumeAt: string | null };
  /** The scheduled pause and resume dates were moved or removed (null). */
  "billfront-subscription-pause-schedule": { pauseAt: string | null; resumeAt: string | null };
  /** Resumed now (`at` null) or on a date. */
  "billfront-subscription-resume": { at: string | null };
  /** Plan (`priceId`) or quantity changed now, with the preview that was confirmed, or at the end of the term. */
  "billfront-subscription-change": { priceId: string; quantity: number; when: "now" | "end_of_term"; preview: ChangePreviewView | null };
  "billfront-subscription-change-undo": object;
  "billfront-subscription-trial-extend": { trialEndsAt: string | null };
  "billfront-subscription-trial-activate": object;
  /** An addon was added (`priceId`), its quantity changed or it was removed (`addonId`). */
  "billfront-subscription-addon": { op: "add" | "update" | "remove"; priceId: string | null; addonId: string | null; quantity: number | null };
  /** A coupon was applied by `code` or removed (`couponId` = the applied coupon). */
  "billfront-subscription-coupon": { op: "apply" | "remove"; code: string | null; couponId: string | null };
  "billfront-subscription-autocharge": { on: boolean };
  "billfront-subscription-payment-method-remove": object;
}

/** `billfront-account-update`: the customer saved their account details (A3); `fields` are the ones sent. */
export interface AccountUpdateDetail {
  account: AccountView;
  fields: string[];
  /** The new address waiting for its code, when the save asked for an e-mail change. */
  pendingEmail: string | null;
}

/** `billfront-email-change-confirm`: the code was right and the customer's e-mail address changed. */
export interface EmailChangeConfirmDetail {
  email: string;
  previousEmail: string;
}

/** `billfront-session-expired`: the session expired and `fetchSession` gave no new one (or there is none). */
export interface SessionExpiredDetail {
  code: "session_expired";
}

/** `billfront-logout`: the customer signed out; `revoked` is false when the server could not be told (the session then ends at its idle timeout). */
export interface LogoutDetail {
  revoked: boolean;
}

/** `billfront-subscription-start`: the customer started one of the shop's plans (A6); its order is now among their orders. */
export interface SubscriptionStartDetail {
  subscriptionId: string;
  orderId: string;
  status: string;
}

/** `billfront-review-submit`: the customer sent or changed their review of the shop. */
export interface ReviewSubmitDetail {
  reviewId: string;
  rating: number;
}
