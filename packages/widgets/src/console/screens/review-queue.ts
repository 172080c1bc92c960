import { formatMoney, type Money } from "@billfront/core";
import { css, html, nothing } from "lit";
import { define } from "../../base.ts";
import { ApiError } from "../../client.ts";
import { badge, design, emptyState, errorState, skeleton } from "../../ui/design.ts";
import { newIdempotencyKey } from "../console-api.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./review-queue.messages.ts";
import { messages as ticketMessages } from "./ticket.messages.ts";

/** A request as `GET /v1/requests` lists it (core's ReviewQueueItemView). */
interface RequestItem {
  id: string;
  kind: "refund" | "cancellation";
  status: "pending" | "approved" | "rejected";
  customer: { id: string; name: string | null; email: string };
  order: { id: string; number: string | null; total: Money | null };
  amount: Money | null;
  reason: string | null;
  decision_note: string | null;
  decided_by: string | null;
  ticket_id: string | null;
  created_at: string;
  actions: ("approve" | "reject")[];
}
/** A decision being made: its idempotency key lives until the server answers definitely. */
interface Deciding {
  id: string;
  decision: "approve" | "reject";
  key: string;
  error?: string;
  busy?: boolean;
}
/** The part of `GET /v1/tickets/:id` (core's StaffTicketView) shown beside a request. */
interface TicketConversation {
  id: string;
  subject: string;
  messages: { id: string; author: string; body: string; internal: boolean; created_at: string }[];
}
/** A request's ticket shown beside it: loaded when first opened. */
type TicketPanel = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; ticket: TicketConversation };
interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/**
 * The review queue (M3): manual refund and cancellation requests, oldest first,
 * each with its customer, order, amount, reason and ticket; staff approve or
 * reject with a note after a confirm step saying what will happen.
 *
 * @csspart filters - the status filter
 * @csspart request - one request
 * @csspart decide - the decision form of a request
 * @csspart result - the message after a decision (focused)
 * @csspart load-more - the next page
 * @csspart ticket-toggle - shows or hides the request's ticket beside it (`aria-expanded`)
 * @csspart ticket-conversation - the ticket's messages, read-only
 * @csspart ticket-message - one message (`data-internal` on internal notes)
 */
export class ConsoleReviewQueue extends ConsoleScreen {
  static override styles = [
    design,
    css`
      .request dl { display: grid; grid-template-columns: minmax(7rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
      .request dt { color: var(--_bf-muted, inherit); }
      .request dd { margin: 0; overflow-wrap: anywhere; }
      textarea { width: 100%; box-sizing: border-box; }
      ul[role="list"], ol[role="list"] { list-style: none; padding: 0; margin: 0; }
      h2, h3, h4 { margin: 0; }
      .message { border-inline-start: 3px solid var(--_bf-border, #ccc); padding-inline-start: 0.75rem; }
      .message[data-internal] { border-inline-start-color: var(--_bf-warning, #b58100); }
      .message p { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; }
      [part="ticket-conversation"] { margin-block: 0.5rem; }
    `,
  ];

