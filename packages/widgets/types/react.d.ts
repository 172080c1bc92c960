// JSX types of the Billfront elements for React 19, which sets properties on
// custom elements (a function such as `fetchSession` included) and listens to
// any `on<event-name>` prop: `onbillfront-ticket-create={(e) => ...}` adds a
// listener for `billfront-ticket-create`.
//
//   import "@billfront/widgets";               // defines the elements
//   import type {} from "@billfront/widgets/react"; // (or a relative path to this file) the JSX types
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { BillfrontElements } from "./elements.js";

export type * from "./elements.js";

/** `on<event>` props for each event: React 19 passes the rest of the name to addEventListener as is. */
type EventProps<Events> = { [K in keyof Events & string as `on${K}`]?: (event: Events[K]) => void };

/** What JSX takes for one tag: the usual HTML props, the element's own props, kebab-case attributes and its events. */
export type BillfrontJsxProps<Tag extends keyof BillfrontElements> = DetailedHTMLProps<HTMLAttributes<BillfrontElements[Tag]["element"]>, BillfrontElements[Tag]["element"]> &
  BillfrontElements[Tag]["props"] &
  EventProps<BillfrontElements[Tag]["events"]> & {
    "flow-subject"?: string;
    "page-size"?: number;
  };

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "billfront-portal": BillfrontJsxProps<"billfront-portal">;
      "my-orders": BillfrontJsxProps<"my-orders">;
      "payment-methods": BillfrontJsxProps<"payment-methods">;
      "helpdesk-tickets": BillfrontJsxProps<"helpdesk-tickets">;
      "account-details": BillfrontJsxProps<"account-details">;
      "billfront-plans": BillfrontJsxProps<"billfront-plans">;
      "shop-review": BillfrontJsxProps<"shop-review">;
    }
  }
}
