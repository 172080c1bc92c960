import type { CustomTab, PortalSessionInfo } from "@billfront/core";
import { html, nothing, type PropertyValues } from "lit";
import { BillfrontElement } from "../base.ts";
import type { BillfrontPortal } from "../billfront-portal/billfront-portal.ts";
import { ApiError, createPortalClient } from "../client.ts";
import type { BillfrontErrorDetail } from "../events.ts";
import { isSessionEnd } from "../session.ts";
import { readableAccent } from "./colour.ts";
import { hostedMessages, LOCALES, supportedLocale, type HostedLocale, type HostedMessages } from "./messages.ts";
import { storedSession } from "./stored-session.ts";
import { hostedPortalStyles } from "./styles.ts";

type Tab = "orders" | "cards" | "support" | "account";
type Ended = keyof HostedMessages["ended"];
type State = { kind: "loading" } | { kind: "ready"; info: PortalSessionInfo } | { kind: "ended"; why: Ended } | { kind: "unreachable" };

/** The tab a session's flow opens at (A5). */
const FLOW_TABS: Record<string, Tab> = { update_card: "cards", open_ticket: "support" };

let styled = false;

/**
 * The hosted full-page portal (W6), one per merchant, served by the BFF at
 * `/portal/<merchant>`. Takes the session from the address fragment into
 * sessionStorage (so a reload keeps it, and only this tab has it), asks the
 * API about it, and shows the merchant's brand, banner and custom tabs, every
 * widget in accessible tabs (or only what a limited session may use), a
 * language switch and sign-out. Without a live session it says so, with the
 * way back to the shop that the session named and, when the shop allows it,
 * a way to sign in again (P4).
 *
 * Renders into the page (no shadow root) so the widgets in it are elements
 * of the document, which is how their lazy chunks know to load.
 * @tagname billfront-hosted-portal
 */
export class BillfrontHostedPortal extends BillfrontElement {
  static override properties = {
    merchant: {},
    merchantName: { attribute: "merchant-name" },
    logoUrl: { attribute: "logo-url" },
    brandColor: { attribute: "brand-color" },
    defaultLocale: { attribute: "default-locale" },
    selfSignIn: { type: Boolean, attribute: "self-sign-in" },
  };

  /** The merchant id the page belongs to; a session of another merchant is ignored. */
  declare merchant: string;
  declare merchantName: string | undefined;
  declare logoUrl: string | undefined;
  declare brandColor: string | undefined;
  declare defaultLocale: string | undefined;
  /** P4: offer `/signin/<merchant>` once the session has ended. */
  declare selfSignIn: boolean;

  #state: State = { kind: "loading" };
  #locale: HostedLocale = "en";
  #tab: Tab = "orders";
  /** Tabs opened so far: they stay rendered (and keep what the customer was doing) while hidden. */
  #visited = new Set<Tab>();
  #accountReady = false;

  constructor() {
    super();
    this.merchant = "";
    this.selfSignIn = false;
  }

  protected override createRenderRoot(): HTMLElement {
    if (!styled) {
      styled = true;
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, hostedPortalStyles.styleSheet!];
    }
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const store = storedSession(this.merchant);
    this.#locale = supportedLocale(store.locale ?? this.defaultLocale);
    this.addEventListener("billfront-session-expired", () => this.#end("expired"));
    this.addEventListener("billfront-logout", () => this.#end("logged_out"));
    this.addEventListener("billfront-error", (event) => {
      const code = (event as CustomEvent<BillfrontErrorDetail>).detail.code;
      if (isSessionEnd(code)) this.#end(endOf(code));
    });
    // <account-details> is another team's lazy chunk: its tab appears once the element exists.
    void customElements.whenDefined("account-details").then(() => {
      this.#accountReady = true;
      this.requestUpdate();
    });
    void this.#load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("brandColor")) this.#brand(this.brandColor);
    document.documentElement.lang = this.#locale;
  }

  protected override updated(): void {
    const m = hostedMessages(this.#locale);
    const state = this.#state;
    const title = state.kind === "ready" ? this.#heading(state.info, m) : state.kind === "ended" ? m.ended[state.why].title : m.title;
    document.title = [title, this.merchantName].filter(Boolean).join(" · ");
  }

  async #load(): Promise<void> {
    const store = storedSession(this.merchant);
    const token = store.takeFromFragment() ?? store.token;
    if (!token) return this.#show({ kind: "ended", why: store.ended ?? "invalid" });
    this.#show({ kind: "loading" });
    try {
      const info = await createPortalClient(location.origin, token).getSessionInfo();
      store.returnUrl = info.return_url;
      if (!store.locale) this.#locale = supportedLocale(info.locale ?? info.merchant.default_locale);
      this.merchantName = info.merchant.name;
      this.logoUrl = info.merchant.logo_url ?? undefined;
      this.brandColor = info.merchant.brand_color ?? undefined;
      this.selfSignIn = info.merchant.self_sign_in;
      this.#tab = (info.flow && FLOW_TABS[info.flow]) || "orders";
      this.#visited = new Set([this.#tab]);
      this.#show({ kind: "ready", info });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 0 || error.status >= 500) return this.#show({ kind: "unreachable" });
      this.#end(isSessionEnd(error.code) ? endOf(error.code) : "unavailable");
    }
  }

  #show(state: State): void {
    this.#state = state;
    this.requestUpdate();
  }

