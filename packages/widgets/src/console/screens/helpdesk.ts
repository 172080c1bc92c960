import { css, html, nothing } from "lit";
import { define } from "../../base.ts";
import { ApiError } from "../../client.ts";
import { badge, design, emptyState, errorState, skeleton, toneOf } from "../../ui/design.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./helpdesk.messages.ts";

interface Department {
  id: string;
  name: string;
  paid: boolean;
  archived: boolean;
}
interface TicketRow {
  id: string;
  subject: string;
  status: string;
  department: { id: string; name: string; paid: boolean };
  customer: { id: string; name: string | null; email: string };
  updated_at: string;
}
interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

const STATUSES = ["waiting_on_staff", "waiting_on_customer", "open", "closed"] as const;

/**
 * The staff inbox (H1): tickets filtered by department and status, a page at a
 * time; admins also manage the departments (create, rename, paid or free,
 * archive). Agents see no department controls, and the server refuses them anyway.
 *
 * @csspart filters - department and status filters
 * @csspart tickets - the ticket table
 * @csspart ticket - one ticket row
 * @csspart load-more - the next page
 * @csspart departments - the admins' department management
 * @csspart result - the message after a department change (focused)
 */
export class ConsoleHelpdesk extends ConsoleScreen {
  static override styles = [
    design,
    css`
      h2, h3 { margin: 0; }
      ul[role="list"], ol[role="list"] { list-style: none; padding: 0; margin: 0; }
      [part="departments"] { margin-top: 1.5rem; }
      .filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: end; }
      .dept { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
      .dept input[type="text"] { flex: 1 1 12rem; min-width: 0; }
    `,
  ];

