import { html, nothing } from "lit";
import { define } from "../../../base.ts";
import { badge, emptyState, errorState, skeleton } from "../../../ui/design.ts";
import { SettingsPanel } from "./panel.ts";

interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** A cursor-paged list a tab shows: loads the first page, then "Load more". */
abstract class ListPanel<T> extends SettingsPanel {
  protected rows: T[] | null = null;
  protected next: string | null = null;
  protected loadError: unknown;
  protected abstract path(): string;
  protected query(): Record<string, string | number | undefined> {
    return {};
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.rows = null;
    this.loadError = undefined;
    this.requestUpdate();
    await this.more();
  }

  protected async more(): Promise<void> {
    try {
      const page = await this.api!.get<Page<T>>(this.path(), { query: { ...this.query(), limit: 20, cursor: this.next && this.rows ? this.next : undefined } });
      this.rows = [...(this.rows ?? []), ...page.data];
      this.next = page.has_more ? page.next_cursor : null;
    } catch (error) {
      this.loadError = error;
    }
    this.requestUpdate();
  }

  protected renderList(empty: string, table: (rows: T[]) => unknown) {
    const t = this.t;
    if (this.loadError) return errorState(t.failed, t.retry, () => void this.reload());
    if (!this.rows) return skeleton(t.loading, 3);
    if (!this.rows.length) return emptyState(empty);
    return html`${table(this.rows)}${this.next ? html`<button type="button" part="load-more" @click=${() => void this.more()}>${t.loadMore}</button>` : nothing}`;
  }
}

interface ApiKey {
  id: string;
  hint: string;
  created_at: string;
  revoked_at: string | null;
}

/** M1: the shop's secret API keys; a new one is shown once, revoking asks first. */
export class ConsoleSettingsKeys extends ListPanel<ApiKey> {
  protected path() {
    return "/v1/api_keys";
  }

  #create(): void {
    const k = this.t.keys;
    this.ask(k.confirmCreate, [], async () => {
      const created = await this.api!.post<ApiKey & { secret_key: string }>("/v1/api_keys");
      await this.reload();
      await this.done(k.created, created.secret_key);
    });
  }

  #revoke(key: ApiKey): void {
    const k = this.t.keys;
    this.ask(k.confirmRevoke(key.hint), [], async () => {
      await this.api!.delete(`/v1/api_keys/${key.id}`);
      await this.reload();
      await this.done(k.revoked);
    });
  }

  protected override render() {
    const k = this.t.keys;
    return html`<p>${k.intro}</p>
      <div class="actions"><button type="button" class="primary" part="create-key" @click=${() => this.#create()}>${k.create}</button></div>
      ${this.renderResult()}
      ${this.renderList(k.empty, (rows) => html`<table class="table" part="keys">
        <caption class="sr-only">${k.caption}</caption>
        <thead><tr><th scope="col">${k.hint}</th><th scope="col">${k.createdAt}</th><th scope="col"><span class="sr-only">${k.revoke}</span></th></tr></thead>
        <tbody>${rows
          .filter((r) => !r.revoked_at)
          .map((r) => html`<tr><td data-label=${k.hint}><code>…${r.hint}</code></td><td data-label=${k.createdAt}>${this.formatDate(r.created_at)}</td>
            <td><button type="button" class="danger" @click=${() => this.#revoke(r)}>${k.revoke}</button></td></tr>`)}</tbody>
      </table>`)}
      ${this.renderConfirm()}`;
  }
}
define("bf-console-settings-keys", ConsoleSettingsKeys);

interface Staff {
  id: string;
  email: string;
  name: string | null;
  role: "agent" | "admin";
  disabled_at: string | null;
}

/** M1: the shop's staff; adding shows the new member's token once, disabling asks first. */
export class ConsoleSettingsStaff extends ListPanel<Staff> {
  #email = "";
  #name = "";
  #role: "agent" | "admin" = "agent";

  protected path() {
    return "/v1/staff";
  }

