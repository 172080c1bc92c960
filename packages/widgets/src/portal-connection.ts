import { ContextConsumer } from "@lit/context";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { createPortalClient, type PortalClient } from "./client.ts";
import { portalContext } from "./context.ts";

/** An element that can talk to the portal: its own attributes win over the surrounding <billfront-portal>. */
export type PortalHost = ReactiveControllerHost &
  HTMLElement & {
    api: string | undefined;
    session: string | undefined;
    locale: string | undefined;
  };

/**
 * Resolves API address, session, locale and client for a Billfront element,
 * from its own attributes or from the `<billfront-portal>` it sits in. The
 * client is rebuilt only when the address or session changes.
 */
export class PortalConnection implements ReactiveController {
  readonly #host: PortalHost;
  readonly #portal: ContextConsumer<typeof portalContext, PortalHost>;
  #cache: { api: string; session: string; client: PortalClient } | undefined;

  constructor(host: PortalHost) {
    this.#host = host;
    this.#portal = new ContextConsumer(host, { context: portalContext, subscribe: true });
    host.addController(this);
  }

  hostConnected(): void {}

  get api(): string | undefined {
    return this.#host.api ?? this.#portal.value?.api;
  }

  get session(): string | undefined {
    return this.#host.session ?? this.#portal.value?.session;
  }

  get locale(): string {
    return this.#host.locale ?? this.#portal.value?.locale ?? (document.documentElement.lang || navigator.language);
  }

  get client(): PortalClient | undefined {
    const { api, session } = this;
    if (!api || !session) return undefined;
    if (this.#cache?.api !== api || this.#cache.session !== session) {
      const portal = this.#portal.value;
      this.#cache = { api, session, client: portal && portal.api === api && portal.session === session ? portal.client : createPortalClient(api, session) };
    }
    return this.#cache.client;
  }

  /** The merchant the session belongs to (named in the token, `bfps.<merchant>.<secret>`; not a secret, needed to frame the card form). */
  get merchantId(): string | undefined {
    const [kind, merchant] = this.session?.split(".") ?? [];
    return kind === "bfps" ? merchant : undefined;
  }
}
