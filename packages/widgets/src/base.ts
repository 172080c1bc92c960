import { LitElement } from "lit";
import { onCatalogLoaded } from "./i18n/messages.ts";

/** Base of every Billfront element: typed events that cross shadow roots, and safe registration. */
export class BillfrontElement extends LitElement {
  #stopListening: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // A language's texts arrive as their own chunk: show them as soon as they do.
    this.#stopListening = onCatalogLoaded(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopListening?.();
  }

  /** Dispatches a `billfront-*` event that bubbles out of shadow DOM to the merchant's page (W5). */
  protected emit<T>(name: `billfront-${string}`, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }
}

/** Defines a custom element unless the tag is taken (the script may be included twice). */
export function define(tag: string, element: CustomElementConstructor): void {
  if (typeof customElements === "undefined") return;
  if (!customElements.get(tag)) customElements.define(tag, element);
}

/**
 * Defines an element only once the page uses it (W7): its code is a separate
 * chunk, fetched when the tag first appears in the document. Until then the
 * element is an undefined tag, which the browser upgrades on definition.
 */
export function defineWhenUsed(tag: string, load: () => Promise<CustomElementConstructor>): void {
  // Server-side rendering has no document to watch: the browser defines it.
  if (typeof document === "undefined" || typeof customElements === "undefined") return;
  if (customElements.get(tag)) return;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    observer.disconnect();
    void load().then((element) => define(tag, element));
  };
  const observer = new MutationObserver(() => {
    if (document.querySelector(tag)) start();
  });
  if (document.querySelector(tag)) start();
  else observer.observe(document.documentElement, { childList: true, subtree: true });
}
