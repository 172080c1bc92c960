import { ContextConsumer } from "@lit/context";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { createPortalClient, type PortalClient } from "./client.ts";
import { portalContext, type DeepLink } from "./context.ts";
import { useShopTimeZone } from "./format.ts";
import { displayLocale } from "./i18n/messages.ts";
import { PortalSession, type FetchSession, type SessionEnd } from "./session.ts";

/** An element that can talk to the portal: its own attributes win over the surrounding <billfront-portal>. */
export type PortalHost = ReactiveControllerHost &
  HTMLElement & {
    api: string | undefined;
    session: string | undefined;
    locale: string | undefined;
    fetchSession?: FetchSession | undefined;
    flow?: string | undefined;
    flowSubject?: string | undefined;
  };

/** Clients whose shop's time zone is asked for (or known): one config request each. */
const learning = new WeakSet<PortalClient>();

/**
 * Resolves API address, session, locale, deep link and client for a Billfront
 * element, from its own attributes or from the `<billfront-portal>` it sits in.
 * The client is rebuilt only when the address or session changes; an element
 * with a session of its own renews it with its own `fetchSession`.
 */
export class PortalConnection implements ReactiveController {
  readonly #host: PortalHost;
  readonly #portal: ContextConsumer<typeof portalContext, PortalHost>;
  #cache: { api: string; session: string; client: PortalClient; unsubscribe?: () => void } | undefined;

  constructor(host: PortalHost) {
    this.#host = host;
    this.#portal = new ContextConsumer(host, { context: portalContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {}

  get api(): string | undefined {
    return this.#host.api ?? this.#portal.value?.api;
  }

  /** The token requests go out with now (a renewed one after a renewal). */
  get session(): string | undefined {
    return this.client?.session.token ?? this.#given;
  }

  get #given(): string | undefined {
    return this.#host.session ?? this.#portal.value?.session;
  }

  /**
   * The locale texts, dates and amounts use, resolved once (W3): the element's,
   * else the portal's, else the page's; "fr-CA" if French is spoken, "en" for a
   * language Billfront does not speak (and while a language's texts load).
   */
  get locale(): string {
    return displayLocale(this.#host.locale ?? this.#portal.value?.locale ?? (document.documentElement.lang || navigator.language));
  }

  /** Where to open (A5): the element's own `flow` attribute, else the portal's. */
  get deepLink(): DeepLink | undefined {
    return this.#host.flow ? { flow: this.#host.flow, subject: this.#host.flowSubject || undefined, limited: false } : this.#portal.value?.deepLink;
  }

  /** Set once the session is over: the element shows that instead of its content. */
  get ended(): SessionEnd | undefined {
    return this.client?.session.ended;
  }

  get client(): PortalClient | undefined {
    const client = this.#client();
    if (client && !client.session.ended && !learning.has(client)) {
      learning.add(client);
      // Dates are shown on the shop's calendar (formatDate); until the config answers they read as UTC.
      client.shopTimeZone().then(useShopTimeZone, () => learning.delete(client));
    }
    return client;
  }

  #client(): PortalClient | undefined {
    const api = this.api;
    const session = this.#given;
    if (!api || !session) return undefined;
    const portal = this.#portal.value;
    if (portal && portal.api === api && portal.session === session) return portal.client;
    if (this.#cache?.api !== api || this.#cache.session !== session) {
      this.#cache?.unsubscribe?.();
      const own = new PortalSession(session, () => this.#host.fetchSession);
      const unsubscribe = own.subscribe((_token, ended) => {
        this.#host.requestUpdate();
        if (ended === "session_expired") this.#host.dispatchEvent(new CustomEvent("billfront-session-expired", { detail: { code: ended }, bubbles: true, composed: true }));
      });
      this.#cache = { api, session, client: createPortalClient(api, own), unsubscribe };
    }
    return this.#cache.client;
  }

  /** The merchant the session belongs to (named in the token, `bfps.<merchant>.<secret>`; not a secret, needed to frame the card form). */
  get merchantId(): string | undefined {
    const [kind, merchant] = this.session?.split(".") ?? [];
    return kind === "bfps" ? merchant : undefined;
  }
}
