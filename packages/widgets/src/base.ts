import { LitElement } from "lit";

/** Base of every Billfront element: typed events that cross shadow roots, and safe registration. */
export class BillfrontElement extends LitElement {
  /** Dispatches a `billfront-*` event that bubbles out of shadow DOM to the merchant's page (W5). */
  protected emit<T>(name: `billfront-${string}`, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }
}

/** Defines a custom element unless the tag is taken (the script may be included twice). */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
