// The package's public types (dist/billfront.d.ts, bundled by rollup-plugin-dts
// with the @billfront/core views they name written in): the elements as the
// page sees them, the tag names, and every `billfront-*` event with its detail.
// Lit is bundled into the script, so no type here names it.
import type { Money, PaymentMethodView, AccountView, PlanView } from "@billfront/core";
import type {
  AccountUpdateDetail,
  BillfrontErrorDetail,
  CustomerRequestDetail,
  DocumentDownloadDetail,
  DocumentForwardDetail,
  EmailChangeConfirmDetail,
  InvoicePayDetail,
  LogoutDetail,
  OrderOpenDetail,
  OrdersLoadedDetail,
  PortalConfigLoadedDetail,
  SessionExpiredDetail,
  SubscriptionEventDetail,
  SubscriptionEventMap,
  SubscriptionStartDetail,
  ReviewSubmitDetail,
} from "./events.ts";

export type * from "./events.ts";

// These mirror the element files' own detail types (importing them would name Lit's classes here).
/** `billfront-ticket-*`: which ticket. */
export interface TicketEventDetail {
  ticketId: string;
  subject: string;
}
/** `billfront-incidents-purchase`: an incident package was bought. */
export interface IncidentsPurchaseDetail {
  orderId: string;
  priceId: string;
  status: "approved" | "pending" | "declined" | "authorized";
  available: number;
}
/** `billfront-payment-method-*`: the card (and the order it was assigned to). */
export interface PaymentMethodEventDetail {
  paymentMethod: Pick<PaymentMethodView, "id" | "brand" | "last4" | "exp_month" | "exp_year">;
  orderId?: string;
}
/** Returns a Promise of a new session token (or nothing: the session then ends). */
export type FetchSession = () => Promise<string | null | undefined>;
/** Why a session ended. */
export type SessionEnd = "session_expired" | "session_revoked" | "session_logged_out" | "session_invalid" | "session_missing";

/** Every `billfront-*` event an element dispatches (they bubble and cross shadow roots), by name. */
export interface BillfrontEventMap {
  "billfront-portal-config-loaded": CustomEvent<PortalConfigLoadedDetail>;
  "billfront-session-renew": CustomEvent<Record<string, never>>;
  "billfront-session-expired": CustomEvent<SessionExpiredDetail>;
  "billfront-logout": CustomEvent<LogoutDetail>;
  "billfront-error": CustomEvent<BillfrontErrorDetail>;
  "billfront-orders-loaded": CustomEvent<OrdersLoadedDetail>;
  /** Cancelable: call `preventDefault()` to route to the order yourself. */
  "billfront-order-open": CustomEvent<OrderOpenDetail>;
  "billfront-order-close": CustomEvent<OrderOpenDetail>;
  /** Cancelable: call `preventDefault()` to download it yourself. */
  "billfront-document-download": CustomEvent<DocumentDownloadDetail>;
  "billfront-document-forward": CustomEvent<DocumentForwardDetail>;
  "billfront-invoice-pay": CustomEvent<InvoicePayDetail>;
  "billfront-invoices-pay": CustomEvent<{ invoiceIds: string[]; status: "approved" | "declined" | "pending" }>;
  "billfront-refund-request": CustomEvent<CustomerRequestDetail>;
  "billfront-cancellation-request": CustomEvent<CustomerRequestDetail>;
  "billfront-payment-methods-loaded": CustomEvent<{ paymentMethods: PaymentMethodView[] }>;
  "billfront-payment-method-add": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-default": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-assign": CustomEvent<PaymentMethodEventDetail>;
  "billfront-payment-method-remove": CustomEvent<PaymentMethodEventDetail>;
  "billfront-balance-top-up": CustomEvent<{ amount: Money }>;
  "billfront-ticket-open": CustomEvent<TicketEventDetail>;
  "billfront-ticket-create": CustomEvent<TicketEventDetail>;
  "billfront-ticket-reply": CustomEvent<TicketEventDetail>;
  "billfront-ticket-close": CustomEvent<TicketEventDetail>;
  "billfront-ticket-reopen": CustomEvent<TicketEventDetail>;
  /** Cancelable: call `preventDefault()` to sell incident packages yourself. */
  "billfront-incidents-buy": CustomEvent<{ departmentId: string | null }>;
  "billfront-incidents-purchase": CustomEvent<IncidentsPurchaseDetail>;
  "billfront-account-loaded": CustomEvent<{ account: AccountView }>;
  "billfront-account-update": CustomEvent<AccountUpdateDetail>;
  "billfront-email-change-confirm": CustomEvent<EmailChangeConfirmDetail>;
  "billfront-plans-loaded": CustomEvent<{ plans: PlanView[] }>;
  "billfront-subscription-start": CustomEvent<SubscriptionStartDetail>;
  "billfront-review-submit": CustomEvent<ReviewSubmitDetail>;
}

/** The `billfront-subscription-*` events, each with the subscription and what was asked. */
export type BillfrontSubscriptionEventMap = { [E in keyof SubscriptionEventMap]: CustomEvent<SubscriptionEventDetail<SubscriptionEventMap[E]>> };

