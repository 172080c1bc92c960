import { formatMoney, type Money } from "@billfront/core";
import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { define } from "../../base.ts";
import { ApiError } from "../../client.ts";
import { saveFile } from "../../download.ts";
import { IntentKeys } from "../../idempotency.ts";
import { badge, design, emptyState, errorState, skeleton, toneOf } from "../../ui/design.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { messages } from "./order.messages.ts";

type Messages = (typeof messages)["en"];

interface DocRef {
  id: string;
  kind: string;
  number: string;
  file_name: string;
}
interface HistoryRow {
  id: string;
  type: string;
  occurred_at: string;
  status: string;
  amount: Money;
  documents: DocRef[];
}
interface StaffPayment {
  id: string;
  status: string;
  amount: Money;
  refunded: Money;
  remaining: Money;
  settled: boolean;
  created_at: string;
  refund_as: "void" | "refund" | null;
  actions: ("refund" | "partial_refund" | "void")[];
}
interface StaffEmail {
  id: string;
  template: string;
  to: string;
  status: string;
  created_at: string;
  actions: "resend"[];
}
/** GET /v1/orders/:id as staff see it: what it is, and what the API says may be done with it. */
interface StaffOrder {
  id: string;
  number: string;
  status: string;
  customer_id: string;
  total: Money;
  paid: Money;
  refunded: Money;
  items: { id: string; description: string; quantity: number; unit_price: Money; amount: Money }[];
  taxes: { description: string; amount: Money }[];
  subscription_id: string | null;
  history: HistoryRow[];
  documents: DocRef[];
  actions: ("cancel" | "refund")[];
  payments: StaffPayment[];
  emails: StaffEmail[];
}
type SubAction = "restart_trial" | "skip_trial" | "stop_trial" | "change_price" | "change_billing_date" | "skip_payment" | "unskip_payment" | "bill_now" | "cancel" | "pause" | "resume";
interface StaffSubscription {
  id: string;
  status: string;
  price_id: string;
  quantity: number;
  current_period_end: string | null;
  trial_ends_at: string | null;
  actions: SubAction[];
}
interface Preview {
  charge_now: Money | null;
  credit: Money | null;
  next_charge: { at: string; amount: Money } | null;
  ends_at: string | null;
}
interface PriceOption {
  id: string;
  label: string;
}

/** The confirm step open now: what it is about. */
type Intent =
  | { kind: "refund" | "partial" | "void"; payment: StaffPayment }
  | { kind: "cancel_order" }
  | { kind: "resend"; email: StaffEmail }
  | { kind: "sub"; action: SubAction };

/**
 * The staff order screen (M2, R3, R7, S4, S8): lines, payments with what is
 * left to refund, billing history, documents, resendable e-mails and the
 * order's subscription. Every action the API lists opens a confirm step with
 * core's preview (what a refund does — a void while unsettled —, what a
 * subscription operation charges and when); one idempotency key per intended
 * money movement; the result message takes the focus.
 *
 * @csspart result - the message after an action (focused)
 * @csspart lines - the order's lines
 * @csspart payments - the payments table
 * @csspart history - the billing history
 * @csspart documents - the documents list
 * @csspart emails - the e-mails that can be resent
 * @csspart subscription - the subscription card
 * @csspart confirm - the confirm dialog
 * @csspart preview - what the action will charge, in the confirm dialog
 */
export class ConsoleOrder extends ConsoleScreen {
  static override styles = [
    design,
    css`
      :host { display: block; }
      section { display: grid; gap: 1rem; min-width: 0; }
      h2, h3 { margin: 0; }
      h2 { font-size: 1.375rem; }
      h3 { font-size: 1.0625rem; }
      .card { container-type: inline-size; min-width: 0; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
      dl.facts dt { color: var(--_bf-muted, #5b6470); }
      dl.facts dd { margin: 0; }
      ul.plain { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
      dialog { max-width: min(34rem, calc(100vw - 2rem)); }
      dl.facts.totals { grid-template-columns: max-content max-content; justify-content: end; text-align: end; }
      .docs { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; }
    `,
  ];

