import { ContextProvider } from "@lit/context";
import { css, html, type PropertyValues } from "lit";
import { BillfrontElement } from "../base.ts";
import { createPortalClient } from "../client.ts";
import { portalContext } from "../context.ts";

/**
 * Holds the portal connection (API address, customer session, locale) and
 * provides it to every Billfront element placed inside it.
 *
 * @slot - Billfront elements such as `<my-orders>`.
 */
export class BillfrontPortal extends BillfrontElement {
  static override styles = css`
    :host {
      display: block;
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("api") || changed.has("session") || changed.has("locale")) {
      this.#provider.setValue(
        this.api && this.session
          ? { api: this.api, session: this.session, locale: this.locale, client: createPortalClient(this.api, this.session) }
          : undefined,
      );
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-portal": BillfrontPortal;
  }
}
