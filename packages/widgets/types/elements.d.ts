// Framework-neutral types of the Billfront elements for merchant apps: what each
// element takes (attributes and properties) and the `billfront-*` events it
// dispatches. Used by ./react.d.ts and ./vue.d.ts; hand-written so an app needs
// neither Lit nor the widgets' sources to type-check.

/** An object of the portal API as JSON (snake_case fields, prefixed `id`), e.g. an order or a payment method. */
export interface ApiObject {
  id: string;
  [field: string]: unknown;
}

/** Money in integer minor units with its ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}

/** Returns a Promise of a new session token from the merchant's own server (never the secret key in the browser). */
export type FetchSession = () => Promise<string | undefined | null>;

/** What every element that talks to the portal API takes; inside `<billfront-portal>` they come from the portal. */
export interface PortalElementProps {
  /** Base URL of the Billfront BFF (attribute and property). */
  api?: string;
  /** Portal session token minted by the merchant's server (attribute and property). */
  session?: string;
  /** BCP 47 locale; defaults to the page's language. */
  locale?: string;
  /** Property only (a function): asked once for a new token when the session expires. */
  fetchSession?: FetchSession;
  /** Open straight at one step: `update_card`, `pay_invoice`, `cancel_subscription`, `change_plan`, `open_ticket` or `orders`. */
  flow?: string;
  /** The invoice or subscription the flow is about (attribute `flow-subject`, property `flowSubject`). */
  flowSubject?: string;
}

export interface BillfrontPortalProps extends PortalElementProps {
  /** The session may do only its flow (an action link's session). */
  limited?: boolean;
}

export interface MyOrdersProps extends PortalElementProps {
  /** Orders per page (1-100); attribute `page-size`. */
  pageSize?: number;
}

export interface BillfrontPortalElement extends HTMLElement, BillfrontPortalProps {
  /** Signs the customer out: ends the session on the server, then every element shows the signed-out state. */
  logout(): Promise<void>;
}
export interface MyOrdersElement extends HTMLElement, MyOrdersProps {}
export interface PaymentMethodsElement extends HTMLElement, PortalElementProps {}
export interface HelpdeskTicketsElement extends HTMLElement, PortalElementProps {}
export interface AccountDetailsElement extends HTMLElement, PortalElementProps {}
export interface BillfrontPlansElement extends HTMLElement, PortalElementProps {}
export interface ShopReviewElement extends HTMLElement, PortalElementProps {}

/** `billfront-error`: something the customer asked for failed; `message` is what the widget showed. */
export interface BillfrontErrorDetail {
  code: string;
  status: number;
  message: string;
}
/** `billfront-order-open` (cancelable), `billfront-order-close`. */
export interface OrderOpenDetail {
  orderId: string;
  number: string;
}
/** `billfront-refund-request`, `billfront-cancellation-request`: what the shop answered. */
export interface CustomerRequestDetail {
  orderId: string;
  paymentId: string | null;
  /** refunded / voided / refund_pending / cancelled: done at once; requested: waiting for the shop. */
  status: string;
}
/** `billfront-payment-method-add|default|assign|remove`. */
export interface PaymentMethodEventDetail {
  paymentMethod: { id: string; brand: string; last4: string; exp_month: number; exp_year: number };
  orderId?: string;
}
/** `billfront-ticket-open|create|reply|close|reopen`. */
export interface TicketEventDetail {
  ticketId: string;
  subject: string;
}