  #departments: Department[] = [];
  #department = "";
  #status = "";
  #tickets: TicketRow[] = [];
  #cursor: string | null = null;
  #hasMore = false;
  #loading = true;
  #error: unknown;
  #result = "";
  #deptError = "";
  #busy = "";

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadDepartments();
    void this.#load(true);
  }

  async #loadDepartments(): Promise<void> {
    if (!this.api) return;
    try {
      this.#departments = (await this.api.get<{ data: Department[] }>("/v1/departments")).data;
    } catch {
      this.#departments = [];
    }
    this.requestUpdate();
  }

  async #load(reset: boolean): Promise<void> {
    if (!this.api) return;
    this.#loading = reset;
    this.#error = undefined;
    this.requestUpdate();
    try {
      const page = await this.api.get<Page<TicketRow>>("/v1/tickets", { query: { department: this.#department, status: this.#status, limit: 20, cursor: reset ? undefined : this.#cursor } });
      this.#tickets = reset ? page.data : [...this.#tickets, ...page.data];
      this.#cursor = page.next_cursor;
      this.#hasMore = page.has_more;
    } catch (error) {
      this.#error = error;
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #date(iso: string): string {
    return new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  }

  protected override render() {
    const t = pick(messages, this.locale);
    return html`
      <section class="stack" aria-labelledby="hd-title">
        <h2 id="hd-title">${t.title}</h2>
        <div class="filters" part="filters">
          <label>
            ${t.department}
            <select
              name="department"
              @change=${(e: Event) => {
                this.#department = (e.target as HTMLSelectElement).value;
                void this.#load(true);
              }}
            >
              <option value="" ?selected=${this.#department === ""}>${t.allDepartments}</option>
              ${this.#departments.map((d) => html`<option value=${d.id} ?selected=${d.id === this.#department}>${d.name}${d.archived ? ` (${t.archived})` : ""}</option>`)}
            </select>
          </label>
          <label>
            ${t.status}
            <select
              name="status"
              @change=${(e: Event) => {
                this.#status = (e.target as HTMLSelectElement).value;
                void this.#load(true);
              }}
            >
              <option value="" ?selected=${this.#status === ""}>${t.allStatuses}</option>
              ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === this.#status}>${t.statuses[s]}</option>`)}
            </select>
          </label>
        </div>
        ${this.#list()}
      </section>
      ${this.staffRole === "admin" ? this.#manage() : nothing}
    `;
  }

  #list() {
    const t = pick(messages, this.locale);
    if (this.#loading) return skeleton(t.loading, 3);
    if (this.#error && this.#tickets.length === 0) return errorState(this.problemText(this.#error, t.failed), t.retry, () => void this.#load(true));
    if (this.#tickets.length === 0) return emptyState(t.empty);
    return html`
      <table class="table" part="tickets">
        <thead>
          <tr><th scope="col">${t.subject}</th><th scope="col">${t.customer}</th><th scope="col">${t.department}</th><th scope="col">${t.status}</th><th scope="col">${t.updated}</th></tr>
        </thead>
        <tbody>
          ${this.#tickets.map(
            (row) => html`<tr part="ticket" data-ticket=${row.id}>
              <td data-label=${t.subject}><button type="button" class="link" part="open" @click=${() => this.go("ticket", { id: row.id })}>${row.subject}</button></td>
              <td data-label=${t.customer}>${row.customer.name ?? row.customer.email}</td>
              <td data-label=${t.department}>${row.department.name} ${badge(row.department.paid ? t.paid : t.free, row.department.paid ? "info" : "neutral", "department-kind")}</td>
              <td data-label=${t.status}>${badge(t.statuses[row.status] ?? row.status, row.status === "waiting_on_staff" ? "warning" : toneOf(row.status))}</td>
              <td data-label=${t.updated}>${this.#date(row.updated_at)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${this.#hasMore ? html`<button type="button" part="load-more" @click=${() => void this.#load(false)}>${t.loadMore}</button>` : nothing}
    `;
  }

  /** Admins only (M1): the server refuses agents these routes with 403 admin_only whatever the page shows. */
  #manage() {
    const t = pick(messages, this.locale);
    return html`
      <section class="card stack" part="departments" aria-labelledby="dept-title">
        <h3 id="dept-title">${t.departments}</h3>
        <p class="muted">${t.departmentsIntro}</p>
        ${this.#result ? html`<p class="notice" role="status" tabindex="-1" part="result">${this.#result}</p>` : nothing}
        ${this.#deptError ? html`<p class="state error" role="alert" tabindex="-1" part="department-error">${this.#deptError}</p>` : nothing}
        <ul class="stack" role="list">
          ${this.#departments.map(
            (d) => html`<li class="dept" part="department" data-department=${d.id}>
              <input type="text" aria-label=${t.renameLabel(d.name)} .value=${d.name} maxlength="100" id="name-${d.id}" />
              <label class="choice"><input type="checkbox" id="paid-${d.id}" .checked=${d.paid} />${t.paid}</label>
              ${d.archived ? badge(t.archived, "neutral", "archived") : nothing}
              <button type="button" part="save-department" aria-busy=${this.#busy === d.id ? "true" : "false"} @click=${() => void this.#save(d)}>${t.save}</button>
              <button type="button" part="archive-department" @click=${() => void this.#update(d, { archived: !d.archived }, d.archived ? t.restoredDone(d.name) : t.archivedDone(d.name))}>${d.archived ? t.restore : t.archive}</button>
            </li>`,
          )}
        </ul>
        <form class="dept" part="create-department" @submit=${(e: Event) => void this.#create(e)}>
          <label for="new-name">${t.name}</label>
          <input type="text" id="new-name" name="name" required maxlength="100" />
          <label class="choice"><input type="checkbox" name="paid" />${t.paidLabel}</label>
          <button type="submit" class="primary">${t.create}</button>
        </form>
      </section>
    `;
  }

  async #save(d: Department): Promise<void> {
    const t = pick(messages, this.locale);
    const name = this.renderRoot.querySelector<HTMLInputElement>(`#name-${d.id}`)!.value.trim();
    const paid = this.renderRoot.querySelector<HTMLInputElement>(`#paid-${d.id}`)!.checked;
    await this.#update(d, { name, paid }, t.saved(name));
  }

  async #update(d: Department, body: Record<string, unknown>, done: string): Promise<void> {
    if (!this.api) return;
    this.#busy = d.id;
    this.requestUpdate();
    await this.#run(async () => {
      await this.api!.patch(`/v1/departments/${d.id}`, body);
      return done;
    });
  }

  async #create(event: Event): Promise<void> {
    event.preventDefault();
    const t = pick(messages, this.locale);
    const form = event.target as HTMLFormElement;
    const name = (form.elements.namedItem("name") as HTMLInputElement).value.trim();
    const paid = (form.elements.namedItem("paid") as HTMLInputElement).checked;
    await this.#run(async () => {
      await this.api!.post("/v1/departments", { name, paid });
      form.reset();
      return t.created(name);
    });
  }

  async #run(action: () => Promise<string>): Promise<void> {
    this.#result = "";
    this.#deptError = "";
    try {
      this.#result = await action();
      await this.#loadDepartments();
    } catch (error) {
      this.#deptError = this.problemText(error);
    } finally {
      this.#busy = "";
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.#deptError ? '[part="department-error"]' : '[part="result"]')?.focus();
    }
  }
}
define("bf-console-helpdesk", ConsoleHelpdesk);