  static override properties = {
    ...ConsoleScreen.properties,
    order: { state: true },
    subscription: { state: true },
    loadError: { state: true },
    result: { state: true },
    intent: { state: true },
    preview: { state: true },
    previewState: { state: true },
    dialogError: { state: true },
    busy: { state: true },
    prices: { state: true },
  };

  declare order: StaffOrder | null;
  declare subscription: StaffSubscription | null;
  declare loadError: string | null;
  declare result: string | null;
  declare intent: Intent | null;
  declare preview: Preview | null;
  declare previewState: "idle" | "loading" | "error";
  declare dialogError: string | null;
  declare busy: boolean;
  declare prices: PriceOption[];
  /** One key per intended money movement, kept across retries until a definite answer (R8). */
  #keys = new IntentKeys();
  /** The control that opened the dialog: focus goes back there on cancel. */
  #opener: HTMLElement | null = null;
  /** Whether the open dialog ended in a confirmed action (focus then goes to the result, not back to the opener). */
  #confirmed = false;

  constructor() {
    super();
    this.order = null;
    this.subscription = null;
    this.loadError = null;
    this.result = null;
    this.intent = null;
    this.preview = null;
    this.previewState = "idle";
    this.dialogError = null;
    this.busy = false;
    this.prices = [];
  }

