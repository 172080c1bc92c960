import { css, html, nothing } from "lit";
import { html as staticHtml, unsafeStatic } from "lit/static-html.js";
import { define } from "../../base.ts";
import { design } from "../../ui/design.ts";
import { pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./settings.messages.ts";
import "./settings/matrix.ts";
import "./settings/overrides.ts";
import "./settings/access.ts";
import "./settings/ops.ts";

const TABS = ["matrix", "overrides", "reviews", "origins", "keys", "staff", "webhooks", "audit", "clocks"] as const;
type Tab = (typeof TABS)[number];

/**
 * Settings (admins, M1/M4/M6/P6/A4/A10): the settings matrix, per-customer
 * overrides, the shop's reviews, allowed origins, API keys, staff, webhooks,
 * the audit log and, for sandbox shops, test clocks. The server refuses agents
 * whatever this shows. The tab is `params.tab`.
 *
 * @csspart tabs - the list of sections
 * @csspart panel - the current section
 */
export class ConsoleSettings extends ConsoleScreen {
  static override styles = [design, css`ul[role="list"] { list-style: none; padding: 0; margin: 0; flex-wrap: wrap; }`];
  #sandbox = false;

  override connectedCallback(): void {
    super.connectedCallback();
    // Test clocks exist only for sandbox shops: ask who we are, and leave the tab out for live ones.
    void this.api
      ?.get<{ merchant: { mode: string } }>("/v1/staff/me")
      .then((me) => {
        this.#sandbox = me.merchant.mode !== "live";
        this.requestUpdate();
      })
      .catch(() => undefined);
  }

  get #tabs(): Tab[] {
    return TABS.filter((t) => t !== "clocks" || this.#sandbox);
  }

  get #tab(): Tab {
    const wanted = this.params?.tab as Tab | undefined;
    return wanted && this.#tabs.includes(wanted) ? wanted : "matrix";
  }

  #open(tab: Tab): void {
    this.go("settings", { tab });
    this.params = { ...this.params, tab };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#settings-panel-title")?.focus());
  }

  protected override render() {
    const t = pick(messages, this.locale);
    const current = this.#tab;
    const tag = unsafeStatic(`bf-console-settings-${current}`);
    return html`
      <h2>${t.title}</h2>
      <nav aria-label=${t.tabsLabel} part="tabs">
        <ul class="row" role="list">
          ${this.#tabs.map(
            (tab) => html`<li><button type="button" class=${tab === current ? "primary" : ""} aria-current=${tab === current ? "page" : "false"} data-tab=${tab} @click=${() => this.#open(tab)}>${t.tabs[tab]}</button></li>`,
          )}
        </ul>
      </nav>
      <section part="panel" aria-labelledby="settings-panel-title">
        <h3 id="settings-panel-title" tabindex="-1">${t.tabs[current]}</h3>
        ${this.api ? staticHtml`<${tag} .api=${this.api} staff-role=${this.staffRole} locale=${this.locale}></${tag}>` : nothing}
      </section>
    `;
  }
}
define("bf-console-settings", ConsoleSettings);

declare global {
  interface HTMLElementTagNameMap {
    "bf-console-settings": ConsoleSettings;
  }
}
