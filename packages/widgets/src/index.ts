// The script-tag entry: <script type="module" src=".../widgets/billfront.js"></script>
import { ContextRoot } from "@lit/context";
import { define, defineWhenUsed } from "./base.ts";
import { BillfrontPortal } from "./billfront-portal/billfront-portal.ts";
import { MyOrders, loadOrderDetails } from "./my-orders/my-orders.ts";

// A ContextRoot lets a <billfront-portal> defined after its children (any script order) still answer them.
const ROOT_FLAG = Symbol.for("billfront-context-root");
const globals = globalThis as { [ROOT_FLAG]?: boolean };
// Imported during server-side rendering (Node, no DOM) it defines nothing that needs a document.
if (!globals[ROOT_FLAG] && typeof document !== "undefined") {
  globals[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}

define("billfront-portal", BillfrontPortal);
define("my-orders", MyOrders);
// W7: views not every page shows are separate chunks, loaded when first used.
defineWhenUsed("billfront-order-details", () => loadOrderDetails().then(() => customElements.get("billfront-order-details")!));
defineWhenUsed("payment-methods", () => import("./payment-methods/payment-methods.ts").then((m) => m.PaymentMethods));
defineWhenUsed("helpdesk-tickets", () => import("./helpdesk-tickets/helpdesk-tickets.ts").then((m) => m.HelpdeskTickets));
defineWhenUsed("account-details", () => import("./account-details/account-details.ts").then((m) => m.AccountDetails));
defineWhenUsed("billfront-plans", () => import("./plans/billfront-plans.ts").then((m) => m.BillfrontPlans));
defineWhenUsed("shop-review", () => import("./shop-review/shop-review.ts").then((m) => m.ShopReview));
defineWhenUsed("billfront-hosted-portal", () => import("./hosted-portal/hosted-portal.ts").then((m) => m.BillfrontHostedPortal));

export { BillfrontPortal, MyOrders };
export type { PaymentMethods } from "./payment-methods/payment-methods.ts";
export type { BillfrontOrderDetails } from "./my-orders/order-details.ts";
export type { BillfrontSubscriptionPanel } from "./my-orders/subscription-panel.ts";
export type { HelpdeskTickets } from "./helpdesk-tickets/helpdesk-tickets.ts";
export type { AccountDetails } from "./account-details/account-details.ts";
export type { BillfrontPlans } from "./plans/billfront-plans.ts";
export type { ShopReview } from "./shop-review/shop-review.ts";
export type { TicketEventDetail } from "./helpdesk-tickets/helpdesk-tickets.ts";
export type { PaymentMethodEventDetail } from "./payment-methods/payment-methods.ts";
export { ApiError, createPortalClient } from "./client.ts";
export { PortalSession, type FetchSession, type SessionEnd } from "./session.ts";
export { registerTranslations, type DeepPartial, type TranslationOverrides } from "./i18n/messages.ts";
export type { Messages, SubscriptionMessages } from "./i18n/messages.ts";
export type { AccountMessages } from "./i18n/account-messages.ts";
export type { DeepLink } from "./context.ts";
export type * from "./events.ts";
