// The script-tag entry: <script type="module" src=".../widgets/billfront.js"></script>
import { ContextRoot } from "@lit/context";
import { define } from "./base.ts";
import { BillfrontPortal } from "./billfront-portal/billfront-portal.ts";
import { MyOrders } from "./my-orders/my-orders.ts";
import { BillfrontOrderDetails } from "./my-orders/order-details.ts";
import { PaymentMethods } from "./payment-methods/payment-methods.ts";
import { HelpdeskTickets } from "./helpdesk-tickets/helpdesk-tickets.ts";

// A ContextRoot lets a <billfront-portal> defined after its children (any script order) still answer them.
const ROOT_FLAG = Symbol.for("billfront-context-root");
const globals = globalThis as { [ROOT_FLAG]?: boolean };
if (!globals[ROOT_FLAG]) {
  globals[ROOT_FLAG] = true;
  new ContextRoot().attach(document.documentElement);
}

define("billfront-portal", BillfrontPortal);
define("my-orders", MyOrders);
define("billfront-order-details", BillfrontOrderDetails);
define("payment-methods", PaymentMethods);
define("helpdesk-tickets", HelpdeskTickets);

export { BillfrontPortal, BillfrontOrderDetails, HelpdeskTickets, MyOrders, PaymentMethods };
export type { TicketEventDetail } from "./helpdesk-tickets/helpdesk-tickets.ts";
export type { PaymentMethodEventDetail } from "./payment-methods/payment-methods.ts";
export { ApiError, createPortalClient } from "./client.ts";
export type * from "./events.ts";
