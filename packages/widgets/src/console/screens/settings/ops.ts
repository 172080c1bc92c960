import { formatMoney } from "@billfront/core";
import { html, nothing } from "lit";
import { define } from "../../../base.ts";
import { badge, emptyState, errorState, skeleton, toneOf } from "../../../ui/design.ts";
import { formatLocale } from "../../console-i18n.ts";
import { ListPanel } from "./access.ts";

/** Event families an endpoint can ask for (`noun.*`), or every event (`*`); the API takes exact types too. */
const EVENT_FAMILIES = ["*", "payment.*", "invoice.*", "subscription.*", "order.*", "customer.*", "refund.*", "cancellation.*", "ticket.*", "settings.*"] as const;

interface Endpoint {
  id: string;
  url: string;
  description: string | null;
  enabled_events: string[];
  disabled: boolean;
}
interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  created_at?: string;
}

/** M4: webhook endpoints (add, edit, disable), the signing secret shown once, recent deliveries with "send again". */
export class ConsoleSettingsWebhooks extends ListPanel<Endpoint> {
  #editing: Endpoint | "new" | null = null;
  #url = "";
  #description = "";
  #events = new Set<string>(["*"]);
  #deliveries: { endpoint: Endpoint; rows: Delivery[] | null; error?: unknown } | null = null;

  protected path() {
    return "/v1/webhook_endpoints";
  }

