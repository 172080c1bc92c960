import type { PaymentMethodView } from "@billfront/core";
import { html, type ReactiveController, type ReactiveControllerHost } from "lit";
import type { PortalConnection } from "../portal-connection.ts";

export type CardAdded = Pick<PaymentMethodView, "id" | "brand" | "last4" | "exp_month" | "exp_year">;

/**
 * Billfront's card form in an iframe (the page never sees a card number), as any
 * element that adds cards shows it: the form's address with this page's origin,
 * the locale and the look the element resolved (W2, read from hidden samples in
 * its own shadow root, so tokens on `:root`, on the portal or on the element and
 * `theme` all reach the form; the BFF checks every value against a strict pattern),
 * the frame's height as the form reports it, and the saved card. Only messages
 * from that frame, from the BFF's origin, are trusted.
 */
export class CardFormFrame implements ReactiveController {
  #height = 0;
  private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment };
  private readonly connection: PortalConnection;
  private readonly onAdded: (card: CardAdded) => void;

  constructor(host: CardFormFrame["host"], connection: PortalConnection, onAdded: (card: CardAdded) => void) {
    this.host = host;
    this.connection = connection;
    this.onAdded = onAdded;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener("message", this.#onMessage);
  }

  hostDisconnected(): void {
    window.removeEventListener("message", this.#onMessage);
  }

  // The address is made once the samples are rendered; a new look (the theme switched) loads the form again in it.
  // Height through the CSSOM, not a style attribute: merchant pages with a strict CSP block inline styles.
  hostUpdated(): void {
    const frame = this.host.renderRoot.querySelector("iframe[part~='card-form']") as HTMLIFrameElement | null;
    if (!frame) return;
    const url = this.#url();
    if (frame.src !== url) frame.src = url;
    frame.style.height = this.#height ? `${this.#height}px` : "";
  }

  /** The frame (titled `title`) and the hidden samples its look is read from. */
  render(title: string) {
    return html`<iframe part="card-form" title=${title}></iframe>${this.samples()}`;
  }

  /** Hidden samples of the design's parts: what they resolve to is the look the card form takes. */
  samples() {
    return html`<div class="probe" hidden aria-hidden="true"><div class="card"><button type="button" class="primary" tabindex="-1"></button><span class="muted"></span><span class="error"></span></div></div>`;
  }

  /** The form closed: the next one starts at its natural height. */
  reset(): void {
    this.#height = 0;
  }

  #url(): string {
    const connection = this.connection;
    const url = new URL("/card-form", connection.api!);
    url.searchParams.set("merchant", connection.merchantId ?? "");
    url.searchParams.set("origin", location.origin);
    url.searchParams.set("locale", connection.locale);
    const probe = this.host.renderRoot.querySelector(".probe");
    const card = probe && getComputedStyle(probe.querySelector(".card")!);
    const button = probe && getComputedStyle(probe.querySelector("button")!);
    if (probe && card && button) {
      const host = getComputedStyle(this.host);
      const schemes = host.colorScheme.split(/\s+/);
      const dark = schemes.includes("dark") && (!schemes.includes("light") || matchMedia("(prefers-color-scheme: dark)").matches);
      const look: Record<string, string> = {
        accent: button.backgroundColor,
        on_accent: button.color,
        color: card.color,
        muted: getComputedStyle(probe.querySelector(".muted")!).color,
        danger: getComputedStyle(probe.querySelector(".error")!).color,
        surface: card.backgroundColor,
        border: card.borderTopColor,
        radius: card.borderTopLeftRadius,
        font: host.fontFamily,
        scheme: dark ? "dark" : "light",
      };
      for (const [name, value] of Object.entries(look)) if (value) url.searchParams.set(name, value);
    }
    url.hash = new URLSearchParams({ session: connection.session ?? "" }).toString();
    return url.toString();
  }

  #onMessage = (event: MessageEvent): void => {
    const frame = this.host.renderRoot.querySelector("iframe[part~='card-form']") as HTMLIFrameElement | null;
    if (!frame || event.source !== frame.contentWindow || event.origin !== new URL(this.connection.api ?? "about:blank").origin) return;
    const data = event.data as { type?: string; height?: number; paymentMethod?: CardAdded };
    if (data.type === "billfront:card-form-height" && typeof data.height === "number" && data.height > 0 && data.height < 4000) {
      this.#height = Math.ceil(data.height);
      this.host.requestUpdate();
    } else if (data.type === "billfront:payment-method-added" && data.paymentMethod) {
      this.#height = 0;
      this.onAdded(data.paymentMethod);
    }
  };
}