/** Events of `<billfront-portal>` itself. */
export interface BillfrontPortalEvents {
  "billfront-portal-config-loaded": CustomEvent<{ config: ApiObject }>;
  "billfront-session-renew": CustomEvent<Record<string, never>>;
  "billfront-session-expired": CustomEvent<{ code: "session_expired" }>;
  "billfront-logout": CustomEvent<{ revoked: boolean }>;
}
export interface ErrorEvents {
  "billfront-error": CustomEvent<BillfrontErrorDetail>;
}
type SubscriptionEvent<T = object> = CustomEvent<{ subscriptionId: string; orderId: string; subscription: ApiObject } & T>;
export interface MyOrdersEvents extends ErrorEvents {
  "billfront-orders-loaded": CustomEvent<{ orders: ApiObject[]; hasMore: boolean }>;
  "billfront-order-open": CustomEvent<OrderOpenDetail>;
  "billfront-order-close": CustomEvent<OrderOpenDetail>;
  "billfront-document-download": CustomEvent<{ orderId: string; documentId: string | null; kind: string; number: string }>;
  "billfront-document-forward": CustomEvent<{ orderId: string; documentId: string; kind: string; number: string; forwardsLeft: number }>;
  "billfront-invoice-pay": CustomEvent<{ orderId: string; invoiceId: string; paymentId: string; status: "approved" | "declined" | "pending"; declineCode: string | null }>;
  "billfront-invoices-pay": CustomEvent<{ invoiceIds: string[]; status: string }>;
  "billfront-refund-request": CustomEvent<CustomerRequestDetail>;
  "billfront-cancellation-request": CustomEvent<CustomerRequestDetail>;
  "billfront-subscription-cancel": SubscriptionEvent<{ status: "cancelled" | "cancel_scheduled" | "retained" | "requested"; when: "now" | "end_of_term"; reason: string | null }>;
  "billfront-subscription-cancel-undo": SubscriptionEvent;
  "billfront-subscription-reactivate": SubscriptionEvent;
  "billfront-subscription-pause": SubscriptionEvent<{ pauseAt: string | null; resumeAt: string | null }>;
  "billfront-subscription-pause-schedule": SubscriptionEvent<{ pauseAt: string | null; resumeAt: string | null }>;
  "billfront-subscription-resume": SubscriptionEvent<{ at: string | null }>;
  "billfront-subscription-change": SubscriptionEvent<{ priceId: string; quantity: number; when: "now" | "end_of_term"; preview: ApiObject | null }>;
  "billfront-subscription-change-undo": SubscriptionEvent;
  "billfront-subscription-trial-extend": SubscriptionEvent<{ trialEndsAt: string | null }>;
  "billfront-subscription-trial-activate": SubscriptionEvent;
  "billfront-subscription-addon": SubscriptionEvent<{ op: "add" | "update" | "remove"; priceId: string | null; addonId: string | null; quantity: number | null }>;
  "billfront-subscription-coupon": SubscriptionEvent<{ op: "apply" | "remove"; code: string | null; couponId: string | null }>;
  "billfront-subscription-autocharge": SubscriptionEvent<{ on: boolean }>;
  "billfront-subscription-payment-method-remove": SubscriptionEvent;
}
export interface PaymentMethodsEvents extends ErrorEvents {
  "billfront-payment-methods-loaded": CustomEvent<{ paymentMethods: ApiObject[] }>;
  "billfront-payment-method-add": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-default": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-assign": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-remove": CustomEvent<PaymentMethodEventDetail>;
  "billfront-balance-top-up": CustomEvent<{ amount: Money }>;
}
export interface HelpdeskTicketsEvents extends ErrorEvents {
  "billfront-ticket-open": CustomEvent<TicketEventDetail>;
  "billfront-ticket-create": CustomEvent<TicketEventDetail>;
  "billfront-ticket-reply": CustomEvent<TicketEventDetail>;
  "billfront-ticket-close": CustomEvent<TicketEventDetail>;
  "billfront-ticket-reopen": CustomEvent<TicketEventDetail>;
  "billfront-incidents-buy": CustomEvent<{ departmentId: string }>;
  "billfront-incidents-purchase": CustomEvent<{ orderId: string; priceId: string; status: string; available: number }>;
}
export interface AccountDetailsEvents extends ErrorEvents {
  "billfront-account-loaded": CustomEvent<{ account: ApiObject }>;
  "billfront-account-update": CustomEvent<{ account: ApiObject; fields: string[]; pendingEmail: string | null }>;
  "billfront-email-change-confirm": CustomEvent<{ email: string; previousEmail: string }>;
}
export interface BillfrontPlansEvents extends ErrorEvents {
  "billfront-plans-loaded": CustomEvent<{ plans: ApiObject[] }>;
  "billfront-subscription-start": CustomEvent<{ subscriptionId: string; orderId: string; status: string }>;
  "billfront-payment-method-add": CustomEvent<PaymentMethodEventDetail>;
}
export interface ShopReviewEvents extends ErrorEvents {
  "billfront-review-submit": CustomEvent<{ reviewId: string; rating: number }>;
}
/** Every `billfront-*` event: they bubble out of shadow DOM, so `<billfront-portal>` (or any ancestor) hears them all. */
export interface BillfrontEvents extends BillfrontPortalEvents, MyOrdersEvents, PaymentMethodsEvents, HelpdeskTicketsEvents, AccountDetailsEvents, BillfrontPlansEvents, ShopReviewEvents {}

/** Each tag: its element, the props it takes and the events it dispatches. */
export interface BillfrontElements {
  "billfront-portal": { element: BillfrontPortalElement; props: BillfrontPortalProps; events: BillfrontEvents };
  "my-orders": { element: MyOrdersElement; props: MyOrdersProps; events: MyOrdersEvents };
  "payment-methods": { element: PaymentMethodsElement; props: PortalElementProps; events: PaymentMethodsEvents };
  "helpdesk-tickets": { element: HelpdeskTicketsElement; props: PortalElementProps; events: HelpdeskTicketsEvents };
  "account-details": { element: AccountDetailsElement; props: PortalElementProps; events: AccountDetailsEvents };
  "billfront-plans": { element: BillfrontPlansElement; props: PortalElementProps; events: BillfrontPlansEvents };
  "shop-review": { element: ShopReviewElement; props: PortalElementProps; events: ShopReviewEvents };
}
