import { LitElement } from "lit";
import { loadCatalog, messagesFor, onCatalogLoaded } from "./i18n/messages.ts";

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
/** Tags whose chunk could not be loaded, each with its retry: every instance shows why until a retry works. */
const failed = new Map<string, () => void>();
const watched = new WeakSet<Node>();

/** Starts loading every pending tag used in `root`, and marks instances of failed ones (not inside nested shadow roots: those are watched themselves). */
function scan(root: Document | ShadowRoot): void {
  for (const [tag, start] of pending) if (root.querySelector(tag)) start();
  for (const [tag, retry] of failed) for (const el of root.querySelectorAll(tag)) showLoadFailure(el, retry);
}

const FALLBACK = "data-billfront-load-failed";

/**
 * An element whose chunk did not load is an undefined tag: it cannot render
 * anything of its own. The loader puts a short message with a retry inside it
 * (light DOM, removed again before the real element upgrades and renders in its
 * shadow root), and the element emits `billfront-error` with `chunk_load_failed`
 * so the page can react. Texts in the element's (or its portal's, or the page's) language.
 */
function showLoadFailure(el: Element, retry: () => void): void {
  if (el.querySelector(`:scope > [${FALLBACK}]`)) return;
  const locale = el.getAttribute("locale") ?? el.closest("[locale]")?.getAttribute("locale") ?? (document.documentElement.lang || navigator.language);
  const box = document.createElement("div");
  box.setAttribute(FALLBACK, "");
  box.setAttribute("role", "alert");
  box.setAttribute("part", "error");
  // Inline, since no stylesheet of ours reaches the page's own DOM; readable in any scheme.
  box.style.cssText = "display:grid;gap:.75rem;justify-items:start;padding:1rem;border:1px solid currentColor;border-radius:.5rem;max-width:100%;box-sizing:border-box;overflow-wrap:anywhere";
  const text = document.createElement("p");
  text.style.margin = "0";
  const button = document.createElement("button");
  button.type = "button";
  button.style.cssText = "font:inherit;min-height:2.5rem;padding:.5rem 1rem;cursor:pointer";
  const attempts = Number(el.getAttribute("data-billfront-load-attempts") ?? "0");
  const words = () => {
    const t = messagesFor(locale);
    text.textContent = t.chunkFailed;
    // A browser keeps a failed module import failed: after one retry in place, the retry loads the page again.
    button.textContent = attempts >= 1 ? t.reloadPage : t.retry;
    return t;
  };
  words();
  button.addEventListener("click", () => {
    if (attempts >= 1) return location.reload();
    el.setAttribute("data-billfront-load-attempts", String(attempts + 1));
    retry();
  });
  box.append(text, button);
  el.append(box);
  // The language's texts are a chunk too (they may fail the same way: English then).
  void loadCatalog(locale.toLowerCase().split("-")[0]!)
    .catch(() => undefined)
    .then(() => {
      const t = words();
      el.dispatchEvent(new CustomEvent("billfront-error", { detail: { code: "chunk_load_failed", status: 0, message: t.chunkFailed }, bubbles: true, composed: true }));
    });
}

/** Every instance of `tag` on the page, through open shadow roots. */
function instancesOf(tag: string, root: Document | ShadowRoot = document): Element[] {
  const found = [...root.querySelectorAll(tag)];
  for (const el of root.querySelectorAll("*")) if (el.shadowRoot) found.push(...instancesOf(tag, el.shadowRoot));
  return found;
}

/**
 * Watches a document or shadow root for pending lazy tags. The document alone
 * is not enough: an element inside a merchant component's shadow root is
 * invisible to the document's observer and would never be defined.
 */
export function watchForLazyElements(root: Document | ShadowRoot): void {
  if ((pending.size === 0 && failed.size === 0) || watched.has(root)) return;
  watched.add(root);
  scan(root);
  const observer = new MutationObserver(() => (pending.size === 0 && failed.size === 0 ? observer.disconnect() : scan(root)));
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
  const start = () => {
    pending.delete(tag);
    failed.delete(tag);
    load().then(
      (element) => {
        // Loaded after a failure: the messages go before the element upgrades.
        for (const el of instancesOf(tag)) el.querySelector(`:scope > [${FALLBACK}]`)?.remove();
        define(tag, element);
      },
      () => {
        failed.set(tag, () => {
          for (const el of instancesOf(tag)) el.querySelector(`:scope > [${FALLBACK}]`)?.remove();
          start();
        });
        for (const el of instancesOf(tag)) showLoadFailure(el, failed.get(tag)!);
      },
    );
  };
  pending.set(tag, start);
  watchShadowRoots();
}
