import { ContextProvider } from "@lit/context";
import { Task } from "@lit/task";
import type { PortalConfigView } from "@billfront/core";
import { css, html, nothing, type PropertyValues } from "lit";
import { BillfrontElement } from "../base.ts";
import { design } from "../ui/design.ts";
import { ApiError, createPortalClient, type PortalClient } from "../client.ts";
import { portalContext } from "../context.ts";
import type { LogoutDetail, PortalConfigLoadedDetail, SessionExpiredDetail } from "../events.ts";
import { messagesFor } from "../i18n/messages.ts";
import { PortalSession, type FetchSession, type SessionEnd } from "../session.ts";

/**
 * Holds the portal connection (API address, customer session, locale) and
 * provides it to every Billfront element placed inside it. The elements share
 * one session: when it expires, `fetchSession` is asked once for a new token
 * and every waiting request is retried with it. Shows the shop's banner
 * message above them (P6, W2), as the portal config says.
 *
 * @fires billfront-portal-config-loaded - the shop's portal config arrived; detail `{ config }` (banner, slug, custom tabs, actions)
 * @slot - Billfront elements such as `<my-orders>`.
 * @csspart banner - the shop's banner message
 * @cssproperty --billfront-accent - the banner's edge
 * @cssproperty --billfront-info-bg - the banner's background
 * @attr theme - `light`, `dark` or `auto` (the visitor's `prefers-color-scheme`): the colour scheme of every element inside
 * @fires billfront-session-renew - the session expired and `fetchSession` gave a new one; detail `{}`
 * @fires billfront-session-expired - the session expired and could not be renewed; the elements say so; detail `{ code }`
 * @fires billfront-logout - `logout()` ended the session; detail `{ revoked }` (false if the server could not be told)
 * @tagname billfront-portal
 */
export class BillfrontPortal extends BillfrontElement {
  // The design sheet maps `theme` to `color-scheme`, which every element inside inherits (W2).
  static override styles = [
    design,
    css`
      /* A chosen scheme cannot rely on the page's background matching it: the portal paints its own. */
      :host([theme]) {
        background: var(--_bf-subtle);
        padding: calc(var(--_bf-space) * 0.75);
        border-radius: var(--_bf-radius);
      }
      [part="banner"] {
        margin: 0 0 1rem;
        padding: 0.75rem 1rem;
        background: var(--_bf-info-bg);
        color: var(--_bf-text);
        border-radius: var(--_bf-radius);
        border-inline-start: 0.25rem solid var(--_bf-accent);
        white-space: pre-line;
      }
    `,
  ];

  static override properties = {
    api: { type: String },
    session: { type: String },
    locale: { type: String },
    fetchSession: { attribute: false },
    flow: { type: String },
    flowSubject: { type: String, attribute: "flow-subject" },
    limited: { type: Boolean },
    noBanner: { type: Boolean, attribute: "no-banner" },
  };

  /** Base URL of the Billfront BFF, e.g. `https://billing.example`. */
  declare api: string | undefined;
  /** Portal session token minted by the merchant's server (POST /v1/portal_sessions). */
  declare session: string | undefined;
  /** BCP 47 locale for texts, amounts and dates; defaults to the page's language. */
  declare locale: string | undefined;
  /** Returns a Promise of a new session token from the merchant's server; called once when the session expires. */
  declare fetchSession: FetchSession | undefined;
  /** A5: open at one step: `update_card`, `pay_invoice`, `cancel_subscription`, `change_plan`, `open_ticket` or `orders`. */
  declare flow: string | undefined;
  /** The invoice (`pay_invoice`) or subscription (`cancel_subscription`, `change_plan`) the flow is about. */
  declare flowSubject: string | undefined;
  /** The session may do only its flow (an action link's session): elements leave out what it cannot do. */
  declare limited: boolean;
  /** The page shows the shop's banner itself (the hosted portal, above its tabs): this element leaves it out. */
  declare noBanner: boolean;

  #provider = new ContextProvider(this, { context: portalContext, initialValue: undefined });
  #session: PortalSession | undefined;
  #client: PortalClient | undefined;
  #unsubscribe: (() => void) | undefined;

  // The banner is decoration around the widgets: while it loads, or if it cannot, the page shows none.
  #config = new Task(this, {
    task: async ([client, locale], { signal }): Promise<PortalConfigView | undefined> => {
      if (!client) return undefined;
      const config = await client.getPortalConfig(locale, signal);
      this.emit<PortalConfigLoadedDetail>("billfront-portal-config-loaded", { config });
      return config;
    },
    args: () => [this.#client, this.locale] as const,
  });

  constructor() {
    super();
    this.limited = false;
    this.noBanner = false;
  }

  /** Signs the customer out (A8): ends the session on the server, then every element shows the signed-out state. */
  async logout(): Promise<void> {
    const session = this.#session;
    if (!session || session.ended) return;
    let revoked = true;
    try {
      await this.#client!.logout();
    } catch (error) {
      // Refused as already over (401): ended all the same. Unreachable: the token is dropped here anyway and ends at its idle timeout.
      revoked = error instanceof ApiError && error.status === 401;
    }
    session.end("session_logged_out");
    this.emit<LogoutDetail>("billfront-logout", { revoked });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A renewal sets `session` to the token the shared session already holds: same client, nothing reloads.
    if ((changed.has("api") || changed.has("session")) && !(this.#session && this.session === this.#session.token && !changed.has("api"))) {
      this.#unsubscribe?.();
      this.#session = this.api && this.session ? new PortalSession(this.session, () => this.fetchSession) : undefined;
      this.#client = this.#session ? createPortalClient(this.api!, this.#session) : undefined;
      this.#unsubscribe = this.#session?.subscribe((token, ended) => this.#sessionChanged(token, ended));
    }
    const props: (keyof BillfrontPortal)[] = ["api", "session", "locale", "flow", "flowSubject", "limited"];
    if (props.some((p) => (changed as PropertyValues<BillfrontPortal>).has(p))) this.#provide();
  }

  #provide(): void {
    const session = this.#session;
    this.#provider.setValue(
      session && this.#client
        ? {
            api: this.api!,
            session: session.token,
            locale: this.locale,
            client: this.#client,
            deepLink: this.flow ? { flow: this.flow, subject: this.flowSubject || undefined, limited: this.limited } : undefined,
            ended: session.ended,
          }
        : undefined,
    );
  }

  #sessionChanged(token: string, ended: SessionEnd | undefined): void {
    if (ended) {
      this.#provide();
      if (ended === "session_expired") this.emit<SessionExpiredDetail>("billfront-session-expired", { code: ended });
      return;
    }
    this.session = token;
    this.emit("billfront-session-renew", {});
  }

  protected override render() {
    const banner = this.noBanner ? null : this.#config.value?.banner_message;
    const t = messagesFor(this.locale ?? (document.documentElement.lang || navigator.language));
    return html`${banner ? html`<aside part="banner" aria-label=${t.bannerLabel}>${banner}</aside>` : nothing}<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-portal": BillfrontPortal;
  }
}
