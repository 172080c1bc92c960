import type { CustomerView, Page } from "@billfront/core";
import { css, html, nothing } from "lit";
import { define } from "../../base.ts";
import { badge, design, emptyState, errorState, skeleton } from "../../ui/design.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./customers.messages.ts";

const PAGE_SIZE = 20;

/**
 * The console's customer list (M2): search by name, e-mail address or order
 * number (`GET /v1/customers?q=`, matched by the API), newest first, cursor
 * pages with "Load more"; a customer's name opens their profile.
 *
 * @csspart search - the search form
 * @csspart list - the table of customers
 * @csspart open - the button that opens a customer
 * @csspart status - a customer's status badge
 * @csspart load-more - the button that loads the next page
 * @csspart loading - the loading skeleton
 * @csspart empty - the message shown when no customer matches
 * @csspart error - the error message
 */
export class ConsoleCustomers extends ConsoleScreen {
  static override styles = [
    design,
    css`
      form.search {
        display: flex;
        flex-wrap: wrap;
        gap: var(--_bf-space-2, 0.5rem);
        align-items: end;
      }
      form.search label {
        flex: 1 1 16rem;
        min-width: 0;
      }
      form.search input {
        width: 100%;
      }
      .hint {
        color: var(--_bf-muted, inherit);
        font-size: 0.875em;
      }
      td,
      th {
        overflow-wrap: anywhere;
      }
    `,
  ];
  static override properties = {
    ...ConsoleScreen.properties,
    _rows: { state: true },
    _state: { state: true },
    _query: { state: true },
    _cursor: { state: true },
    _loadingMore: { state: true },
  };

  declare _rows: CustomerView[];
  declare _state: "loading" | "ready" | "error";
  declare _query: string;
  declare _cursor: string | null;
  declare _loadingMore: boolean;
  #request = 0;

  constructor() {
    super();
    this._rows = [];
    this._state = "loading";
    this._query = "";
    this._cursor = null;
    this._loadingMore = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._query = this.params?.["q"] ?? "";
    void this.#load();
  }

  async #load(more = false): Promise<void> {
    if (!this.api) return;
    const request = ++this.#request;
    if (more) this._loadingMore = true;
    else this._state = "loading";
    try {
      const page = await this.api.get<Page<CustomerView>>("/v1/customers", { query: { q: this._query || undefined, limit: PAGE_SIZE, cursor: more ? this._cursor : undefined } });
      // A newer search answered first: this one is stale.
      if (request !== this.#request) return;
      this._rows = more ? [...this._rows, ...page.data] : page.data;
      this._cursor = page.has_more ? page.next_cursor : null;
      this._state = "ready";
    } catch {
      if (request !== this.#request) return;
      if (!more) this._state = "error";
    } finally {
      if (request === this.#request) this._loadingMore = false;
    }
  }

  #search(event: SubmitEvent): void {
    event.preventDefault();
    this._query = String(new FormData(event.target as HTMLFormElement).get("q") ?? "").trim();
    void this.#load();
  }

  #showAll(): void {
    this._query = "";
    const input = this.shadowRoot?.querySelector<HTMLInputElement>("input[name=q]");
    if (input) input.value = "";
    void this.#load();
    input?.focus();
  }

  protected override render() {
    const t = pick(messages, this.locale);
    return html`<section class="stack" aria-labelledby="customers-heading">
      <h1 id="customers-heading">${t.title}</h1>
      <form class="search" part="search" role="search" @submit=${this.#search}>
        <label>
          ${t.searchLabel}
          <input type="search" name="q" .value=${this._query} maxlength="200" aria-describedby="search-hint" autocomplete="off" />
          <span id="search-hint" class="hint">${t.searchHint}</span>
        </label>
        <button type="submit" class="primary">${t.search}</button>
        ${this._query ? html`<button type="button" @click=${this.#showAll}>${t.showAll}</button>` : nothing}
      </form>
      ${this.#renderBody(t)}
    </section>`;
  }

  #renderBody(t: (typeof messages)["en"]) {
    if (this._state === "loading") return html`<div part="loading">${skeleton(t.loading, 4)}</div>`;
    if (this._state === "error") return html`<div part="error">${errorState(t.error, t.retry, () => void this.#load())}</div>`;
    if (this._rows.length === 0) return html`<div part="empty">${emptyState(this._query ? t.noResults(this._query) : t.empty)}</div>`;
    const dates = new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium" });
    return html`<table class="table" part="list">
        <caption class="sr-only">${this._query ? t.results(this._query) : t.title}</caption>
        <thead>
          <tr>
            <th scope="col">${t.name}</th>
            <th scope="col">${t.email}</th>
            <th scope="col">${t.created}</th>
            <th scope="col">${t.status}</th>
          </tr>
        </thead>
        <tbody>
          ${this._rows.map((c) => {
            const name = c.name ?? t.noName;
            return html`<tr data-customer-id=${c.id}>
              <td data-label=${t.name}>
                <button type="button" class="link" part="open" aria-label=${t.open(c.name ?? c.email)} @click=${() => this.go("customer", { id: c.id })}>${name}</button>
              </td>
              <td data-label=${t.email}>${c.email}</td>
              <td data-label=${t.created}>${dates.format(new Date(c.created_at))}</td>
              <td data-label=${t.status}>
                ${c.deleted_at ? badge(t.deleted, "neutral") : c.blacklisted ? badge(t.blacklisted, "danger") : badge(t.active, "success")}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${this._cursor
        ? html`<div class="actions">
            <button type="button" part="load-more" ?disabled=${this._loadingMore} aria-busy=${this._loadingMore ? "true" : "false"} @click=${() => void this.#load(true)}>${t.loadMore}</button>
          </div>`
        : nothing}`;
  }
}
define("bf-console-customers", ConsoleCustomers);