  #add(event: Event): void {
    event.preventDefault();
    const s = this.t.staff;
    const [email, name, role] = [this.#email.trim(), this.#name.trim(), this.#role];
    this.ask(s.confirmAdd(email, s.roles[role]!), [], async () => {
      const created = await this.api!.post<Staff & { token: string }>("/v1/staff", { email, role, ...(name ? { name } : {}) });
      this.#email = this.#name = "";
      await this.reload();
      await this.done(s.added(created.email), created.token);
    });
  }

  #disable(member: Staff): void {
    const s = this.t.staff;
    this.ask(s.confirmDisable(member.email), [], async () => {
      await this.api!.post(`/v1/staff/${member.id}/disable`);
      await this.reload();
      await this.done(s.disabled(member.email));
    });
  }

  protected override render() {
    const s = this.t.staff;
    return html`<p>${s.intro}</p>
      <form class="card" part="add-staff" @submit=${(e: Event) => this.#add(e)} novalidate>
        <div class="field"><label for="st-email">${s.email}</label>
          <input id="st-email" type="email" autocomplete="off" data-field="email" .value=${this.#email} aria-invalid=${this.fieldErrors.email ? "true" : "false"} aria-describedby=${this.describedBy("email")} @input=${(e: Event) => (this.#email = (e.target as HTMLInputElement).value)} />
          ${this.fieldError("email")}</div>
        <div class="field"><label for="st-name">${s.name}</label>
          <input id="st-name" data-field="name" .value=${this.#name} aria-describedby=${this.describedBy("name")} @input=${(e: Event) => (this.#name = (e.target as HTMLInputElement).value)} />${this.fieldError("name")}</div>
        <div class="field"><label for="st-role">${s.role}</label>
          <select id="st-role" data-field="role" @change=${(e: Event) => (this.#role = (e.target as HTMLSelectElement).value as "agent" | "admin")}>
            ${(["agent", "admin"] as const).map((r) => html`<option value=${r} ?selected=${this.#role === r}>${s.roles[r]}</option>`)}
          </select></div>
        <div class="actions"><button type="submit" class="primary" aria-busy=${this.working ? "true" : "false"}>${s.add}</button></div>
      </form>
      ${this.renderResult()}
      ${this.renderList(s.empty, (rows) => html`<table class="table" part="staff">
        <caption class="sr-only">${s.caption}</caption>
        <thead><tr><th scope="col">${s.email}</th><th scope="col">${s.name}</th><th scope="col">${s.role}</th><th scope="col">${s.status}</th><th scope="col"><span class="sr-only">${s.disable}</span></th></tr></thead>
        <tbody>${rows.map((r) => html`<tr><td data-label=${s.email}>${r.email}</td><td data-label=${s.name}>${r.name ?? ""}</td><td data-label=${s.role}>${s.roles[r.role]}</td>
          <td data-label=${s.status}>${r.disabled_at ? badge(s.inactive, "neutral") : badge(s.active, "success")}</td>
          <td>${r.disabled_at ? nothing : html`<button type="button" class="danger" @click=${() => this.#disable(r)}>${s.disable}</button>`}</td></tr>`)}</tbody>
      </table>`)}
      ${this.renderConfirm()}`;
  }
}
define("bf-console-settings-staff", ConsoleSettingsStaff);

/** The shop's allowed origins (P6): add one (the server says whether it is an origin), remove one after a confirm. */
export class ConsoleSettingsOrigins extends SettingsPanel {
  #origins: string[] | null = null;
  #error: unknown;
  #draft = "";
  protected override fallbackField = "origin";

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#error = undefined;
    try {
      this.#origins = (await this.api!.get<{ allowed_origins: string[] }>("/v1/merchant")).allowed_origins;
    } catch (error) {
      this.#error = error;
    }
    this.requestUpdate();
  }

  async #patch(origins: string[]): Promise<void> {
    this.#origins = (await this.api!.patch<{ allowed_origins: string[] }>("/v1/merchant", { allowed_origins: origins })).allowed_origins;
  }

  #add(event: Event): void {
    event.preventDefault();
    const o = this.t.origins;
    const origin = this.#draft.trim();
    this.ask(o.confirmAdd(origin), [], async () => {
      await this.#patch([...(this.#origins ?? []), origin]);
      this.#draft = "";
      await this.done(o.added(origin));
    });
  }

  #remove(origin: string): void {
    const o = this.t.origins;
    this.ask(o.confirmRemove(origin), [], async () => {
      await this.#patch((this.#origins ?? []).filter((x) => x !== origin));
      await this.done(o.removed(origin));
    });
  }

  protected override render() {
    const t = this.t;
    const o = t.origins;
    if (this.#error) return errorState(t.failed, t.retry, () => void this.#load());
    if (!this.#origins) return skeleton(t.loading, 2);
    return html`<p>${o.intro}</p>
      <form class="card" part="add-origin" @submit=${(e: Event) => this.#add(e)} novalidate>
        <div class="field"><label for="or-new">${o.label}</label>
          <input id="or-new" data-field="origin" inputmode="url" autocomplete="off" .value=${this.#draft} aria-invalid=${this.fieldErrors.origin ? "true" : "false"} aria-describedby=${this.describedBy("origin", o.help)} @input=${(e: Event) => (this.#draft = (e.target as HTMLInputElement).value)} />
          <p class="help" id="help-origin">${o.help}</p>
          ${this.fieldError("origin")}</div>
        <div class="actions"><button type="submit" class="primary" aria-busy=${this.working ? "true" : "false"}>${o.add}</button></div>
      </form>
      ${this.renderResult()}
      ${this.#origins.length
        ? html`<ul part="origins" class="stack" role="list">${this.#origins.map((x) => html`<li class="spread"><code>${x}</code><button type="button" class="danger" aria-label=${`${o.remove} ${x}`} @click=${() => this.#remove(x)}>${o.remove}</button></li>`)}</ul>`
        : emptyState(o.empty)}
      ${this.renderConfirm()}`;
  }
}
define("bf-console-settings-origins", ConsoleSettingsOrigins);

interface Review {
  id: string;
  rating: number;
  comment: string | null;
  created_at: string;
  customer: { id: string; name: string | null; email: string };
}

/** The customers' private reviews of the shop, read-only, filtered by rating. */
export class ConsoleSettingsReviews extends ListPanel<Review> {
  #rating = "";
  protected path() {
    return "/v1/reviews";
  }
  protected override query() {
    return { rating: this.#rating || undefined };
  }

  protected override render() {
    const r = this.t.reviews;
    return html`<div class="field"><label for="rv-rating">${r.filter}</label>
        <select id="rv-rating" @change=${(e: Event) => ((this.#rating = (e.target as HTMLSelectElement).value), (this.next = null), void this.reload())}>
          <option value="">${r.allRatings}</option>
          ${[5, 4, 3, 2, 1].map((n) => html`<option value=${n} ?selected=${this.#rating === String(n)}>${r.stars(n)}</option>`)}
        </select></div>
      ${this.renderList(r.empty, (rows) => html`<table class="table" part="reviews">
        <caption class="sr-only">${r.caption}</caption>
        <thead><tr><th scope="col">${r.customer}</th><th scope="col">${r.rating}</th><th scope="col">${r.comment}</th><th scope="col">${r.date}</th></tr></thead>
        <tbody>${rows.map((x) => html`<tr><td data-label=${r.customer}>${x.customer.name ?? x.customer.email}</td><td data-label=${r.rating}>${r.stars(x.rating)}</td>
          <td data-label=${r.comment}>${x.comment ?? r.noComment}</td><td data-label=${r.date}>${this.formatDate(x.created_at)}</td></tr>`)}</tbody>
      </table>`)}`;
  }
}
define("bf-console-settings-reviews", ConsoleSettingsReviews);

export { ListPanel };