  #status: "pending" | "approved" | "rejected" = "pending";
  #items: RequestItem[] = [];
  #cursor: string | null = null;
  #hasMore = false;
  #loading = true;
  #error: unknown;
  #deciding: Deciding | null = null;
  #result = "";
  /** Requests whose ticket is shown, by request id. */
  #shownTickets = new Set<string>();
  /** Each ticket's conversation once asked for, by ticket id. */
  #tickets = new Map<string, TicketPanel>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load(true);
  }

  async #load(reset: boolean): Promise<void> {
    if (!this.api) return;
    this.#loading = reset;
    this.#error = undefined;
    this.requestUpdate();
    try {
      const page = await this.api.get<Page<RequestItem>>("/v1/requests", { query: { status: this.#status, order: "oldest_first", limit: 20, cursor: reset ? undefined : this.#cursor } });
      this.#items = reset ? page.data : [...this.#items, ...page.data];
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

  #open(item: RequestItem, decision: "approve" | "reject"): void {
    // One key per intended decision, kept until the server gives a definite answer.
    this.#deciding = { id: item.id, decision, key: newIdempotencyKey() };
    this.#result = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>(`#note-${item.id}`)?.focus());
  }

  async #decide(item: RequestItem & { order: { number: string } }, event: Event): Promise<void> {
    event.preventDefault();
    const deciding = this.#deciding;
    if (!deciding || !this.api) return;
    const t = pick(messages, this.locale);
    const note = (this.renderRoot.querySelector<HTMLTextAreaElement>(`#note-${item.id}`)?.value ?? "").trim();
    deciding.busy = true;
    delete deciding.error;
    this.requestUpdate();
    try {
      await this.api.post(`/v1/requests/${item.id}/${deciding.decision}`, note ? { note } : {}, { idempotencyKey: deciding.key });
      this.#deciding = null;
      this.#result = deciding.decision === "approve" ? t.approved(item.order.number) : t.rejected(item.order.number);
      await this.#load(true);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
    } catch (error) {
      deciding.busy = false;
      deciding.error = this.problemText(error, pick(messages, this.locale).failed);
      // A refused decision (bad input, already decided) is definite: the next try is a new intended action.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) deciding.key = newIdempotencyKey();
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#error-${item.id}`)?.focus();
    }
  }

  #cancelDecision(item: RequestItem): void {
    this.#deciding = null;
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>(`#open-${item.id}`)?.focus());
  }

  protected override render() {
    const t = pick(messages, this.locale);
    return html`
      <section class="stack" aria-labelledby="rq-title">
        <div class="spread">
          <div>
            <h2 id="rq-title">${t.title}</h2>
            <p class="muted">${t.intro}</p>
          </div>
          <label part="filters">
            ${t.status}
            <select
              .value=${this.#status}
              @change=${(e: Event) => {
                this.#status = (e.target as HTMLSelectElement).value as RequestItem["status"];
                this.#result = "";
                void this.#load(true);
              }}
            >
              ${(["pending", "approved", "rejected"] as const).map((s) => html`<option value=${s} ?selected=${s === this.#status}>${t.statuses[s]}</option>`)}
            </select>
          </label>
        </div>
        ${this.#result ? html`<p class="notice" role="status" tabindex="-1" part="result">${this.#result}</p>` : nothing}
        ${this.#body()}
      </section>
    `;
  }

  #body() {
    const t = pick(messages, this.locale);
    if (this.#loading) return skeleton(t.loading, 3);
    if (this.#error && this.#items.length === 0) return errorState(this.problemText(this.#error, t.failed), t.retry, () => void this.#load(true));
    if (this.#items.length === 0) return emptyState(t.empty);
    return html`
      <ul class="stack" role="list">
        ${this.#items.map((item) => this.#item(item))}
      </ul>
      ${this.#hasMore ? html`<button type="button" part="load-more" @click=${() => void this.#load(false)}>${t.loadMore}</button>` : nothing}
    `;
  }

  #item(raw: RequestItem) {
    const t = pick(messages, this.locale);
    const item = { ...raw, order: { ...raw.order, number: raw.order.number ?? raw.order.id } };
    const locale = formatLocale(this.locale);
    const deciding = this.#deciding?.id === item.id ? this.#deciding : null;
    const who = item.customer.name ? `${item.customer.name} (${item.customer.email})` : item.customer.email;
    return html`
      <li class="card request" part="request" data-request=${item.id} aria-labelledby="title-${item.id}">
        <div class="spread">
          <h3 id="title-${item.id}">${t.kind[item.kind]} · ${t.order} ${item.order.number}</h3>
          ${badge(t.statuses[item.status] ?? item.status, item.status === "pending" ? "warning" : item.status === "approved" ? "success" : "danger")}
        </div>
        <dl>
          <dt>${t.customer}</dt>
          <dd><button type="button" class="link" @click=${() => this.go("customer", { id: item.customer.id })}>${who}</button></dd>
          <dt>${t.order}</dt>
          <dd><button type="button" class="link" @click=${() => this.go("order", { id: item.order.id })}>${item.order.number}</button>${item.order.total ? html` · <span class="amount">${formatMoney(item.order.total, locale)}</span>` : nothing}</dd>
          <dt>${t.asked}</dt>
          <dd part="asked">${item.amount ? html`${t.kind.refund}: <span class="amount">${formatMoney(item.amount, locale)}</span>` : t.cancellationAsked}</dd>
          <dt>${t.reason}</dt>
          <dd>${item.reason?.trim() || t.noReason}</dd>
          <dt>${t.received}</dt>
          <dd>${this.#date(item.created_at)}</dd>
          ${item.ticket_id
            ? html`<dt>${t.ticket}</dt>
                <dd class="row">
                  <button type="button" part="ticket-toggle" aria-expanded=${this.#shownTickets.has(item.id) ? "true" : "false"} aria-controls="ticket-${item.id}" @click=${() => this.#toggleTicket(item)}>
                    ${this.#shownTickets.has(item.id) ? t.hideTicket : t.showTicket}
                  </button>
                  <button type="button" class="link" part="open-ticket" @click=${() => this.go("ticket", { id: item.ticket_id! })}>${t.openTicket}</button>
                </dd>`
            : nothing}
          ${item.decision_note ? html`<dt>${t.decisionNote}</dt><dd>${item.decision_note}</dd>` : nothing}
        </dl>
        ${item.ticket_id && this.#shownTickets.has(item.id) ? this.#ticketPanel(item) : nothing}
        ${deciding ? this.#decideForm(item, deciding) : item.actions.length
          ? html`<div class="actions">
              ${item.actions.includes("approve") ? html`<button type="button" class="primary" id="open-${item.id}" part="approve" @click=${() => this.#open(item, "approve")}>${t.approve}</button>` : nothing}
              ${item.actions.includes("reject") ? html`<button type="button" part="reject" @click=${() => this.#open(item, "reject")}>${t.reject}</button>` : nothing}
            </div>`
          : nothing}
      </li>
    `;
  }

  #toggleTicket(item: RequestItem): void {
    if (this.#shownTickets.has(item.id)) this.#shownTickets.delete(item.id);
    else {
      this.#shownTickets.add(item.id);
      const panel = this.#tickets.get(item.ticket_id!);
      if (!panel || panel.state === "error") void this.#loadTicket(item.ticket_id!);
    }
    this.requestUpdate();
  }

  async #loadTicket(id: string): Promise<void> {
    if (!this.api) return;
    this.#tickets.set(id, { state: "loading" });
    this.requestUpdate();
    try {
      this.#tickets.set(id, { state: "ready", ticket: await this.api.get<TicketConversation>(`/v1/tickets/${encodeURIComponent(id)}`) });
    } catch (error) {
      this.#tickets.set(id, { state: "error", message: this.problemText(error, pick(messages, this.locale).ticketFailed) });
    }
    this.requestUpdate();
  }

  #ticketPanel(item: RequestItem) {
    const t = pick(messages, this.locale);
    const tt = pick(ticketMessages, this.locale);
    const panel = this.#tickets.get(item.ticket_id!) ?? { state: "loading" };
    const body =
      panel.state === "loading"
        ? skeleton(t.ticketLoading, 2)
        : panel.state === "error"
          ? errorState(panel.message, t.retry, () => void this.#loadTicket(item.ticket_id!))
          : panel.ticket.messages.length === 0
            ? emptyState(t.ticketEmpty)
            : html`<ol class="stack" role="list">
                ${panel.ticket.messages.map(
                  (m) => html`<li class="message" part="ticket-message" ?data-internal=${m.internal} data-author=${m.author}>
                    <div class="row">
                      <strong>${tt.author[m.author] ?? m.author}</strong>
                      ${m.internal ? badge(tt.internal, "warning", "internal") : nothing}
                      <span class="muted">${this.#date(m.created_at)}</span>
                    </div>
                    <p>${m.body}</p>
                  </li>`,
                )}
              </ol>`;
    return html`<section class="stack" part="ticket-conversation" id="ticket-${item.id}" aria-labelledby="ticket-title-${item.id}">
      <h4 id="ticket-title-${item.id}">${panel.state === "ready" ? t.ticketOf(panel.ticket.subject) : t.ticket}</h4>
      ${body}
    </section>`;
  }

  #decideForm(item: RequestItem & { order: { number: string } }, deciding: Deciding) {
    const t = pick(messages, this.locale);
    const locale = formatLocale(this.locale);
    const approve = deciding.decision === "approve";
    const what = approve
      ? item.kind === "refund" && item.amount
        ? t.confirmApproveRefund(formatMoney(item.amount, locale), item.order.number)
        : t.confirmApproveCancellation(item.order.number)
      : t.confirmReject(item.order.number);
    return html`
      <form class="stack" part="decide" @submit=${(e: Event) => void this.#decide(item, e)}>
        <label for="note-${item.id}">${t.note}</label>
        <textarea id="note-${item.id}" rows="3" maxlength="2000" aria-describedby="hint-${item.id} what-${item.id}" ?required=${!approve}></textarea>
        <small id="hint-${item.id}" class="muted">${approve ? t.noteHintApprove : t.noteHintReject}</small>
        <p class="notice" id="what-${item.id}" part="confirm">${what}</p>
        ${deciding.error ? html`<p class="state error" role="alert" tabindex="-1" id="error-${item.id}" part="decide-error">${deciding.error}</p>` : nothing}
        <div class="actions">
          <button type="submit" class=${approve ? "primary" : "danger"} aria-busy=${deciding.busy ? "true" : "false"} ?disabled=${deciding.busy} part="confirm-decision">${approve ? t.confirmApprove : t.confirmRejectButton}</button>
          <button type="button" @click=${() => this.#cancelDecision(item)}>${t.cancel}</button>
        </div>
      </form>
    `;
  }

}
define("bf-console-review-queue", ConsoleReviewQueue);