  /** The session is over: forget its token (a reload shows this page again), keep where "back" goes. */
  #end(why: Ended): void {
    if (this.#state.kind === "ended") return;
    const store = storedSession(this.merchant);
    store.token = null;
    store.ended = why;
    this.#show({ kind: "ended", why });
    // The control in use is gone with the portal: say what happened where focus lands.
    void this.updateComplete.then(() => this.querySelector<HTMLElement>("#bf-ended-title")?.focus());
  }

  #brand(colour: string | undefined): void {
    const accent = readableAccent(colour);
    if (accent) this.style.setProperty("--bf-accent", accent);
    else this.style.removeProperty("--bf-accent");
  }

  protected override render() {
    const m = hostedMessages(this.#locale);
    const state = this.#state;
    const name = this.merchantName ?? "";
    return html`
      <header class="bf-header">
        <div class="bf-header-inner">
          <div class="bf-brand">
            ${this.logoUrl ? html`<img class="bf-logo" src=${this.logoUrl} alt="" />` : nothing}
            <span>${name}</span>
          </div>
          <div class="bf-tools">
            <label
              >${m.language}
              <select @change=${this.#chooseLocale}>
                ${LOCALES.map((l) => html`<option value=${l.code} lang=${l.code} ?selected=${l.code === this.#locale}>${l.name}</option>`)}
              </select>
            </label>
            ${state.kind === "ready" ? html`<button type="button" class="button" @click=${this.#signOut}>${m.signOut}</button>` : nothing}
          </div>
        </div>
      </header>
      <main class="bf-main">${this.#renderMain(state, m)}</main>
    `;
  }

  #renderMain(state: State, m: HostedMessages) {
    switch (state.kind) {
      case "loading":
        return html`<div class="skeleton" role="status"><span class="bf-sr">${m.loading}</span><div class="bone" aria-hidden="true"></div><div class="bone" aria-hidden="true"></div></div>`;
      case "unreachable":
        return html`<div class="state error" role="alert"><p>${m.unreachable}</p><button type="button" class="primary" @click=${() => void this.#load()}>${m.retry}</button></div>`;
      case "ended":
        return this.#renderEnded(state.why, m);
      case "ready":
        return this.#renderPortal(state.info, m);
    }
  }

  #renderEnded(why: Ended, m: HostedMessages) {
    const back = storedSession(this.merchant).returnUrl;
    const text = m.ended[why];
    return html`<section class="bf-ended card" aria-labelledby="bf-ended-title">
      <h1 id="bf-ended-title" tabindex="-1">${text.title}</h1>
      <p>${text.text}</p>
      ${why === "unavailable" ? nothing : html`<p class="bf-muted">${m.reopen}</p>`}
      <p class="bf-actions">
        ${back ? html`<a class="button primary" href=${back}>${m.backToShop}</a>` : nothing}
        ${this.selfSignIn && why !== "unavailable" ? html`<a class="button" href="/signin/${encodeURIComponent(this.merchant)}">${m.signIn}</a>` : nothing}
      </p>
    </section>`;
  }

  #heading(info: PortalSessionInfo, m: HostedMessages): string {
    if (!info.limited) return m.title;
    return info.flow === "pay_invoice" ? m.payInvoice : m.updateCard;
  }

  #renderPortal(info: PortalSessionInfo, m: HostedMessages) {
    const banner = info.merchant.banner_message;
    const back = info.return_url;
    // A limited session (an action link's) may use only its flow: its parts as sections, no tabs to refused views.
    const tabs: Tab[] = info.limited
      ? info.flow === "pay_invoice"
        ? ["orders", "cards"]
        : ["cards"]
      : ["orders", "cards", "support", ...(this.#accountReady ? (["account"] as const) : [])];
    const portal = html`<billfront-portal
      api=${location.origin}
      session=${storedSession(this.merchant).token ?? ""}
      locale=${this.#locale}
      flow=${info.flow ?? nothing}
      flow-subject=${info.flow_subject ?? nothing}
      ?limited=${info.limited}
      no-banner
    >
      ${info.limited
        ? tabs.map((tab) => html`<section aria-labelledby="bf-h-${tab}"><h2 id="bf-h-${tab}">${tab === "orders" ? m.invoice : m.tabs[tab]}</h2>${widget(tab)}</section>`)
        : html`${tabs.map((tab) => this.#renderPanel(tab, m))}
            ${this.#accountReady ? nothing : html`<div hidden>${widget("account")}</div>`}`}
    </billfront-portal>`;
    return html`
      ${back ? html`<a class="bf-back" href=${back}>← ${m.backToShop}</a>` : nothing}
      <h1>${this.#heading(info, m)}</h1>
      ${banner ? html`<p class="bf-banner" role="note">${banner}</p>` : nothing}
      ${info.limited ? nothing : this.#renderTabs(tabs, info.merchant.custom_tabs, m)}
      ${portal}
    `;
  }

  #renderTabs(tabs: Tab[], links: CustomTab[], m: HostedMessages) {
    return html`<div class="bf-tabbar">
      <div role="tablist" aria-label=${m.tabsLabel} @keydown=${(e: KeyboardEvent) => this.#tabKey(e, tabs)}>
        ${tabs.map(
          (tab) => html`<button
            type="button"
            role="tab"
            class="bf-tab"
            id="bf-tab-${tab}"
            aria-controls="bf-panel-${tab}"
            aria-selected=${tab === this.#tab ? "true" : "false"}
            tabindex=${tab === this.#tab ? "0" : "-1"}
            @click=${() => this.#select(tab)}
          >
            ${m.tabs[tab]}
          </button>`,
        )}
      </div>
      ${links.length
        ? html`<nav class="bf-links" aria-label=${m.moreLinks}>${links.map((link) => html`<a href=${link.url}>${tabLabel(link, this.#locale)}</a>`)}</nav>`
        : nothing}
    </div>`;
  }

  #renderPanel(tab: Tab, m: HostedMessages) {
    const shown = tab === this.#tab;
    // The heading keeps the outline whole (h1, then each panel's h2, then the widgets' h3); the tab already shows the name.
    return html`<div role="tabpanel" id="bf-panel-${tab}" aria-labelledby="bf-tab-${tab}" tabindex="0" ?hidden=${!shown}>
      <h2 class="bf-sr">${m.tabs[tab]}</h2>
      ${shown || this.#visited.has(tab) || tab === "account" ? widget(tab) : nothing}
    </div>`;
  }

  #select(tab: Tab, focus = false): void {
    this.#tab = tab;
    this.#visited.add(tab);
    this.requestUpdate();
    if (focus) void this.updateComplete.then(() => this.querySelector<HTMLElement>(`#bf-tab-${tab}`)?.focus());
  }

  /** Arrow keys, Home and End move between tabs (the WAI-ARIA tabs pattern, selection follows focus). */
  #tabKey(event: KeyboardEvent, tabs: Tab[]): void {
    const at = tabs.indexOf(this.#tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    this.#select(tabs[(next + tabs.length) % tabs.length]!, true);
  }

  #chooseLocale(event: Event): void {
    this.#locale = supportedLocale((event.target as HTMLSelectElement).value);
    storedSession(this.merchant).locale = this.#locale;
    this.requestUpdate();
  }

  async #signOut(): Promise<void> {
    await this.querySelector<BillfrontPortal>("billfront-portal")?.logout();
  }
}

/** The widget a tab shows. */
function widget(tab: Tab) {
  switch (tab) {
    case "orders":
      return html`<my-orders></my-orders>`;
    case "cards":
      return html`<payment-methods></payment-methods>`;
    case "support":
      return html`<helpdesk-tickets></helpdesk-tickets>`;
    case "account":
      return html`<account-details></account-details>`;
  }
}

/** A custom tab's label in the page's language: its own for that language, else English, else any. */
function tabLabel(tab: CustomTab, locale: string): string {
  if (typeof tab.label === "string") return tab.label;
  return tab.label[locale] ?? tab.label.en ?? Object.values(tab.label)[0] ?? tab.url;
}

function endOf(code: string): Ended {
  return code === "session_expired" ? "expired" : code === "session_logged_out" ? "logged_out" : code === "session_revoked" ? "revoked" : "invalid";
}

declare global {
  interface HTMLElementTagNameMap {
    "billfront-hosted-portal": BillfrontHostedPortal;
  }
}
