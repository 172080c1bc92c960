import { currencyExponent, formatMoney, type Money } from "@billfront/core";
import { css, html, nothing } from "lit";
import { define } from "../../base.ts";
import { ApiError } from "../../client.ts";
import { badge, design, errorState, skeleton, toneOf } from "../../ui/design.ts";
import { newIdempotencyKey } from "../console-api.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./ticket.messages.ts";
import { messages as queueMessages } from "./review-queue.messages.ts";

type Action = "reply" | "note" | "close" | "reopen" | "set_incidents" | "charge_fee";
interface Attachment {
  id: string;
  file_name: string;
  content_type: string;
  size: number;
}
/** `GET /v1/tickets/:id` (core's StaffTicketView). */
interface StaffTicket {
  id: string;
  subject: string;
  status: string;
  department: { id: string; name: string; paid: boolean };
  customer: { id: string; name: string | null; email: string; balances: Money[] };
  fee_currency: string;
  actions: Action[];
  incidents_used: number;
  created_at: string;
  messages: { id: string; author: string; body: string; internal: boolean; created_at: string; attachments: Attachment[] }[];
  fees: { id: string; amount: Money; created_at: string }[];
  request: { id: string; kind: string; status: string } | null;
}

/** An open money or incidents form: what it changes, the confirm step, and the idempotency key of the intended action. */
type Panel =
  | { kind: "incidents"; to?: number }
  | { kind: "charge"; key: string; amount?: Money }
  | { kind: "edit"; feeId: string; key: string; amount?: Money }
  | { kind: "delete"; feeId: string; key: string };

