import { ContextProvider } from "@lit/context";
import { Task } from "@lit/task";
import type { PortalConfigView } from "@billfront/core";
import { css, html, nothing, type PropertyValues } from "lit";
import { BillfrontElement } from "../base.ts";
import { createPortalClient, type PortalClient } from "../client.ts";
import { portalContext } from "../context.ts";
import type { PortalConfigLoadedDetail } from "../events.ts";
import { messagesFor } from "../i18n/messages.ts";

/**
 * Holds the portal connection (API address, customer session, locale) and
 * provides it to every Billfront element placed inside it. Shows the shop's
 * banner message above them (P6, W2), as the portal config says.
 *
 * @fires billfront-portal-config-loaded - the shop's portal config arrived; detail `{ config }` (banner, slug, custom tabs, actions)
 * @slot - Billfront elements such as `<my-orders>`.
 * @csspart banner - the shop's banner message
 * @cssproperty --billfront-accent - the banner's edge
 * @cssproperty --billfront-surface - the banner's background
 */
export class BillfrontPortal extends BillfrontElement {
  static override styles = css`
    :host {
      display: block;
    }
    [part="banner"] {
      margin: 0 0 1rem;
      padding: 0.75rem 1rem;
      background: var(--billfront-surface, #fff);
      border-inline-start: 0.25rem solid var(--billfront-accent, #0b57d0);
      overflow-wrap: anywhere;
      white-space: pre-line;
    }
  `;

  static override properties = {
    api: { type: String },
    session: { type: String },
    locale: { type: String },
  };

  /** Base URL of the Billfront BFF, e.g. `https://billing.example`. */
  declare api: string | undefined;
  /** Portal session token minted by the merchant's server (POST /v1/portal_sessions). */
  declare session: string | undefined;
  /** BCP 47 locale for texts, amounts and dates; defaults to the page's language. */
  declare locale: string | undefined;

  #provider = new ContextProvider(this, { context: portalContext, initialValue: undefined });
  #client: PortalClient | undefined;

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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") || changed.has("session") || changed.has("locale")) {
      if (changed.has("api") || changed.has("session")) this.#client = this.api && this.session ? createPortalClient(this.api, this.session) : undefined;
      this.#provider.setValue(this.api && this.session && this.#client ? { api: this.api, session: this.session, locale: this.locale, client: this.#client } : undefined);
    }
  }

  protected override render() {
    const banner = this.#config.value?.banner_message;
    const t = messagesFor(this.locale ?? (document.documentElement.lang || navigator.language));
    return html`${banner ? html`<aside part="banner" aria-label=${t.bannerLabel}>${banner}</aside>` : nothing}<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-portal": BillfrontPortal;
  }
}