/** All Billfront events. */
export type BillfrontEvents = BillfrontEventMap & BillfrontSubscriptionEventMap;

/** What every Billfront element is: an HTMLElement whose `addEventListener` knows the Billfront events. */
export interface BillfrontElementBase extends HTMLElement {
  addEventListener<K extends keyof BillfrontEvents>(type: K, listener: (this: HTMLElement, event: BillfrontEvents[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: HTMLElement, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof BillfrontEvents>(type: K, listener: (this: HTMLElement, event: BillfrontEvents[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: HTMLElement, event: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/** Attributes and properties every element that talks to the portal API has (or takes from the surrounding `<billfront-portal>`). */
export interface PortalConnectionProps {
  /** `api`: base URL of the Billfront BFF. */
  api: string | undefined;
  /** `session`: the portal session token your server minted. */
  session: string | undefined;
  /** `locale`: BCP 47 language tag; overrides the portal's and the page's. */
  locale: string | undefined;
  /** Returns a Promise of a new session token when the session expires (property only). */
  fetchSession: FetchSession | undefined;
  /** `flow`: open straight at one step (`orders`, `update_card`, `pay_invoice`, `cancel_subscription`, `change_plan`, `open_ticket`). */
  flow: string | undefined;
  /** `flow-subject`: the invoice or subscription id the flow is about. */
  flowSubject: string | undefined;
}

/** `<billfront-portal>`: holds the connection for the Billfront elements inside it and shows the shop's banner. */
export interface BillfrontPortalElement extends BillfrontElementBase, PortalConnectionProps {
  /** `limited`: a limited session (no sign-in): only what the session allows. */
  limited: boolean;
  /** `no-banner`: hide the shop's banner message. */
  noBanner: boolean;
  /** Ends the session (the server revokes it) and fires `billfront-logout`. */
  logout(): Promise<void>;
}
/** `<my-orders>`: the customer's orders, invoices and subscriptions. */
export interface MyOrdersElement extends BillfrontElementBase, PortalConnectionProps {
  /** `page-size`: orders per page (1-100). */
  pageSize: number;
}
/** `<payment-methods>`: saved cards and the balance. */
export interface PaymentMethodsElement extends BillfrontElementBase, PortalConnectionProps {}
/** `<helpdesk-tickets>`: support tickets and incident packages. */
export interface HelpdeskTicketsElement extends BillfrontElementBase, PortalConnectionProps {}
/** `<account-details>`: the customer's name, e-mail, phone, billing address and tax id. */
export interface AccountDetailsElement extends BillfrontElementBase, PortalConnectionProps {}
/** `<billfront-plans>`: the shop's plans a customer may start (A6). */
export interface BillfrontPlansElement extends BillfrontElementBase, PortalConnectionProps {}
/** `<shop-review>`: the customer's rating of the shop, read only by the shop. */
export interface ShopReviewElement extends BillfrontElementBase, PortalConnectionProps {}
/** `<billfront-hosted-portal>`: the frame of Billfront's own hosted portal page. */
export interface BillfrontHostedPortalElement extends BillfrontElementBase {
  merchant: string;
  merchantName: string | undefined;
  logoUrl: string | undefined;
  brandColor: string | undefined;
  defaultLocale: string | undefined;
  selfSignIn: boolean;
}

/** The element classes (defined when the script is imported in a browser; `undefined` tags are upgraded on definition). */
export declare const BillfrontPortal: { new (): BillfrontPortalElement; prototype: BillfrontPortalElement };
export declare const MyOrders: { new (): MyOrdersElement; prototype: MyOrdersElement };

/**
 * Overrides some texts of a language, or adds a language (W3). Keys given for
 * `de`, `fr`, `es` or `en` are laid over Billfront's own; a region (`de-CH`)
 * over its language; a new language (`pt`) over English, and that language is
 * spoken from then on. Widget texts at the top level, `<account-details>`
 * texts under `account`. Every element re-renders.
 */
export declare function registerTranslations(locale: string, messages: TranslationOverrides): void;

/**
 * Texts by key, shaped like the widgets' English catalogue (`Messages` in the
 * source): records nest (`status`, `errors`, `cards`, `subscription`, ...), a
 * text that takes values is a function returning the text.
 */
export interface TranslationTexts {
  [key: string]: string | ((...values: never[]) => string) | TranslationTexts;
}
/** What `registerTranslations` takes: widget texts, and `<account-details>` texts under `account`. */
export type TranslationOverrides = TranslationTexts & { account?: TranslationTexts };

/** An error the portal API answered (`application/problem+json`). */
export declare class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The problem's field errors and extra details, when it sent any. */
  readonly problem: { errors?: { field: string; code?: string; message: string }[]; details?: Record<string, unknown> };
}

// The shipped billfront.d.ts adds the global declarations of scripts/build-types.mjs (HTMLElementTagNameMap,
// GlobalEventHandlersEventMap); in this program the element files declare the tags with their classes.