/** "25", "25.5", "25,50" in the currency's minor units, or null. Presentation only: core decides what a fee may be. */
function parseAmount(text: string, currency: string): Money | null {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(text.trim());
  if (!match || (match[2]?.length ?? 0) > exponent) return null;
  const minor = Number(match[1]) * 10 ** exponent + Number((match[2] ?? "").padEnd(exponent, "0") || 0);
  return minor > 0 ? { amount: minor, currency } : null;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * One ticket for staff (H1, H7, H8): the conversation with internal notes and
 * downloadable files, reply or internal note, close and reopen, the incidents
 * it used and its support fees (charge, edit, delete), each money or incidents
 * change after a confirm step saying what it does. Only the `actions` the API
 * lists are offered.
 *
 * @csspart summary - subject, status, department, customer and balance
 * @csspart conversation - the messages
 * @csspart message - one message (`data-internal` on internal notes)
 * @csspart download - an attachment's download button
 * @csspart composer - the reply / internal-note form
 * @csspart incidents - incidents used and the form to change them
 * @csspart fees - the support fees and their forms
 * @csspart confirm - the confirm step of a money or incidents change
 * @csspart result - the message after an action (focused)
 */
export class ConsoleTicket extends ConsoleScreen {
  static override styles = [
    design,
    css`
      h2, h3 { margin: 0; overflow-wrap: anywhere; }
      ul[role="list"], ol[role="list"] { list-style: none; padding: 0; margin: 0; }
      [part="back"] { justify-self: start; align-self: flex-start; }
      .message { border-inline-start: 3px solid var(--_bf-border, #ccc); padding-inline-start: 0.75rem; }
      .message[data-internal] { border-inline-start-color: var(--_bf-warning, #b58100); }
      .message p { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0; }
      textarea { width: 100%; box-sizing: border-box; }
      .grid { display: grid; gap: 1rem; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); align-items: start; }
      @container (max-width: 48rem) { .grid { grid-template-columns: minmax(0, 1fr); } }
      :host { container-type: inline-size; display: block; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
      dd { margin: 0; overflow-wrap: anywhere; }
      fieldset { border: 0; padding: 0; margin: 0; }
    `,
  ];

  #ticket: StaffTicket | undefined;
  #loading = true;
  #error: unknown;
  #result = "";
  #failure = "";
  #panel: Panel | null = null;
  #busy = false;
  #kind: "reply" | "note" = "reply";

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("params") && changed.get("params") !== undefined && this.isConnected) void this.#load();
  }

  async #load(): Promise<void> {
    if (!this.api || !this.params.id) return;
    this.#loading = !this.#ticket;
    this.#error = undefined;
    this.requestUpdate();
    try {
      this.#ticket = await this.api.get<StaffTicket>(`/v1/tickets/${encodeURIComponent(this.params.id)}`);
      if (!this.#ticket.actions.includes("reply") && this.#kind === "reply") this.#kind = "note";
      if (this.#ticket.actions.includes("reply") && !this.#ticket.actions.includes("note")) this.#kind = "reply";
    } catch (error) {
      this.#error = error;
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #money(value: Money): string {
    return formatMoney(value, formatLocale(this.locale));
  }

  #date(iso: string): string {
    return new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  }

  #balance(ticket: StaffTicket): Money {
    return ticket.customer.balances.find((b) => b.currency === ticket.fee_currency) ?? { amount: 0, currency: ticket.fee_currency };
  }

  /** Runs an action; its message (or its error) takes focus. */
  async #run(action: () => Promise<string>, focusOnError = '[part="failure"]'): Promise<void> {
    this.#busy = true;
    this.#result = "";
    this.#failure = "";
    this.requestUpdate();
    try {
      this.#result = await action();
      this.#panel = null;
      await this.#load();
    } catch (error) {
      this.#failure = error instanceof ApiError ? error.message : String(error);
      // A refused request is a definite answer: the next try is a new intended action with a new key.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && this.#panel && "key" in this.#panel) this.#panel = { ...this.#panel, key: newIdempotencyKey() };
    } finally {
      this.#busy = false;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(this.#failure ? focusOnError : '[part="result"]')?.focus();
    }
  }

  async #send(event: Event): Promise<void> {
    event.preventDefault();
    const t = pick(messages, this.locale);
    const form = event.target as HTMLFormElement;
    const body = (form.elements.namedItem("body") as HTMLTextAreaElement).value;
    const files = [...((form.elements.namedItem("files") as HTMLInputElement).files ?? [])];
    const internal = this.#kind === "note";
    await this.#run(async () => {
      const attachments = await Promise.all(files.map(async (f) => ({ file_name: f.name, data: await toBase64(f) })));
      await this.api!.post(`/v1/tickets/${this.#ticket!.id}/replies`, { body, internal, ...(attachments.length ? { attachments } : {}) });
      // Not form.reset(): that would also uncheck the reply/note choice Lit holds.
      (form.elements.namedItem("body") as HTMLTextAreaElement).value = "";
      (form.elements.namedItem("files") as HTMLInputElement).value = "";
      return internal ? t.noted : t.replied;
    });
  }

  async #closeOrReopen(action: "close" | "reopen"): Promise<void> {
    const t = pick(messages, this.locale);
    await this.#run(async () => {
      await this.api!.post(`/v1/tickets/${this.#ticket!.id}/${action}`);
      return action === "close" ? t.closedDone : t.reopenedDone;
    });
  }

  async #download(file: Attachment): Promise<void> {
    const t = pick(messages, this.locale);
    const api = this.api!;
    try {
      const response = await fetch(new URL(`/v1/tickets/${this.#ticket!.id}/attachments/${file.id}`, api.api), {
        headers: api.auth.kind === "token" ? { Authorization: `Bearer ${api.auth.token}` } : {},
        credentials: api.auth.kind === "cookie" ? "include" : "omit",
      });
      if (!response.ok) throw new Error(String(response.status));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = file.file_name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      this.#failure = t.downloadFailed;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="failure"]')?.focus();
    }
  }

  #openPanel(panel: Panel, focus: string): void {
    this.#panel = panel;
    this.#result = "";
    this.#failure = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(focus)?.focus());
  }

  #closePanel(focus: string): void {
    this.#panel = null;
    this.#failure = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(focus)?.focus());
  }

  /** First submit of a money or incidents form: check the input and show what will happen. */
  #review(event: Event): void {
    event.preventDefault();
    const panel = this.#panel;
    const ticket = this.#ticket;
    if (!panel || !ticket) return;
    const t = pick(messages, this.locale);
    const input = (event.target as HTMLFormElement).elements.namedItem("value") as HTMLInputElement | null;
    this.#failure = "";
    if (panel.kind === "incidents") this.#panel = { ...panel, to: Number(input!.value) };
    else if (panel.kind === "charge" || panel.kind === "edit") {
      const currency = panel.kind === "edit" ? ticket.fees.find((f) => f.id === panel.feeId)!.amount.currency : ticket.fee_currency;
      const amount = parseAmount(input!.value, currency);
      if (!amount) this.#failure = t.invalidAmount;
      else this.#panel = { ...panel, amount };
    }
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(this.#failure ? '[part="failure"]' : '[part="confirm"] button[type="submit"]')?.focus());
  }

  async #confirm(event: Event): Promise<void> {
    event.preventDefault();
    const panel = this.#panel;
    const ticket = this.#ticket;
    if (!panel || !ticket || !this.api) return;
    const t = pick(messages, this.locale);
    const id = ticket.id;
    if (panel.kind === "incidents") {
      await this.#run(async () => {
        const done = await this.api!.put<{ incidents_used: number; customer: { available: number } }>(`/v1/tickets/${id}/incidents`, { count: panel.to });
        return t.incidentsDone(done.incidents_used, done.customer.available);
      });
    } else if (panel.kind === "charge" && panel.amount) {
      const amount = panel.amount;
      await this.#run(async () => {
        const done = await this.api!.post<{ balance: Money }>(`/v1/tickets/${id}/fees`, { amount: amount.amount, currency: amount.currency }, { idempotencyKey: panel.key });
        return t.charged(this.#money(amount), this.#money(done.balance));
      });
    } else if (panel.kind === "edit" && panel.amount) {
      await this.#run(async () => {
        const done = await this.api!.patch<{ balance: Money }>(`/v1/fees/${panel.feeId}`, { amount: panel.amount!.amount }, { idempotencyKey: panel.key });
        return t.edited(this.#money(done.balance));
      });
    } else if (panel.kind === "delete") {
      await this.#run(async () => {
        const done = await this.api!.delete<{ balance: Money }>(`/v1/fees/${panel.feeId}`, { idempotencyKey: panel.key });
        return t.deleted(this.#money(done.balance));
      });
    }
  }

  protected override render() {
    const t = pick(messages, this.locale);
    if (this.#loading) return skeleton(t.loading, 4);
    const ticket = this.#ticket;
    if (!ticket) return errorState(this.#error instanceof ApiError ? this.#error.message : t.failed, t.retry, () => void this.#load());
    const actions = new Set(ticket.actions);
    const balance = this.#balance(ticket);
    return html`
      <div class="stack">
        <button type="button" class="link" part="back" @click=${() => this.go("helpdesk")}>${t.back}</button>
        <header class="card stack" part="summary">
          <div class="spread">
            <h2 id="ticket-title">${ticket.subject}</h2>
            ${badge(t.statuses[ticket.status] ?? ticket.status, ticket.status === "waiting_on_staff" ? "warning" : toneOf(ticket.status))}
          </div>
          <dl>
            <dt>${t.department}</dt>
            <dd>${ticket.department.name}</dd>
            <dt>${t.customer}</dt>
            <dd><button type="button" class="link" @click=${() => this.go("customer", { id: ticket.customer.id })}>${ticket.customer.name ? `${ticket.customer.name} (${ticket.customer.email})` : ticket.customer.email}</button></dd>
            <dt>${t.balance}</dt>
            <dd part="balance">${ticket.customer.balances.length ? ticket.customer.balances.map((b) => this.#money(b)).join(", ") : t.noBalance}</dd>
          </dl>
          ${ticket.request
            ? html`<p class="notice" part="request">${t.request}: ${pick(queueMessages, this.locale).kind[ticket.request.kind] ?? ticket.request.kind} · ${pick(queueMessages, this.locale).statuses[ticket.request.status] ?? ticket.request.status} <button type="button" class="link" @click=${() => this.go("review-queue")}>${t.openQueue}</button></p>`
            : nothing}
          <div class="actions">
            ${actions.has("close") ? html`<button type="button" part="close" ?disabled=${this.#busy} @click=${() => void this.#closeOrReopen("close")}>${t.close}</button>` : nothing}
            ${actions.has("reopen") ? html`<button type="button" part="reopen" ?disabled=${this.#busy} @click=${() => void this.#closeOrReopen("reopen")}>${t.reopen}</button>` : nothing}
          </div>
        </header>
        ${this.#result ? html`<p class="notice" role="status" tabindex="-1" part="result">${this.#result}</p>` : nothing}
        ${this.#failure && !this.#panel ? html`<p class="state error" role="alert" tabindex="-1" part="failure">${this.#failure}</p>` : nothing}
        <div class="grid">
          <div class="stack">
            <section class="stack" part="conversation" aria-labelledby="conv-title">
              <h3 id="conv-title">${t.conversation}</h3>
              <ol class="stack" role="list">
                ${ticket.messages.map(
                  (m) => html`<li class="message" part="message" ?data-internal=${m.internal} data-author=${m.author}>
                    <div class="row">
                      <strong>${t.author[m.author] ?? m.author}</strong>
                      ${m.internal ? badge(t.internal, "warning", "internal") : nothing}
                      <span class="muted">${this.#date(m.created_at)}</span>
                    </div>
                    <p>${m.body}</p>
                    ${m.attachments.length
                      ? html`<ul class="row" role="list">
                          ${m.attachments.map((a) => html`<li><button type="button" class="link" part="download" @click=${() => void this.#download(a)}>${t.download(a.file_name)}</button></li>`)}
                        </ul>`
                      : nothing}
                  </li>`,
                )}
              </ol>
            </section>
            ${actions.has("reply") || actions.has("note") ? this.#composer(actions) : nothing}
          </div>
          <div class="stack">
            ${this.#incidents(ticket, actions)}
            ${this.#fees(ticket, actions, balance)}
          </div>
        </div>
      </div>
    `;
  }

  #composer(actions: Set<Action>) {
    const t = pick(messages, this.locale);
    const note = this.#kind === "note";
    return html`
      <form class="card stack" part="composer" @submit=${(e: Event) => void this.#send(e)}>
        <fieldset>
          <legend>${t.write}</legend>
          ${actions.has("reply")
            ? html`<label class="choice"><input type="radio" name="kind" value="reply" .checked=${!note} @change=${() => { this.#kind = "reply"; this.requestUpdate(); }} />${t.kindReply}</label>`
            : nothing}
          ${actions.has("note")
            ? html`<label class="choice"><input type="radio" name="kind" value="note" .checked=${note} @change=${() => { this.#kind = "note"; this.requestUpdate(); }} />${t.kindNote}</label>`
            : nothing}
        </fieldset>
        <label for="body">${t.message}</label>
        <textarea id="body" name="body" rows="5" required maxlength="20000"></textarea>
        <label for="files">${t.attach}</label>
        <input type="file" id="files" name="files" multiple accept="image/*,application/pdf" />
        <div class="actions">
          <button type="submit" class="primary" part="send" aria-busy=${this.#busy ? "true" : "false"} ?disabled=${this.#busy}>${note ? t.addNote : t.send}</button>
        </div>
      </form>
    `;
  }

  #incidents(ticket: StaffTicket, actions: Set<Action>) {
    const t = pick(messages, this.locale);
    const panel = this.#panel?.kind === "incidents" ? this.#panel : null;
    return html`
      <section class="card stack" part="incidents" aria-labelledby="inc-title">
        <h3 id="inc-title">${t.incidents}</h3>
        <p><strong part="incidents-used">${ticket.incidents_used}</strong> <span class="muted">${t.incidentsHint}</span></p>
        ${panel
          ? panel.to === undefined
            ? html`<form class="stack" @submit=${(e: Event) => this.#review(e)}>
                <label for="incidents-value">${t.incidentsNew}</label>
                <input type="number" id="incidents-value" name="value" min="0" max="100" step="1" required .value=${String(ticket.incidents_used)} />
                <div class="actions"><button type="submit" class="primary">${t.next}</button><button type="button" @click=${() => this.#closePanel('[part="set-incidents"]')}>${t.cancel}</button></div>
              </form>`
            : this.#confirmStep(
                panel.to < ticket.incidents_used ? t.confirmIncidentsDown(ticket.incidents_used, panel.to) : panel.to > ticket.incidents_used ? t.confirmIncidentsUp(ticket.incidents_used, panel.to) : t.confirmIncidentsSame,
                t.confirmSet,
                '[part="set-incidents"]',
                panel.to !== ticket.incidents_used,
              )
          : actions.has("set_incidents")
            ? html`<button type="button" part="set-incidents" @click=${() => this.#openPanel({ kind: "incidents" }, "#incidents-value")}>${t.setIncidents}</button>`
            : nothing}
      </section>
    `;
  }

  #fees(ticket: StaffTicket, actions: Set<Action>, balance: Money) {
    const t = pick(messages, this.locale);
    const panel = this.#panel && this.#panel.kind !== "incidents" ? this.#panel : null;
    return html`
      <section class="card stack" part="fees" aria-labelledby="fees-title">
        <h3 id="fees-title">${t.fees}</h3>
        ${ticket.fees.length === 0 ? html`<p class="muted">${t.noFees}</p>` : nothing}
        <ul class="stack" role="list">
          ${ticket.fees.map((fee) => {
            const mine = panel && panel.kind !== "charge" && panel.feeId === fee.id ? panel : null;
            return html`<li class="stack" part="fee" data-fee=${fee.id}>
              <div class="spread">
                <span class="amount">${this.#money(fee.amount)}</span>
                <span class="muted">${t.charged_at} ${this.#date(fee.created_at)}</span>
              </div>
              ${mine?.kind === "edit"
                ? mine.amount
                  ? this.#confirmStep(t.confirmEdit(this.#money(fee.amount), this.#money(mine.amount)), t.confirmEditButton, `#edit-${fee.id}`)
                  : this.#amountForm(fee.amount.currency, `#edit-${fee.id}`, String(fee.amount.amount / 10 ** currencyExponent(fee.amount.currency)))
                : mine?.kind === "delete"
                  ? this.#confirmStep(t.confirmDelete(this.#money(fee.amount)), t.confirmDeleteButton, `#delete-${fee.id}`, true, "danger")
                  : html`<div class="actions">
                      <button type="button" id="edit-${fee.id}" part="edit-fee" @click=${() => this.#openPanel({ kind: "edit", feeId: fee.id, key: newIdempotencyKey() }, "#fee-amount")}>${t.edit}</button>
                      <button type="button" id="delete-${fee.id}" part="delete-fee" @click=${() => this.#openPanel({ kind: "delete", feeId: fee.id, key: newIdempotencyKey() }, '[part="confirm"] button[type="submit"]')}>${t.delete}</button>
                    </div>`}
            </li>`;
          })}
        </ul>
        ${panel?.kind === "charge"
          ? panel.amount
            ? this.#confirmStep(`${t.confirmCharge(this.#money(panel.amount))} ${t.balance}: ${this.#money(balance)} → ${this.#money({ amount: balance.amount - panel.amount.amount, currency: balance.currency })}.`, t.confirmChargeButton, '[part="charge-fee"]')
            : this.#amountForm(ticket.fee_currency, '[part="charge-fee"]', "")
          : actions.has("charge_fee")
            ? html`<button type="button" part="charge-fee" @click=${() => this.#openPanel({ kind: "charge", key: newIdempotencyKey() }, "#fee-amount")}>${t.chargeFee}</button>`
            : nothing}
      </section>
    `;
  }

  #amountForm(currency: string, back: string, value: string) {
    const t = pick(messages, this.locale);
    return html`<form class="stack" part="amount-form" @submit=${(e: Event) => this.#review(e)}>
      <label for="fee-amount">${t.feeAmount(currency)}</label>
      <input type="text" inputmode="decimal" id="fee-amount" name="value" required autocomplete="off" .value=${value} aria-describedby=${this.#failure ? "fee-error" : nothing} />
      ${this.#failure ? html`<p class="state error" role="alert" tabindex="-1" id="fee-error" part="failure">${this.#failure}</p>` : nothing}
      <div class="actions"><button type="submit" class="primary">${t.next}</button><button type="button" @click=${() => this.#closePanel(back)}>${t.cancel}</button></div>
    </form>`;
  }

  #confirmStep(what: string, confirm: string, back: string, enabled = true, tone: "primary" | "danger" = "primary") {
    const t = pick(messages, this.locale);
    return html`<form class="stack" part="confirm" @submit=${(e: Event) => void this.#confirm(e)}>
      <p class="notice">${what}</p>
      ${this.#failure ? html`<p class="state error" role="alert" tabindex="-1" part="failure">${this.#failure}</p>` : nothing}
      <div class="actions">
        ${enabled ? html`<button type="submit" class=${tone} aria-busy=${this.#busy ? "true" : "false"} ?disabled=${this.#busy}>${confirm}</button>` : nothing}
        <button type="button" @click=${() => this.#closePanel(back)}>${t.cancel}</button>
      </div>
    </form>`;
  }
}
define("bf-console-ticket", ConsoleTicket);