  get #t(): Messages {
    return pick(messages, this.locale);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("params") || changed.has("api")) && this.api && this.params?.id) void this.load();
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      const order = await this.api!.get<StaffOrder>(`/v1/orders/${encodeURIComponent(this.params.id!)}`);
      this.subscription = order.subscription_id ? await this.api!.get<StaffSubscription>(`/v1/subscriptions/${order.subscription_id}`) : null;
      this.order = order;
    } catch (error) {
      this.order = null;
      this.loadError = this.#message(error, this.#t.loadFailed);
    }
  }

  #money(m: Money): string {
    return formatMoney(m, formatLocale(this.locale));
  }
  #date(iso: string): string {
    return new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium" }).format(new Date(iso));
  }
  #status(s: string): string {
    return this.#t.statuses[s] ?? s;
  }
  #message(error: unknown, fallback: string): string {
    return this.problemText(error, fallback);
  }

  protected override render(): TemplateResult {
    const t = this.#t;
    if (this.loadError) return errorState(this.loadError, t.retry, () => void this.load());
    const o = this.order;
    if (!o) return skeleton(t.loading, 4);
    return html`<section aria-labelledby="title">
        <div class="spread">
          <h2 id="title">${t.title(o.number)} ${badge(this.#status(o.status), toneOf(o.status))}</h2>
          <button type="button" class="link" part="customer-link" @click=${() => this.go("customer", { id: o.customer_id })}>${t.customer}</button>
        </div>
        ${this.result ? html`<p class="notice success" part="result" role="status" tabindex="-1">${this.result}</p>` : nothing}
        ${o.actions.includes("cancel")
          ? html`<div class="actions" role="group" aria-label=${t.orderActions}>
              <button type="button" class="danger" part="cancel-order" @click=${(e: Event) => this.#open(e, { kind: "cancel_order" })}>${t.cancelOrder}</button>
            </div>`
          : nothing}
        ${this.#lines(o)} ${this.#payments(o)} ${this.subscription ? this.#subscription(this.subscription) : nothing} ${this.#history(o)} ${this.#documents(o)} ${this.#emails(o)}
      </section>
      ${this.#dialog()}`;
  }

  #lines(o: StaffOrder): TemplateResult {
    const t = this.#t;
    return html`<div class="card" part="lines">
      <h3>${t.lines}</h3>
      <table class="table">
        <thead><tr><th scope="col">${t.description}</th><th scope="col" class="num">${t.quantity}</th><th scope="col" class="num">${t.unitPrice}</th><th scope="col" class="num">${t.amount}</th></tr></thead>
        <tbody>
          ${o.items.map(
            (i) => html`<tr>
              <td data-label=${t.description}>${i.description}</td>
              <td data-label=${t.quantity} class="num">${i.quantity} ×</td>
              <td data-label=${t.unitPrice} class="num">${this.#money(i.unit_price)}</td>
              <td data-label=${t.amount} class="num">${this.#money(i.amount)}</td>
            </tr>`,
          )}
          ${o.taxes.map((x) => html`<tr><td data-label=${t.description}>${x.description}</td><td data-label=${t.quantity} class="num"></td><td data-label=${t.unitPrice} class="num"></td><td data-label=${t.amount} class="num">${this.#money(x.amount)}</td></tr>`)}
        </tbody>
      </table>
      <dl class="facts totals" part="totals">
        <dt>${t.total}</dt><dd class="amount">${this.#money(o.total)}</dd>
        <dt>${t.paid}</dt><dd class="amount">${this.#money(o.paid)}</dd>
        <dt>${t.refunded}</dt><dd class="amount">${this.#money(o.refunded)}</dd>
      </dl>
    </div>`;
  }

  #payments(o: StaffOrder): TemplateResult | typeof nothing {
    const t = this.#t;
    if (o.payments.length === 0) return nothing;
    return html`<div class="card" part="payments">
      <h3>${t.payments}</h3>
      <table class="table">
        <thead><tr><th scope="col">${t.date}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.status}</th><th scope="col" class="num">${t.remaining}</th><th scope="col">${t.actions}</th></tr></thead>
        <tbody>
          ${o.payments.map(
            (p) => html`<tr data-payment=${p.id}>
              <td data-label=${t.date}>${this.#date(p.created_at)}</td>
              <td data-label=${t.amount} class="num">${this.#money(p.amount)}</td>
              <td data-label=${t.status}>${badge(this.#status(p.status), toneOf(p.status))}</td>
              <td data-label=${t.remaining} class="num" part="remaining">${this.#money(p.remaining)}</td>
              <td data-label=${t.actions}>
                <div class="actions">
                  ${p.actions.includes("refund") ? html`<button type="button" part="refund" @click=${(e: Event) => this.#open(e, { kind: "refund", payment: p })}>${t.refund}</button>` : nothing}
                  ${p.actions.includes("partial_refund") ? html`<button type="button" part="partial-refund" @click=${(e: Event) => this.#open(e, { kind: "partial", payment: p })}>${t.partialRefund}</button>` : nothing}
                  ${p.actions.includes("void") ? html`<button type="button" part="void" @click=${(e: Event) => this.#open(e, { kind: "void", payment: p })}>${t.voidPayment}</button>` : nothing}
                </div>
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #subscription(s: StaffSubscription): TemplateResult {
    const t = this.#t;
    return html`<div class="card" part="subscription">
      <div class="spread"><h3>${t.subscription}</h3>${badge(this.#status(s.status), toneOf(s.status))}</div>
      <dl class="facts">
        ${s.trial_ends_at && s.status === "trialing" ? html`<dt>${t.trialEnds}</dt><dd>${this.#date(s.trial_ends_at)}</dd>` : nothing}
        ${s.current_period_end ? html`<dt>${t.periodEnds}</dt><dd>${this.#date(s.current_period_end)}</dd>` : nothing}
      </dl>
      <div class="actions" role="group" aria-label=${t.subscription}>
        ${s.actions.map(
          (a) => html`<button type="button" part="subscription-action" data-action=${a} class=${a === "cancel" || a === "stop_trial" ? "danger" : ""} @click=${(e: Event) => this.#open(e, { kind: "sub", action: a })}>
            ${t.subscriptionActions[a] ?? a}
          </button>`,
        )}
      </div>
    </div>`;
  }

  #history(o: StaffOrder): TemplateResult {
    const t = this.#t;
    return html`<div class="card" part="history">
      <h3>${t.history}</h3>
      ${o.history.length === 0
        ? emptyState(t.noHistory)
        : html`<table class="table">
            <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.type}</th><th scope="col">${t.status}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.documents}</th></tr></thead>
            <tbody>
              ${o.history.map(
                (r) => html`<tr data-type=${r.type} data-status=${r.status}>
                  <td data-label=${t.date}>${this.#date(r.occurred_at)}</td>
                  <td data-label=${t.type}>${t.rowTypes[r.type] ?? r.type}</td>
                  <td data-label=${t.status}>${badge(this.#status(r.status), toneOf(r.status), "history-status")}</td>
                  <td data-label=${t.amount} class="num">${this.#money(r.amount)}</td>
                  <td data-label=${t.documents}><span class="docs">${r.documents.map((d) => this.#downloadButton(d))}</span></td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </div>`;
  }

  #documents(o: StaffOrder): TemplateResult {
    const t = this.#t;
    return html`<div class="card" part="documents">
      <h3>${t.documents}</h3>
      <ul class="plain">
        <li><button type="button" class="link" @click=${() => void this.#download(`/v1/orders/${o.id}/summary.pdf`, `${o.number}.pdf`)}>${t.summaryPdf}</button></li>
        ${o.documents.map((d) => html`<li>${this.#downloadButton(d)}</li>`)}
      </ul>
    </div>`;
  }

  #downloadButton(d: DocRef): TemplateResult {
    return html`<button type="button" class="link" part="download" @click=${() => void this.#download(`/v1/documents/${d.id}/pdf`, d.file_name)}>${this.#t.download(d.number)}</button>`;
  }

  #emails(o: StaffOrder): TemplateResult {
    const t = this.#t;
    return html`<div class="card" part="emails">
      <h3>${t.emails}</h3>
      ${o.emails.length === 0
        ? emptyState(t.noEmails)
        : html`<ul class="plain">
            ${o.emails.map(
              (e) => html`<li class="spread" data-template=${e.template}>
                <span>${t.templates[e.template] ?? e.template} · ${this.#date(e.created_at)} · ${this.#status(e.status)}</span>
                ${e.actions.includes("resend")
                  ? html`<button type="button" part="resend" aria-label=${`${t.resend}: ${t.templates[e.template] ?? e.template}`} @click=${(ev: Event) => this.#open(ev, { kind: "resend", email: e })}>${t.resend}</button>`
                  : nothing}
              </li>`,
            )}
          </ul>`}
    </div>`;
  }

  async #download(path: string, fileName: string): Promise<void> {
    const auth = this.api!.auth;
    try {
      const res = await fetch(new URL(path, this.api!.api), { headers: auth.kind === "token" ? { Authorization: `Bearer ${auth.token}` } : {}, credentials: auth.kind === "cookie" ? "include" : "omit" });
      if (!res.ok) throw new Error(String(res.status));
      saveFile({ blob: await res.blob(), fileName });
    } catch {
      await this.#showResult(this.#t.downloadFailed);
    }
  }

  // ---- confirm step ----

  async #open(event: Event, intent: Intent): Promise<void> {
    this.#opener = event.currentTarget as HTMLElement;
    this.#confirmed = false;
    this.intent = intent;
    this.dialogError = null;
    this.preview = null;
    this.previewState = "idle";
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>("dialog");
    if (dialog && !dialog.open) dialog.showModal();
    if (intent.kind === "sub") {
      if (intent.action === "change_price" && this.prices.length === 0) await this.#loadPrices();
      await this.#loadPreview();
    }
  }

  #close(): void {
    this.renderRoot.querySelector<HTMLDialogElement>("dialog")?.close();
    this.#onClosed();
  }

  #onClosed(): void {
    // The close event comes a task later: by then another dialog may be open (or this one already tidied up).
    if (!this.intent || this.renderRoot.querySelector<HTMLDialogElement>("dialog")?.open) return;
    const opener = this.#opener;
    this.intent = null;
    this.busy = false;
    // Cancelled (no result shown): back to the control that opened it, if it is still there.
    if (!this.#confirmed && opener?.isConnected) opener.focus();
  }

  #field(name: string): string {
    return this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? "";
  }
  /** A date input's day as an instant: midday UTC of that day, so the calendar day is the same for every staff member. */
  #dateField(name: string): string | undefined {
    const v = this.#field(name);
    return v ? new Date(`${v}T12:00:00.000Z`).toISOString() : undefined;
  }

  /** The body of the subscription operation (and of its preview) from the dialog's fields. */
  #subBody(action: SubAction): Record<string, unknown> {
    const days = Number(this.#field("days"));
    const quantity = Number(this.#field("quantity"));
    switch (action) {
      case "restart_trial":
        return days ? { days } : {};
      case "change_price":
        return { price: this.#field("price"), ...(quantity ? { quantity } : {}) };
      case "change_billing_date":
        return { date: this.#dateField("date") };
      case "pause":
        return { date: this.#dateField("at"), resume_at: this.#dateField("resume_at") };
      case "resume":
        return { date: this.#dateField("at") };
      case "cancel":
        return { at: this.#field("cancel_at") || "now" };
      default:
        return {};
    }
  }

  async #loadPrices(): Promise<void> {
    try {
      const page = await this.api!.get<{ data: { name: string; prices: { id: string; name: string; price: Money; interval: string | null; addon: boolean; archived_at: string | null }[] }[] }>("/v1/products", { query: { limit: 100 } });
      this.prices = page.data.flatMap((p) => p.prices.filter((x) => x.interval && !x.addon && !x.archived_at).map((x) => ({ id: x.id, label: `${p.name} — ${x.name} (${this.#money(x.price)})` })));
    } catch {
      this.prices = [];
    }
  }

  async #loadPreview(): Promise<void> {
    const intent = this.intent;
    if (intent?.kind !== "sub") return;
    this.previewState = "loading";
    this.dialogError = null;
    try {
      this.preview = await this.api!.post<Preview>(`/v1/subscriptions/${this.subscription!.id}/preview`, { action: intent.action, ...this.#subBody(intent.action) });
      this.previewState = "idle";
    } catch (error) {
      this.preview = null;
      this.previewState = "error";
      this.dialogError = this.#message(error, this.#t.previewFailed);
    }
  }

  /** Minor units from what staff typed in major units, with the currency's own number of decimals. */
  #minor(text: string, currency: string): number {
    const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    const n = Number(text.replace(",", "."));
    return Number.isFinite(n) ? Math.round(n * 10 ** digits) : NaN;
  }

  async #confirm(event: Event): Promise<void> {
    event.preventDefault();
    const intent = this.intent;
    if (!intent || this.busy) return;
    const t = this.#t;
    this.busy = true;
    this.dialogError = null;
    try {
      const message = await this.#run(intent);
      this.#confirmed = true;
      this.#close();
      await this.load();
      await this.#showResult(message);
    } catch (error) {
      this.dialogError = this.#message(error, t.error);
    } finally {
      this.busy = false;
    }
  }

  async #showResult(message: string): Promise<void> {
    this.result = message;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
  }

  /** Sends the confirmed action; answers the result message. */
  async #run(intent: Intent): Promise<string> {
    const t = this.#t;
    const api = this.api!;
    switch (intent.kind) {
      case "refund":
      case "partial": {
        const p = intent.payment;
        const body = intent.kind === "partial" ? { amount: this.#minor(this.#field("amount"), p.remaining.currency) } : {};
        const r = await this.#keys.send(`refund:${p.id}`, body, (key) =>
          api.post<{ action: "voided" | "refunded"; status: string; remaining: Money }>(`/v1/payments/${p.id}/refund_or_void`, body, { idempotencyKey: key }),
        );
        if (r.action === "voided") return t.resultVoided(this.#money(p.amount));
        const given = this.#money({ amount: "amount" in body ? (body.amount as number) : p.remaining.amount, currency: p.remaining.currency });
        return r.status === "pending" ? t.resultRefundPending(given, this.#money(r.remaining)) : t.resultRefunded(given, this.#money(r.remaining));
      }
      case "void":
        await this.#keys.send(`void:${intent.payment.id}`, null, (key) => api.post(`/v1/payments/${intent.payment.id}/void`, {}, { idempotencyKey: key }));
        return t.resultVoided(this.#money(intent.payment.amount));
      case "cancel_order":
        await api.post(`/v1/orders/${this.order!.id}/cancel`, {});
        return t.orderCancelled;
      case "resend": {
        await this.#keys.send(`resend:${intent.email.id}`, null, (key) => api.post(`/v1/emails/${intent.email.id}/resend`, undefined, { idempotencyKey: key }));
        return t.resent(t.templates[intent.email.template] ?? intent.email.template);
      }
      case "sub": {
        await this.#runSub(intent.action);
        return t.subscriptionDone(t.subscriptionActions[intent.action] ?? intent.action);
      }
    }
  }

  async #runSub(action: SubAction): Promise<void> {
    const api = this.api!;
    const id = this.subscription!.id;
    const body = this.#subBody(action);
    const send = (method: "post" | "put", path: string, payload: unknown) =>
      this.#keys.send(`sub:${id}:${action}`, payload, (key) => (method === "put" ? api.put(`/v1/subscriptions/${id}${path}`, payload, { idempotencyKey: key }) : api.post(`/v1/subscriptions/${id}${path}`, payload, { idempotencyKey: key })));
    switch (action) {
      case "restart_trial":
        return void (await send("post", "/trial", { action: "restart", ...body }));
      case "skip_trial":
        return void (await send("post", "/trial", { action: "skip" }));
      case "stop_trial":
        return void (await send("post", "/trial", { action: "stop" }));
      case "change_price":
        return void (await send("put", "/price", body));
      case "change_billing_date":
        return void (await send("post", "/billing_date", body));
      case "skip_payment":
        return void (await send("post", "/skip_next_payment", { skip: true }));
      case "unskip_payment":
        return void (await send("post", "/skip_next_payment", { skip: false }));
      case "bill_now":
        return void (await send("post", "/bill_now", undefined));
      case "cancel":
        return void (await send("post", "/cancel", body));
      case "pause": {
        const b = body as { date?: string; resume_at?: string };
        return void (await send("post", "/pause", { ...(b.date ? { at: b.date } : {}), ...(b.resume_at ? { resume_at: b.resume_at } : {}) }));
      }
      case "resume": {
        const b = body as { date?: string };
        return void (await send("post", "/resume", b.date ? { at: b.date } : {}));
      }
    }
  }

  #dialog(): TemplateResult {
    const t = this.#t;
    const intent = this.intent;
    return html`<dialog part="confirm" aria-labelledby="confirm-title" @close=${() => this.#onClosed()}>
      ${intent
        ? html`<form method="dialog" @submit=${(e: Event) => void this.#confirm(e)}>
            <h3 id="confirm-title">${this.#dialogTitle(intent)}</h3>
            ${this.#dialogBody(intent)}
            ${this.dialogError ? html`<p class="state error" role="alert" part="dialog-error">${this.dialogError}</p>` : nothing}
            <div class="actions">
              <button type="submit" class="primary" part="confirm-button" aria-busy=${this.busy ? "true" : "false"} ?disabled=${this.busy || this.previewState === "loading" || (intent.kind === "sub" && !this.preview)}>
                ${this.busy ? t.working : t.confirm}
              </button>
              <button type="button" @click=${() => this.#close()}>${t.close}</button>
            </div>
          </form>`
        : nothing}
    </dialog>`;
  }

  #dialogTitle(intent: Intent): string {
    const t = this.#t;
    switch (intent.kind) {
      case "refund":
        return t.refund;
      case "partial":
        return t.partialRefund;
      case "void":
        return t.voidPayment;
      case "cancel_order":
        return t.cancelOrder;
      case "resend":
        return t.resend;
      case "sub":
        return t.subscriptionActions[intent.action] ?? intent.action;
    }
  }

  #dialogBody(intent: Intent): TemplateResult {
    const t = this.#t;
    switch (intent.kind) {
      case "refund": {
        const p = intent.payment;
        // Core's rule, shown as it said: an unsettled charge is voided in full.
        return html`<p part="preview">${p.refund_as === "void" ? t.refundWillVoid(this.#money(p.amount)) : t.refundWillRefund(this.#money(p.remaining))}</p>`;
      }
      case "partial":
        return html`<p part="preview">${t.partialRefundIntro(this.#money(intent.payment.remaining))}</p>
          <label>${t.refundAmount} (${intent.payment.remaining.currency})
            <input name="amount" inputmode="decimal" required autocomplete="off" />
          </label>`;
      case "void":
        return html`<p part="preview">${t.voidConfirm(this.#money(intent.payment.amount))}</p>`;
      case "cancel_order":
        return html`<p part="preview">${t.cancelOrderConfirm}</p>`;
      case "resend":
        return html`<p part="preview">${t.resendConfirm(t.templates[intent.email.template] ?? intent.email.template, intent.email.to)}</p>`;
      case "sub":
        return html`${this.#subFields(intent.action)} ${this.#previewView()}`;
    }
  }

  #subFields(action: SubAction): TemplateResult | typeof nothing {
    const f = this.#t.fields;
    const refresh = () => void this.#loadPreview();
    switch (action) {
      case "restart_trial":
        return html`<label>${f.days}<input name="days" type="number" min="1" max="730" inputmode="numeric" @change=${refresh} /></label>`;
      case "change_price":
        return html`<label>${f.price}<select name="price" @change=${refresh}>${this.prices.map((p) => html`<option value=${p.id} ?selected=${p.id === this.subscription?.price_id}>${p.label}</option>`)}</select></label>
          <label>${f.quantityField}<input name="quantity" type="number" min="1" inputmode="numeric" .value=${String(this.subscription?.quantity ?? 1)} @change=${refresh} /></label>`;
      case "change_billing_date":
        return html`<label>${f.date}<input name="date" type="date" required @change=${refresh} /></label>`;
      case "pause":
        return html`<label>${f.pauseAt}<input name="at" type="date" @change=${refresh} /></label><label>${f.resumeAt}<input name="resume_at" type="date" @change=${refresh} /></label>`;
      case "resume":
        return html`<label>${f.resumeOn}<input name="at" type="date" @change=${refresh} /></label>`;
      case "cancel":
        return html`<fieldset>
          <legend>${f.cancelAt}</legend>
          <label class="choice"><input type="radio" name="cancel_at_choice" value="now" checked @change=${(e: Event) => this.#setCancelAt(e)} />${f.cancelNow}</label>
          <label class="choice"><input type="radio" name="cancel_at_choice" value="end_of_term" @change=${(e: Event) => this.#setCancelAt(e)} />${f.cancelEndOfTerm}</label>
          <input type="hidden" name="cancel_at" value="now" />
        </fieldset>`;
      default:
        return nothing;
    }
  }

  #setCancelAt(e: Event): void {
    const hidden = this.renderRoot.querySelector<HTMLInputElement>('[name="cancel_at"]');
    if (hidden) hidden.value = (e.target as HTMLInputElement).value;
    void this.#loadPreview();
  }

  #previewView(): TemplateResult {
    const t = this.#t;
    if (this.previewState === "loading" && !this.preview) return html`<p part="preview" role="status">${t.previewing}</p>`;
    const p = this.preview;
    if (!p) return html``;
    return html`<dl class="facts" part="preview" aria-busy=${this.previewState === "loading" ? "true" : "false"}>
      <dt>${t.chargeNow}</dt><dd class="amount" data-field="charge_now">${p.charge_now ? this.#money(p.charge_now) : t.nothingCharged}</dd>
      ${p.credit ? html`<dt>${t.credit}</dt><dd class="amount" data-field="credit">${this.#money(p.credit)}</dd>` : nothing}
      <dt>${t.nextCharge}</dt><dd data-field="next_charge">${p.next_charge ? `${this.#money(p.next_charge.amount)} · ${this.#date(p.next_charge.at)}` : t.noNextCharge}</dd>
      ${p.ends_at ? html`<dt>${t.endsAt}</dt><dd data-field="ends_at">${this.#date(p.ends_at)}</dd>` : nothing}
    </dl>`;
  }
}
define("bf-console-order", ConsoleOrder);
