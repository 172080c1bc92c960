import { LitElement } from "lit";
import { onCatalogLoaded } from "./i18n/messages.ts";

/** Base of every Billfront element: typed events that cross shadow roots, and safe registration. */
export class BillfrontElement extends LitElement {
  #stopListening: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // A language's texts arrive as their own chunk: show them as soon as they do.
    this.#stopListening = onCatalogLoaded(() => this.requestUpdate());
    // Placed in a shadow root this script could not see being made (declarative, or closed and older than the script):
    // its lazily defined siblings are found from here.
    const root = this.getRootNode();
    if (root instanceof ShadowRoot) watchForLazyElements(root);
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

/** Lazily defined tags not yet seen on the page, each with what starts loading its chunk (W7). */
const pending = new Map<string, () => void>();
const watched = new WeakSet<Node>();

/** Starts loading every pending tag used in `root` (not inside nested shadow roots: those are watched themselves). */
function scan(root: Document | ShadowRoot): void {
  for (const [tag, start] of pending) if (root.querySelector(tag)) start();
}

/**
 * Watches a document or shadow root for pending lazy tags. The document alone
 * is not enough: an element inside a merchant component's shadow root is
 * invisible to the document's observer and would never be defined.
 */
export function watchForLazyElements(root: Document | ShadowRoot): void {
  if (pending.size === 0 || watched.has(root)) return;
  watched.add(root);
  scan(root);
  const observer = new MutationObserver(() => (pending.size === 0 ? observer.disconnect() : scan(root)));
  observer.observe(root, { childList: true, subtree: true });
}

let hooked = false;
let walkQueued = false;
/**
 * Shadow roots come from `attachShadow` (every one created after this script
 * ran, open or closed, is watched from birth), or already exist (open ones are
 * found by walking the page; declarative or closed ones are watched once a
 * Billfront element connects inside them, see BillfrontElement).
 */
function watchShadowRoots(): void {
  if (!hooked) {
    hooked = true;
    const attachShadow = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
      const root = attachShadow.call(this, init);
      if (pending.size > 0) watchForLazyElements(root);
      return root;
    };
  }
  // One walk of the page for all the tags the script defines in one go.
  if (walkQueued) return;
  walkQueued = true;
  queueMicrotask(() => {
    walkQueued = false;
    const walk = (root: Document | ShadowRoot) => {
      if (watched.has(root)) scan(root);
      else watchForLazyElements(root);
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
  });
}

/**
 * Defines an element only once the page uses it (W7): its code is a separate
 * chunk, fetched when the tag first appears in the document or in any shadow
 * root. Until then the element is an undefined tag, which the browser
 * upgrades on definition (in shadow roots too: they share the global registry).
 */
export function defineWhenUsed(tag: string, load: () => Promise<CustomElementConstructor>): void {
  // Server-side rendering has no document to watch: the browser defines it.
  if (typeof document === "undefined" || typeof customElements === "undefined") return;
  if (customElements.get(tag) || pending.has(tag)) return;
  pending.set(tag, () => {
    pending.delete(tag);
    void load().then((element) => define(tag, element));
  });
  watchShadowRoots();
}
