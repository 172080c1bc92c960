// Template types of the Billfront elements for Vue 3 (vue-tsc, Volar). Tell
// Vue's compiler they are custom elements (vite.config: `vue({ template: {
// compilerOptions: { isCustomElement: (tag) => BILLFRONT_TAGS.includes(tag) } } })`);
// Vue then sets a bound value as a DOM property when the element has it
// (`:fetchSession="renew"`, or force it with `.fetchSession`), else as an attribute,
// and `@billfront-ticket-create="..."` listens to that event.
//
//   import "@billfront/widgets";                 // defines the elements
//   import type {} from "@billfront/widgets/vue"; // (or a relative path to this file) the template types
import type { HTMLAttributes } from "vue";
import type { BillfrontElements } from "./elements.js";

export type * from "./elements.js";

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;
/** `@billfront-ticket-create` compiles to the `onBillfrontTicketCreate` prop, which Vue turns back into the event name. */
type EventProps<Events> = { [K in keyof Events & string as `on${Capitalize<Camel<K>>}`]?: (event: Events[K]) => void };

/** A custom element as Vue's template type checker sees it. */
export type BillfrontVueElement<Tag extends keyof BillfrontElements> = new () => BillfrontElements[Tag]["element"] & {
  /** @deprecated For template type checking only; not on the element. */
  $props: HTMLAttributes &
    BillfrontElements[Tag]["props"] &
    EventProps<BillfrontElements[Tag]["events"]> & {
      "flow-subject"?: string;
      "page-size"?: number;
    };
};

/** The tags to give Vue's `compilerOptions.isCustomElement`. */
export type BillfrontTag = keyof BillfrontElements;

declare module "vue" {
  interface GlobalComponents {
    "billfront-portal": BillfrontVueElement<"billfront-portal">;
    "my-orders": BillfrontVueElement<"my-orders">;
    "payment-methods": BillfrontVueElement<"payment-methods">;
    "helpdesk-tickets": BillfrontVueElement<"helpdesk-tickets">;
    "account-details": BillfrontVueElement<"account-details">;
    "billfront-plans": BillfrontVueElement<"billfront-plans">;
    "shop-review": BillfrontVueElement<"shop-review">;
  }
}