  #open(endpoint: Endpoint | "new"): void {
    this.#editing = endpoint;
    this.#url = endpoint === "new" ? "" : endpoint.url;
    this.#description = endpoint === "new" ? "" : (endpoint.description ?? "");
    this.#events = new Set(endpoint === "new" ? ["*"] : endpoint.enabled_events);
    this.fieldErrors = {};
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#wh-url")?.focus());
  }

  #save(event: Event): void {
    event.preventDefault();
    const w = this.t.webhooks;
    const editing = this.#editing;
    const body = { url: this.#url.trim(), enabled_events: [...this.#events], description: this.#description.trim() || null };
    this.ask(editing === "new" ? w.confirmAdd(body.url) : w.confirmEdit(body.url), body.enabled_events.map((e) => (e === "*" ? w.everyEvent : e)), async () => {
      if (editing === "new") {
        const created = await this.api!.post<Endpoint & { secret: string }>("/v1/webhook_endpoints", body);
        this.#editing = null;
        await this.reload();
        await this.done(w.added, created.secret);
      } else if (editing) {
        await this.api!.patch(`/v1/webhook_endpoints/${editing.id}`, body);
        this.#editing = null;
        await this.reload();
        await this.done(w.saved);
      }
    });
  }

  #toggle(endpoint: Endpoint): void {
    const w = this.t.webhooks;
    this.ask(endpoint.disabled ? w.confirmEnable(endpoint.url) : w.confirmDisable(endpoint.url), [], async () => {
      await this.api!.patch(`/v1/webhook_endpoints/${endpoint.id}`, { disabled: !endpoint.disabled });
      await this.reload();
      await this.done(w.saved);
    });
  }

  async #showDeliveries(endpoint: Endpoint): Promise<void> {
    this.#deliveries = { endpoint, rows: null };
    this.requestUpdate();
    try {
      const page = await this.api!.get<{ data: Delivery[] }>(`/v1/webhook_endpoints/${endpoint.id}/deliveries`, { query: { limit: 20 } });
      this.#deliveries = { endpoint, rows: page.data };
    } catch (error) {
      this.#deliveries = { endpoint, rows: [], error };
    }
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#wh-deliveries")?.focus();
  }

  #redeliver(delivery: Delivery): void {
    const w = this.t.webhooks;
    const endpoint = this.#deliveries!.endpoint;
    this.ask(w.confirmRedeliver(delivery.event_type), [], async () => {
      await this.api!.post(`/v1/events/${delivery.event_id}/replay`, { endpoint: endpoint.id });
      await this.#showDeliveries(endpoint);
      await this.done(w.redelivered);
    });
  }

  protected override render() {
    const w = this.t.webhooks;
    return html`<p>${w.intro}</p>
      <div class="actions"><button type="button" class="primary" part="add-endpoint" @click=${() => this.#open("new")}>${w.add}</button></div>
      ${this.#editing ? this.#renderForm() : nothing}
      ${this.renderResult()}
      ${this.renderList(w.empty, (rows) => html`<table class="table" part="endpoints">
        <caption class="sr-only">${w.caption}</caption>
        <thead><tr><th scope="col">${w.url}</th><th scope="col">${w.events}</th><th scope="col">${w.status}</th><th scope="col"><span class="sr-only">${w.edit}</span></th></tr></thead>
        <tbody>${rows.map((r) => html`<tr><td data-label=${w.url}><code>${r.url}</code>${r.description ? html`<br />${r.description}` : nothing}</td>
          <td data-label=${w.events}>${r.enabled_events.map((e) => (e === "*" ? w.everyEvent : e)).join(", ")}</td>
          <td data-label=${w.status}>${r.disabled ? badge(w.disabledBadge, "neutral") : badge(w.enabledBadge, "success")}</td>
          <td><div class="row">
            <button type="button" @click=${() => this.#open(r)}>${w.edit}</button>
            <button type="button" class=${r.disabled ? "" : "danger"} @click=${() => this.#toggle(r)}>${r.disabled ? w.enable : w.disable}</button>
            <button type="button" class="link" @click=${() => void this.#showDeliveries(r)}>${w.deliveries}</button>
          </div></td></tr>`)}</tbody>
      </table>`)}
      ${this.#deliveries ? this.#renderDeliveries() : nothing}
      ${this.renderConfirm()}`;
  }

  #renderForm() {
    const w = this.t.webhooks;
    return html`<form class="card" part="endpoint-form" @submit=${(e: Event) => this.#save(e)} novalidate>
      <div class="field"><label for="wh-url">${w.url}</label>
        <input id="wh-url" data-field="url" inputmode="url" .value=${this.#url} aria-invalid=${this.fieldErrors.url ? "true" : "false"} aria-describedby=${this.describedBy("url", w.urlHelp)} @input=${(e: Event) => (this.#url = (e.target as HTMLInputElement).value)} />
        <p class="help" id="help-url">${w.urlHelp}</p>${this.fieldError("url")}</div>
      <div class="field"><label for="wh-desc">${w.description}</label>
        <input id="wh-desc" data-field="description" .value=${this.#description} @input=${(e: Event) => (this.#description = (e.target as HTMLInputElement).value)} />${this.fieldError("description")}</div>
      <fieldset data-field="enabled_events" tabindex="-1" aria-describedby=${this.describedBy("enabled_events", w.eventsHelp)}><legend>${w.events}</legend>
        <p class="help" id="help-enabled_events">${w.eventsHelp}</p>
        ${EVENT_FAMILIES.map((e) => html`<label class="choice"><input type="checkbox" .checked=${this.#events.has(e)} @change=${(ev: Event) => ((ev.target as HTMLInputElement).checked ? this.#events.add(e) : this.#events.delete(e), this.requestUpdate())} /> ${e === "*" ? w.everyEvent : e}</label>`)}
        ${this.fieldError("enabled_events")}
      </fieldset>
      <div class="actions"><button type="button" @click=${() => ((this.#editing = null), this.requestUpdate())}>${this.t.cancel}</button><button type="submit" class="primary">${w.saveEndpoint}</button></div>
    </form>`;
  }

  #renderDeliveries() {
    const w = this.t.webhooks;
    const d = this.#deliveries!;
    return html`<section class="card" part="deliveries" aria-labelledby="wh-deliveries">
      <div class="spread"><h3 id="wh-deliveries" tabindex="-1">${w.deliveriesCaption(d.endpoint.url)}</h3>
        <button type="button" class="link" @click=${() => ((this.#deliveries = null), this.requestUpdate())}>${w.hideDeliveries}</button></div>
      ${d.error ? errorState(this.t.failed, this.t.retry, () => void this.#showDeliveries(d.endpoint)) : !d.rows ? skeleton(this.t.loading, 2) : !d.rows.length ? emptyState(w.noDeliveries) : html`<table class="table">
        <caption class="sr-only">${w.deliveriesCaption(d.endpoint.url)}</caption>
        <thead><tr><th scope="col">${w.event}</th><th scope="col">${w.status}</th><th scope="col">${w.attempts}</th><th scope="col"><span class="sr-only">${w.redeliver}</span></th></tr></thead>
        <tbody>${d.rows.map((r) => html`<tr><td data-label=${w.event}>${r.event_type}</td><td data-label=${w.status}>${badge(r.status, toneOf(r.status))}</td><td data-label=${w.attempts}>${r.attempt_count}</td>
          <td><button type="button" @click=${() => this.#redeliver(r)}>${w.redeliver}</button></td></tr>`)}</tbody></table>`}
    </section>`;
  }
}
define("bf-console-settings-webhooks", ConsoleSettingsWebhooks);

interface AuditEntry {
  id: string;
  actor: string;
  source: string;
  action: string;
  subject_id: string | null;
  customer_id: string | null;
  details: Record<string, unknown> | null;
  created_at: string;
}

/** M6: the audit log with filters by action, actor, customer and time range. */
export class ConsoleSettingsAudit extends ListPanel<AuditEntry> {
  #filters = { action: "", actor: "", customer: "", from: "", to: "" };
  protected path() {
    return "/v1/audit_log";
  }
  protected override query() {
    const f = this.#filters;
    return { action: f.action || undefined, actor: f.actor || undefined, customer: f.customer || undefined, created_after: f.from ? new Date(f.from).toISOString() : undefined, created_before: f.to ? new Date(f.to).toISOString() : undefined };
  }

  protected override async more(): Promise<void> {
    await super.more();
    if (this.loadError) {
      await this.failed(this.loadError);
      this.loadError = undefined;
      this.rows ??= [];
    }
  }

  #apply(event: Event): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const read = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    this.#filters = { action: read("action"), actor: read("actor"), customer: read("customer"), from: read("from"), to: read("to") };
    this.result = null;
    this.fieldErrors = {};
    void this.reload();
  }

  protected override render() {
    const a = this.t.audit;
    const input = (name: string, field: string, label: string, help?: string, type = "text") => html`<div class="field"><label for=${`au-${name}`}>${label}</label>
      <input id=${`au-${name}`} name=${name} type=${type} data-field=${field} aria-invalid=${this.fieldErrors[field] ? "true" : "false"} aria-describedby=${this.describedBy(field, help)} .value=${(this.#filters as Record<string, string>)[name]!} />
      ${help ? html`<p class="help" id=${`help-${field}`}>${help}</p>` : nothing}${this.fieldError(field)}</div>`;
    return html`<form class="card" part="audit-filters" role="search" @submit=${(e: Event) => this.#apply(e)} novalidate>
        ${input("action", "query.action", a.action, a.actionHelp)} ${input("actor", "query.actor", a.actor, a.actorHelp)} ${input("customer", "query.customer", a.subject, a.subjectHelp)}
        ${input("from", "query.created_after", a.from, undefined, "datetime-local")} ${input("to", "query.created_before", a.to, undefined, "datetime-local")}
        <div class="actions"><button type="submit" class="primary">${a.apply}</button></div>
      </form>
      ${this.renderResult()}
      ${this.renderList(a.empty, (rows) => html`<table class="table" part="audit">
        <caption class="sr-only">${a.caption}</caption>
        <thead><tr><th scope="col">${a.when}</th><th scope="col">${a.action}</th><th scope="col">${a.actor}</th><th scope="col">${a.subject}</th><th scope="col">${a.details}</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr><td data-label=${a.when}>${this.formatDate(r.created_at)}</td><td data-label=${a.action}><code>${r.action}</code></td>
          <td data-label=${a.actor}>${r.actor} (${r.source})</td><td data-label=${a.subject}>${r.customer_id ?? r.subject_id ?? ""}</td>
          <td data-label=${a.details}>${r.details ? Object.keys(r.details).join(", ") : ""}</td></tr>`)}</tbody>
      </table>`)}`;
  }
}
define("bf-console-settings-audit", ConsoleSettingsAudit);

interface Clock {
  id: string;
  name: string;
  frozen_at: string;
  customers: number;
}
interface Outcome {
  subscription_id: string;
  customer_id: string;
  action: string;
  at: string;
  amount?: number;
  currency?: string;
}

/** A10 (sandbox): test clocks — create, attach a customer, advance and see what the billing run did. */
export class ConsoleSettingsClocks extends ListPanel<Clock> {
  #outcomes: { clock: string; rows: Outcome[] } | null = null;
  protected path() {
    return "/v1/test_clocks";
  }

  #create(event: Event): void {
    event.preventDefault();
    const c = this.t.clocks;
    const form = event.target as HTMLFormElement;
    const name = (form.elements.namedItem("name") as HTMLInputElement).value.trim();
    const start = (form.elements.namedItem("start") as HTMLInputElement).value;
    this.ask(c.confirmCreate(name), [], async () => {
      await this.api!.post("/v1/test_clocks", { name, frozen_at: start ? new Date(`${start}Z`).toISOString() : "" });
      await this.reload();
      await this.done(c.created(name));
    });
  }

  #attach(event: Event, clock: Clock): void {
    event.preventDefault();
    const c = this.t.clocks;
    const customer = ((event.target as HTMLFormElement).elements.namedItem("customer") as HTMLInputElement).value.trim();
    this.fallbackField = `customer-${clock.id}`;
    this.ask(c.confirmAttach(customer, clock.name), [], async () => {
      await this.api!.post(`/v1/test_clocks/${clock.id}/customers`, { customer });
      await this.reload();
      await this.done(c.attached(customer));
    });
  }

  #advance(event: Event, clock: Clock): void {
    event.preventDefault();
    const c = this.t.clocks;
    const to = ((event.target as HTMLFormElement).elements.namedItem("to") as HTMLInputElement).value;
    const iso = to ? new Date(`${to}Z`).toISOString() : "";
    this.fallbackField = `to-${clock.id}`;
    this.ask(c.confirmAdvance(clock.name, iso ? this.formatDate(iso) : ""), [], async () => {
      const result = await this.api!.post<Clock & { subscriptions_billed: number; outcomes: Outcome[] }>(`/v1/test_clocks/${clock.id}/advance`, { to: iso });
      this.#outcomes = { clock: clock.id, rows: result.outcomes };
      await this.reload();
      await this.done(c.advanced(this.formatDate(result.frozen_at), result.subscriptions_billed));
    });
  }

  protected override render() {
    const c = this.t.clocks;
    return html`<p>${c.intro}</p>
      <form class="card" part="create-clock" @submit=${(e: Event) => this.#create(e)} novalidate>
        <div class="field"><label for="ck-name">${c.name}</label><input id="ck-name" name="name" data-field="name" aria-describedby=${this.describedBy("name")} />${this.fieldError("name")}</div>
        <div class="field"><label for="ck-start">${c.start}</label><input id="ck-start" name="start" type="datetime-local" data-field="frozen_at" aria-describedby=${this.describedBy("frozen_at")} />${this.fieldError("frozen_at")}</div>
        <div class="actions"><button type="submit" class="primary">${c.create}</button></div>
      </form>
      ${this.renderResult()}
      ${this.#outcomes ? this.#renderOutcomes() : nothing}
      ${this.renderList(c.empty, (rows) => html`<ul class="stack" role="list" part="clocks">${rows.map((clock) => this.#renderClock(clock))}</ul>`)}
      ${this.renderConfirm()}`;
  }

  #renderClock(clock: Clock) {
    const c = this.t.clocks;
    return html`<li class="card" part="clock">
      <div class="spread"><h3>${clock.name}</h3><span>${c.now(this.formatDate(clock.frozen_at))} · ${c.customers(clock.customers)}</span></div>
      <form class="row" @submit=${(e: Event) => this.#attach(e, clock)} novalidate>
        <div class="field"><label for=${`ck-cus-${clock.id}`}>${c.customer}</label>
          <input id=${`ck-cus-${clock.id}`} name="customer" data-field=${`customer-${clock.id}`} aria-describedby=${this.describedBy(`customer-${clock.id}`, c.customerHelp)} />
          <p class="help" id=${`help-customer-${clock.id}`}>${c.customerHelp}</p>${this.fieldError(`customer-${clock.id}`)}</div>
        <button type="submit">${c.attach}</button>
      </form>
      <form class="row" @submit=${(e: Event) => this.#advance(e, clock)} novalidate>
        <div class="field"><label for=${`ck-to-${clock.id}`}>${c.advanceTo}</label>
          <input id=${`ck-to-${clock.id}`} name="to" type="datetime-local" data-field=${`to-${clock.id}`} aria-describedby=${this.describedBy(`to-${clock.id}`)} />${this.fieldError(`to-${clock.id}`)}</div>
        <button type="submit" class="primary" part="advance">${c.advance}</button>
      </form>
    </li>`;
  }

  #renderOutcomes() {
    const c = this.t.clocks;
    const rows = this.#outcomes!.rows;
    return html`<section class="card" part="outcomes" aria-labelledby="ck-outcomes"><h3 id="ck-outcomes">${c.outcomes}</h3>
      ${rows.length
        ? html`<ul role="list">${rows.map((o) => html`<li part="outcome" data-action=${o.action}>${this.formatDate(o.at)} · ${c.actions[o.action] ?? o.action} · ${o.subscription_id}${o.amount !== undefined && o.currency ? html` · ${formatMoney({ amount: o.amount, currency: o.currency }, formatLocale(this.locale))}` : nothing}</li>`)}</ul>`
        : html`<p>${c.nothingHappened}</p>`}
    </section>`;
  }
}
define("bf-console-settings-clocks", ConsoleSettingsClocks);
