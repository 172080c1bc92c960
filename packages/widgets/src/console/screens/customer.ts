import { formatMoney, type CustomerProfileView, type EmailView, type MerchantOrderView, type MerchantSubscriptionView, type Page, type PaymentView } from "@billfront/core";
import { css, html, nothing, type TemplateResult } from "lit";
import { define } from "../../base.ts";
import { badge, design, emptyState, errorState, skeleton, toneOf } from "../../ui/design.ts";
import { ApiError } from "../../client.ts";
import { newIdempotencyKey } from "../console-api.ts";
import { formatLocale, pick } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { toMinorUnits as toMinorUnitsOrUndefined } from "../../payment-methods/amounts.ts";
import { messages } from "./customer.messages.ts";

type T = (typeof messages)["en"];
type Ticket = CustomerProfileView["tickets"]["data"][number];
type Dialog =
  | { kind: "edit" }
  | { kind: "address" }
  | { kind: "custom" }
  | { kind: "credit" }
  | { kind: "incidents" }
  | { kind: "order" }
  | { kind: "comment"; payment: PaymentView }
  | { kind: "resend"; email: EmailView }
  | { kind: "blacklist"; lift: boolean };
/** A list on the profile that pages on with its own endpoint (`?customer=`). */
type ListName = "orders" | "subscriptions" | "transactions" | "tickets" | "emails";
const LIST_PATHS: Record<ListName, string> = { orders: "/v1/orders", subscriptions: "/v1/subscriptions", transactions: "/v1/payments", tickets: "/v1/tickets", emails: "" };
const EDIT_FIELDS = ["name", "email", "phone", "locale"] as const;
/** The billing address's parts as `PATCH /v1/customers/:id` takes them (`billing_address.<part>`). */
const ADDRESS_PARTS = ["line1", "line2", "postal_code", "city", "region", "country"] as const;
/** Kinds of tax number the API accepts (core's TAX_ID_TYPES); "" sends none. */
const TAX_ID_TYPES = ["", "eu_vat", "gb_vat", "ch_vat", "no_vat", "us_ein", "ca_bn", "au_abn", "in_gst"] as const;
/** Dialogs whose refused fields are shown at the field, back on the form. */
const FIELD_FORMS = new Set<Dialog["kind"]>(["edit", "address"]);

/**
 * One customer's profile in the console (M2): details (edited as the API's
 * `editable_fields` allow), other info (custom fields), account balance with
 * "add credit for rebills", lifetime incidents and the credit limit, orders,
 * subscriptions, transactions (with a comment, optionally shown in the portal),
 * e-mails sent (resend), tickets, "create a new order" with its payment link
 * e-mailed, and blacklisting when the API offers it (admins). Every change has
 * a confirm step and a result message that takes focus; money moves carry one
 * idempotency key per intended action.
 *
 * @csspart header - the customer's name, badges and main actions
 * @csspart section - one card of the profile (`data-section` names it)
 * @csspart result - the message after an action (focused)
 * @csspart dialog - the form and confirm dialog
 * @csspart confirm - the confirm step's text
 * @csspart dialog-error - a refused or failed action's message
 * @csspart loading - the loading skeleton
 * @csspart error - the error message
 */
export class ConsoleCustomer extends ConsoleScreen {
  static override styles = [
    design,
    css`
      .grid {
        display: grid;
        gap: var(--_bf-space-3, 1rem);
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
      }
      dl {
        display: grid;
        grid-template-columns: minmax(6rem, max-content) minmax(0, 1fr);
        gap: 0.25rem 1rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      .hint {
        font-size: 0.875em;
        opacity: 0.8;
      }
      .card h2 {
        font-size: 1.125rem;
        margin: 0;
      }
      td,
      th {
        overflow-wrap: anywhere;
      }
      dialog form {
        display: grid;
        gap: var(--_bf-space-2, 0.75rem);
      }
      dialog input,
      dialog select,
      dialog textarea {
        width: 100%;
        box-sizing: border-box;
      }
      .pair {
        display: grid;
        grid-template-columns: minmax(0, 1fr) minmax(0, 2fr) auto;
        gap: 0.5rem;
        align-items: end;
      }
      .big {
        font-size: 1.5rem;
        font-weight: 700;
      }
    `,
  ];
  static override properties = {
    ...ConsoleScreen.properties,
    _profile: { state: true },
    _emails: { state: true },
    _extra: { state: true },
    _state: { state: true },
    _dialog: { state: true },
    _phase: { state: true },
    _busy: { state: true },
    _dialogError: { state: true },
    _result: { state: true },
    _customRows: { state: true },
    _fieldErrors: { state: true },
  };

  declare _profile: CustomerProfileView | undefined;
  declare _emails: Page<EmailView> | undefined;
  /** Rows loaded with "Load more", per list, and the cursor to continue from. */
  declare _extra: Partial<Record<ListName, { rows: unknown[]; cursor: string | null }>>;
  declare _state: "loading" | "ready" | "error";
  declare _dialog: Dialog | undefined;
  declare _phase: "form" | "confirm";
  declare _busy: boolean;
  declare _dialogError: string | undefined;
  declare _result: { text: string; link?: string } | undefined;
  declare _customRows: [string, string][];
  /** The server's refused fields (`billing_address.country` → its message), shown at the field. */
  declare _fieldErrors: Record<string, string>;
  /** What was typed into the form, so going back to it after a refusal keeps it. */
  #typed: Record<string, string> | undefined;
  /** What the confirm step will send. */
  #draft: Record<string, unknown> = {};
  /** One key per intended money movement, kept until the action has a definite answer (R8). */
  #intentKey: string | undefined;
  #opener: HTMLElement | null = null;

  constructor() {
    super();
    this._state = "loading";
    this._extra = {};
    this._phase = "form";
    this._busy = false;
    this._customRows = [];
    this._fieldErrors = {};
  }

  get #id(): string {
    return this.params?.["id"] ?? "";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(quiet = false): Promise<void> {
    if (!this.api || !this.#id) return;
    if (!quiet) this._state = "loading";
    try {
      const [profile, emails] = await Promise.all([
        this.api.get<CustomerProfileView>(`/v1/customers/${encodeURIComponent(this.#id)}/profile`),
        this.api.get<Page<EmailView>>(`/v1/customers/${encodeURIComponent(this.#id)}/emails`, { query: { limit: 10 } }),
      ]);
      this._profile = profile;
      this._emails = emails;
      this._extra = {};
      this._state = "ready";
    } catch {
      if (!quiet) this._state = "error";
    }
  }

  async #more(list: ListName): Promise<void> {
    if (!this.api || !this._profile) return;
    const page = list === "emails" ? this._emails : this._profile[list];
    const cursor = this._extra[list]?.cursor ?? page?.next_cursor;
    const path = list === "emails" ? `/v1/customers/${encodeURIComponent(this.#id)}/emails` : LIST_PATHS[list];
    try {
      const next = await this.api.get<Page<unknown>>(path, { query: { ...(list === "emails" ? {} : { customer: this.#id }), limit: 10, cursor } });
      this._extra = { ...this._extra, [list]: { rows: [...(this._extra[list]?.rows ?? []), ...next.data], cursor: next.has_more ? next.next_cursor : null } };
    } catch (error) {
      this.#showResult(pick(messages, this.locale).failed(this.#message(error)));
    }
  }

  #rows<R>(list: ListName): { rows: R[]; more: boolean } {
    const page = (list === "emails" ? this._emails : this._profile?.[list]) as Page<R> | undefined;
    const extra = this._extra[list];
    return { rows: [...(page?.data ?? []), ...((extra?.rows ?? []) as R[])], more: extra ? extra.cursor !== null : (page?.has_more ?? false) };
  }

  // Dialogs: a form (where there is something to fill in), then the confirm step, then the result.

  #open(dialog: Dialog, event: Event): void {
    this.#opener = event.currentTarget as HTMLElement;
    this._dialog = dialog;
    // The last action's message goes: the next one will say how this one went.
    this._result = undefined;
    this._dialogError = undefined;
    this._busy = false;
    this.#intentKey = undefined;
    this.#draft = {};
    this.#typed = undefined;
    this._fieldErrors = {};
    if (dialog.kind === "custom") {
      const entries = Object.entries(this._profile?.customer.custom_fields ?? {});
      this._customRows = entries.length > 0 ? entries : [["", ""]];
    }
    this._phase = dialog.kind === "resend" || dialog.kind === "blacklist" ? "confirm" : "form";
    if (this._phase === "confirm") this.#intentKey = newIdempotencyKey();
    void this.updateComplete.then(() => {
      const el = this.shadowRoot?.querySelector("dialog");
      if (el && !el.open) el.showModal();
      el?.querySelector<HTMLElement>("input, select, textarea, button.primary")?.focus();
    });
  }

  #closeDialog(focusOpener = true): void {
    this.shadowRoot?.querySelector("dialog")?.close();
    this._dialog = undefined;
    if (focusOpener && this.#opener?.isConnected) this.#opener.focus();
  }

  #onDialogClose(): void {
    // Escape closes a modal dialog: back to what opened it.
    if (this._dialog) {
      this._dialog = undefined;
      if (this.#opener?.isConnected) this.#opener.focus();
    }
  }

  #toConfirm(event: SubmitEvent): void {
    event.preventDefault();
    const t = pick(messages, this.locale);
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const dialog = this._dialog!;
    this._dialogError = undefined;
    this._fieldErrors = {};
    this.#typed = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    switch (dialog.kind) {
      case "edit": {
        const c = this._profile!.customer as unknown as Record<string, string | null>;
        const changes: Record<string, string | null> = {};
        for (const field of EDIT_FIELDS) {
          if (!data.has(field)) continue;
          const value = text(field) || null;
          if (value !== (c[field] ?? null)) changes[field] = value;
        }
        this.#draft = changes;
        break;
      }
      case "address": {
        const part = (name: string) => text(`billing_address.${name}`) || null;
        const parts = Object.fromEntries(ADDRESS_PARTS.map((name) => [name, part(name)]));
        const value = text("tax_id.value") || null;
        const type = text("tax_id.type") || null;
        // All parts empty clears the address; the checks themselves are the server's (core's account rules).
        this.#draft = {
          billing_address: Object.values(parts).some((v) => v !== null) ? parts : null,
          tax_id: value || type ? { value, type } : null,
        };
        break;
      }
      case "custom": {
        const names = data.getAll("field-name").map((v) => String(v));
        const values = data.getAll("field-value").map((v) => String(v));
        const fields: Record<string, string> = {};
        names.forEach((name, i) => {
          if (name.trim()) fields[name.trim()] = (values[i] ?? "").trim();
        });
        this.#draft = { custom_fields: fields };
        break;
      }
      case "credit":
      case "order": {
        const currency = text("currency");
        const amount = toMinorUnitsOrUndefined(text("amount"), currency);
        if (amount === undefined) {
          this._dialogError = t.invalidAmount;
          return;
        }
        if (dialog.kind === "credit") this.#draft = { amount, currency, ...(text("note") ? { note: text("note") } : {}) };
        else {
          const quantity = Number(text("quantity") || "1");
          if (!Number.isInteger(quantity) || quantity < 1) {
            this._dialogError = t.invalidNumber;
            return;
          }
          this.#draft = { customer: this.#id, type: "one_time", currency, items: [{ description: text("description"), quantity, unit_amount: amount }], email_payment_link: true };
        }
        break;
      }
      case "incidents": {
        const used = Number(text("used"));
        const limit = Number(text("limit"));
        if (![used, limit].every((n) => Number.isInteger(n) && n >= 0) || text("used") === "" || text("limit") === "") {
          this._dialogError = t.invalidNumber;
          return;
        }
        this.#draft = { used, limit };
        break;
      }
      case "comment":
        this.#draft = { comment: text("comment"), show_in_portal: data.get("show_in_portal") === "on", notify_customer: data.get("notify_customer") === "on" };
        break;
      default:
        break;
    }
    // A new intended action: a new key (kept for retries of this one until it has an answer).
    this.#intentKey = newIdempotencyKey();
    this._phase = "confirm";
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>("dialog [part=confirm]")?.focus());
  }

  #confirmText(t: T): string {
    const d = this.#draft as Record<string, any>;
    const money = (amount: number, currency: string) => formatMoney({ amount, currency }, formatLocale(this.locale));
    const dialog = this._dialog!;
    switch (dialog.kind) {
      case "edit":
        return t.confirmEdit(Object.keys(d).map((f) => t.fields[f] ?? f).join(", ") || t.notSet);
      case "address":
        return t.confirmAddress(formatAddress(d.billing_address) ?? t.notSet, d.tax_id ? [d.tax_id.value, d.tax_id.type ? t.taxIdTypes[d.tax_id.type] : null].filter(Boolean).join(" · ") : t.notSet);
      case "custom":
        return t.confirmCustomFields(Object.keys(d.custom_fields).length);
      case "credit":
        return t.confirmCredit(money(d.amount, d.currency));
      case "incidents":
        return t.confirmIncidents(d.used, d.limit);
      case "order":
        return t.confirmOrder(money(d.items[0].unit_amount * d.items[0].quantity, d.currency), this._profile!.customer.email);
      case "comment":
        return d.comment ? t.confirmComment(d.show_in_portal, d.notify_customer) : t.confirmRemoveComment;
      case "resend":
        return t.confirmResend(dialog.email.subject);
      case "blacklist":
        return dialog.lift ? t.confirmUnblacklist : t.confirmBlacklist;
    }
  }

  async #run(): Promise<void> {
    if (!this.api || !this._dialog || this._busy) return;
    const t = pick(messages, this.locale);
    const id = encodeURIComponent(this.#id);
    const d = this.#draft as Record<string, any>;
    const key = this.#intentKey ?? (this.#intentKey = newIdempotencyKey());
    const dialog = this._dialog;
    this._busy = true;
    this._dialogError = undefined;
    try {
      let result: { text: string; link?: string };
      switch (dialog.kind) {
        case "edit":
          await this.api.patch(`/v1/customers/${id}`, d);
          result = { text: t.doneEdit };
          break;
        case "address":
          await this.api.patch(`/v1/customers/${id}`, d);
          result = { text: t.doneAddress };
          break;
        case "custom":
          await this.api.patch(`/v1/customers/${id}`, d);
          result = { text: t.doneCustomFields };
          break;
        case "credit":
          await this.api.post(`/v1/customers/${id}/credits`, d, { idempotencyKey: key });
          result = { text: t.doneCredit(formatMoney({ amount: d.amount, currency: d.currency }, formatLocale(this.locale))) };
          break;
        case "incidents":
          await this.api.put(`/v1/customers/${id}/lifetime_incidents`, { used: d.used });
          await this.api.put(`/v1/customers/${id}/incident_credit_limit`, { limit: d.limit });
          result = { text: t.doneIncidents };
          break;
        case "order": {
          const placed = await this.api.post<{ order: { id: string; number: string }; payment_link: string }>("/v1/orders", d, { idempotencyKey: key });
          result = { text: t.doneOrder(placed.order.number), link: placed.payment_link };
          break;
        }
        case "comment":
          await this.api.put(`/v1/payments/${encodeURIComponent(dialog.payment.id)}/comment`, d);
          result = { text: t.doneComment };
          break;
        case "resend":
          await this.api.post(`/v1/emails/${encodeURIComponent(dialog.email.id)}/resend`, undefined, { idempotencyKey: key });
          result = { text: t.doneResend };
          break;
        case "blacklist":
          await this.api.post(`/v1/customers/${id}/blacklist`, { blacklisted: !dialog.lift });
          result = { text: dialog.lift ? t.doneUnblacklist : t.doneBlacklist };
          break;
      }
      this.#intentKey = undefined;
      this._busy = false;
      this.#closeDialog(false);
      await this.#load(true);
      this.#showResult(result.text, result.link);
    } catch (error) {
      this._busy = false;
      // No definite answer (network, server error): the key stays, so trying again cannot do it twice.
      const definite = error instanceof ApiError && error.status >= 400 && error.status < 500;
      if (definite) this.#intentKey = undefined;
      const refused = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e.field) : [];
      if (definite && refused.length > 0 && FIELD_FORMS.has(dialog.kind)) {
        // Back to the form with each refused field marked and its reason beside it.
        this._fieldErrors = Object.fromEntries(refused.map((e) => [e.field, e.message]));
        this._dialogError = t.fixFields;
        this._phase = "form";
        void this.updateComplete.then(() => (this.shadowRoot?.querySelector<HTMLElement>("dialog [aria-invalid=true]") ?? this.shadowRoot?.querySelector<HTMLElement>("[part=dialog-error]"))?.focus());
        return;
      }
      this._dialogError = t.failed(this.#message(error)) + (definite ? "" : ` ${t.retryNote}`);
      void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>("[part=dialog-error]")?.focus());
    }
  }

  #message(error: unknown): string {
    if (error instanceof ApiError) {
      // The field errors stand beside their fields; this is the refusal as a sentence in the console's language.
      const fields = this.locale.toLowerCase().startsWith("en") ? (error.problem.errors?.map((e) => e.message).filter(Boolean) ?? []) : [];
      return [this.problemText(error), ...fields].join(" ");
    }
    return String((error as Error)?.message ?? error);
  }

  #showResult(text: string, link?: string): void {
    this._result = link ? { text, link } : { text };
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>("[part=result]")?.focus());
  }

  protected override render() {
    const t = pick(messages, this.locale);
    if (this._state === "loading") return html`<div part="loading">${skeleton(t.loading, 6)}</div>`;
    if (this._state === "error" || !this._profile) return html`<div part="error">${errorState(t.error, t.retry, () => void this.#load())}</div>`;
    const p = this._profile;
    const c = p.customer;
    const can = (a: string) => p.actions.includes(a as never);
    return html`<div class="stack">
      <div><button type="button" class="link" part="back" @click=${() => this.go("customers")}>${t.back}</button></div>
      <header class="spread" part="header">
        <div>
          <h1>${c.name ?? t.noName}</h1>
          <p>${c.email} ${c.blacklisted ? badge(t.blacklisted, "danger") : nothing} ${c.deleted_at ? badge(t.deleted, "neutral") : nothing}</p>
        </div>
        <div class="actions">
          ${can("create_order") ? html`<button type="button" class="primary" part="create-order" @click=${(e: Event) => this.#open({ kind: "order" }, e)}>${t.createOrder}</button>` : nothing}
          ${can("blacklist") ? html`<button type="button" class="danger" part="blacklist" @click=${(e: Event) => this.#open({ kind: "blacklist", lift: false }, e)}>${t.blacklist}</button>` : nothing}
          ${can("unblacklist") ? html`<button type="button" part="blacklist" @click=${(e: Event) => this.#open({ kind: "blacklist", lift: true }, e)}>${t.unblacklist}</button>` : nothing}
        </div>
      </header>
      ${this._result
        ? html`<div class="notice" role="status" tabindex="-1" part="result">
            <p>${this._result.text}</p>
            ${this._result.link ? html`<p>${t.paymentLink}: <a href=${this._result.link} style="overflow-wrap:anywhere">${this._result.link}</a></p>` : nothing}
          </div>`
        : nothing}
      <div class="grid">${this.#details(t, p)} ${this.#otherInfo(t, p)} ${this.#balance(t, p)} ${this.#incidents(t, p)}</div>
      ${this.#orders(t)} ${this.#subscriptions(t)} ${this.#transactions(t, p)} ${this.#emailsSection(t)} ${this.#tickets(t)} ${this.#renderDialog(t)}
    </div>`;
  }

  #section(name: string, title: string, body: TemplateResult, action: TemplateResult | typeof nothing = nothing) {
    return html`<section class="card stack" part="section" data-section=${name} aria-labelledby="h-${name}">
      <div class="spread"><h2 id="h-${name}">${title}</h2>${action}</div>
      ${body}
    </section>`;
  }

  #details(t: T, p: CustomerProfileView) {
    const c = p.customer;
    const access = p.field_access as unknown as Record<string, string>;
    const accessKey: Record<string, string> = { name: "name", email: "email", phone: "phone", tax_id: "taxId", billing_address: "billingAddress" };
    const address = formatAddress(c.billing_address);
    const values: [string, string | null][] = [
      ["name", c.name],
      ["email", c.email],
      ["phone", c.phone],
      ["locale", c.locale],
      ["tax_id", c.tax_id?.value ?? null],
      ["billing_address", address],
    ];
    const editable = EDIT_FIELDS.some((f) => p.editable_fields.includes(f));
    const addressEditable = p.editable_fields.includes("billing_address") || p.editable_fields.includes("tax_id");
    return this.#section(
      "details",
      t.details,
      html`<dl>
        ${values.map(
          ([field, value]) => html`<dt>${t.fields[field]}</dt>
            <dd>${value ?? t.notSet} ${access[accessKey[field] ?? ""] ? html`<span class="hint">(${t.portalAccess(t.access[access[accessKey[field]!]!] ?? "")})</span>` : nothing}</dd>`,
        )}
      </dl>`,
      can(p, "edit") && (editable || addressEditable)
        ? html`<div class="actions">
            ${editable ? html`<button type="button" part="edit-details" @click=${(e: Event) => this.#open({ kind: "edit" }, e)}>${t.edit}</button>` : nothing}
            ${addressEditable ? html`<button type="button" part="edit-address" @click=${(e: Event) => this.#open({ kind: "address" }, e)}>${t.editAddress}</button>` : nothing}
          </div>`
        : nothing,
    );
  }

  #otherInfo(t: T, p: CustomerProfileView) {
    const fields = Object.entries(p.customer.custom_fields ?? {});
    return this.#section(
      "other-info",
      t.otherInfo,
      fields.length === 0 ? html`<p>${t.noCustomFields}</p>` : html`<dl>${fields.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`,
      can(p, "edit") && p.editable_fields.includes("custom_fields") ? html`<button type="button" part="edit-custom-fields" @click=${(e: Event) => this.#open({ kind: "custom" }, e)}>${t.edit}</button>` : nothing,
    );
  }

  #balance(t: T, p: CustomerProfileView) {
    const locale = formatLocale(this.locale);
    return this.#section(
      "balance",
      t.balance,
      html`${p.balance.length === 0 ? html`<p>${t.noBalance}</p>` : html`<ul class="stack" part="balances">${p.balance.map((b) => html`<li class="big amount">${formatMoney(b, locale)}</li>`)}</ul>`}
      ${can(p, "add_credit") ? html`<div class="actions"><button type="button" part="add-credit" @click=${(e: Event) => this.#open({ kind: "credit" }, e)}>${t.addCredit}</button></div>` : nothing}`,
    );
  }

  #incidents(t: T, p: CustomerProfileView) {
    const i = p.incidents;
    return this.#section(
      "incidents",
      t.incidents,
      html`<dl>
        <dt>${t.lifetimeUsed}</dt>
        <dd part="lifetime-used">${i.lifetime.used} <span class="hint">${t.ofGranted(i.lifetime.granted)}</span></dd>
        <dt>${t.creditLimit}</dt>
        <dd part="credit-limit">${i.credit_limit}</dd>
      </dl>
      <p class="hint">${t.available(i.available)}</p>`,
      can(p, "set_incidents") ? html`<button type="button" part="edit-incidents" @click=${(e: Event) => this.#open({ kind: "incidents" }, e)}>${t.editIncidents}</button>` : nothing,
    );
  }

  #moreButton(t: T, list: ListName, more: boolean) {
    return more ? html`<div class="actions"><button type="button" part="load-more" @click=${() => void this.#more(list)}>${t.loadMore}</button></div>` : nothing;
  }

  #orders(t: T) {
    const { rows, more } = this.#rows<MerchantOrderView>("orders");
    const locale = formatLocale(this.locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    return this.#section(
      "orders",
      t.orders,
      rows.length === 0
        ? emptyState(t.noOrders)
        : html`<table class="table">
              <thead><tr><th scope="col">${t.order}</th><th scope="col">${t.placed}</th><th scope="col">${t.total}</th><th scope="col">${t.status}</th></tr></thead>
              <tbody>
                ${rows.map(
                  (o) => html`<tr data-order-id=${o.id}>
                    <td data-label=${t.order}><button type="button" class="link" part="open-order" aria-label=${t.openOrder(o.number)} @click=${() => this.go("order", { id: o.id })}>${o.number}</button></td>
                    <td data-label=${t.placed}>${dates.format(new Date(o.placed_at))}</td>
                    <td data-label=${t.total} class="amount">${formatMoney(o.total, locale)}</td>
                    <td data-label=${t.status}>${badge(o.status, toneOf(o.status))}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            ${this.#moreButton(t, "orders", more)}`,
    );
  }

  #subscriptions(t: T) {
    const { rows, more } = this.#rows<MerchantSubscriptionView>("subscriptions");
    const locale = formatLocale(this.locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
    return this.#section(
      "subscriptions",
      t.subscriptions,
      rows.length === 0
        ? emptyState(t.noSubscriptions)
        : html`<table class="table">
              <thead><tr><th scope="col">${t.plan}</th><th scope="col">${t.order}</th><th scope="col">${t.renews}</th><th scope="col">${t.status}</th></tr></thead>
              <tbody>
                ${rows.map(
                  (s) => html`<tr>
                    <td data-label=${t.plan}>${s.plan.name} × ${s.quantity} <span class="hint">${formatMoney(s.plan.price, locale)}</span></td>
                    <td data-label=${t.order}><button type="button" class="link" aria-label=${t.openOrder(s.order_number)} @click=${() => this.go("order", { id: s.order_id })}>${s.order_number}</button></td>
                    <td data-label=${t.renews}>${s.current_period_end ? dates.format(new Date(s.current_period_end)) : t.notSet}</td>
                    <td data-label=${t.status}>${badge(s.status, toneOf(s.status))}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
            ${this.#moreButton(t, "subscriptions", more)}`,
    );
  }

  #transactions(t: T, p: CustomerProfileView) {
    const { rows, more } = this.#rows<PaymentView>("transactions");
    const locale = formatLocale(this.locale);
    const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
    return this.#section(
      "transactions",
      t.transactions,
      rows.length === 0
        ? emptyState(t.noTransactions)
        : html`<table class="table">
              <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.type}</th><th scope="col">${t.amount}</th><th scope="col">${t.status}</th><th scope="col">${t.comment}</th></tr></thead>
              <tbody>
                ${rows.map((x) => {
                  const what = `${t.kind[x.kind] ?? x.kind} ${formatMoney(x.amount, locale)}`;
                  return html`<tr data-payment-id=${x.id}>
                    <td data-label=${t.date}>${dates.format(new Date(x.created_at))}</td>
                    <td data-label=${t.type}>${t.kind[x.kind] ?? x.kind}</td>
                    <td data-label=${t.amount} class="amount">${formatMoney(x.amount, locale)}</td>
                    <td data-label=${t.status}>${badge(x.status, toneOf(x.status))}</td>
                    <td data-label=${t.comment}>
                      ${x.comment ? html`<span>${x.comment}</span> ${x.comment_in_portal ? html`<span class="hint">(${t.shownInPortal})</span>` : nothing}` : nothing}
                      ${can(p, "comment")
                        ? html`<button type="button" class="link" part="comment" aria-label=${t.commentOn(what)} @click=${(e: Event) => this.#open({ kind: "comment", payment: x }, e)}>${t.comment}</button>`
                        : nothing}
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
            ${this.#moreButton(t, "transactions", more)}`,
    );
  }

  #emailsSection(t: T) {
    const { rows, more } = this.#rows<EmailView>("emails");
    const dates = new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium", timeStyle: "short" });
    return this.#section(
      "emails",
      t.emails,
      rows.length === 0
        ? emptyState(t.noEmails)
        : html`<table class="table">
              <thead><tr><th scope="col">${t.subject}</th><th scope="col">${t.date}</th><th scope="col">${t.status}</th><th scope="col"><span class="sr-only">${t.resend}</span></th></tr></thead>
              <tbody>
                ${rows.map(
                  (m) => html`<tr data-email-id=${m.id} data-template=${m.template}>
                    <td data-label=${t.subject}>${m.subject}</td>
                    <td data-label=${t.date}>${dates.format(new Date(m.created_at))}</td>
                    <td data-label=${t.status}>${badge(m.status, toneOf(m.status))}</td>
                    <td data-label=${t.resend}><button type="button" part="resend" aria-label=${t.resendOf(m.subject)} @click=${(e: Event) => this.#open({ kind: "resend", email: m }, e)}>${t.resend}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>
            ${this.#moreButton(t, "emails", more)}`,
    );
  }

  #tickets(t: T) {
    const { rows, more } = this.#rows<Ticket>("tickets");
    const dates = new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium" });
    return this.#section(
      "tickets",
      t.tickets,
      rows.length === 0
        ? emptyState(t.noTickets)
        : html`<ul class="stack">
              ${rows.map(
                (k) => html`<li class="spread">
                  <button type="button" class="link" part="open-ticket" aria-label=${t.openTicket(k.subject)} @click=${() => this.go("ticket", { id: k.id })}>${k.subject}</button>
                  <span>${dates.format(new Date(k.created_at))} ${badge(k.status, toneOf(k.status))}</span>
                </li>`,
              )}
            </ul>
            ${this.#moreButton(t, "tickets", more)}`,
    );
  }

  #renderDialog(t: T) {
    const dialog = this._dialog;
    if (!dialog) return nothing;
    const title = {
      edit: t.details,
      address: t.addressTitle,
      custom: t.otherInfo,
      credit: t.addCredit,
      incidents: t.editIncidents,
      order: t.createOrder,
      comment: t.comment,
      resend: t.resend,
      blacklist: dialog.kind === "blacklist" && dialog.lift ? t.unblacklist : t.blacklist,
    }[dialog.kind];
    const error = this._dialogError ? html`<p class="state error" role="alert" tabindex="-1" part="dialog-error">${this._dialogError}</p>` : nothing;
    // One <dialog> for both steps: swapping the element would close the modal.
    const body =
      this._phase === "confirm"
        ? html`<div class="stack">
            <h2 id="dialog-title">${t.confirmTitle}: ${title}</h2>
            <p part="confirm" tabindex="-1">${this.#confirmText(t)}</p>
            ${error}
            <div class="actions">
              <button type="button" @click=${() => this.#closeDialog()}>${t.cancel}</button>
              <button type="button" class=${dialog.kind === "blacklist" && !dialog.lift ? "danger" : "primary"} part="confirm-button" ?disabled=${this._busy} aria-busy=${this._busy ? "true" : "false"} @click=${() => void this.#run()}>
                ${this._busy ? t.working : t.confirm}
              </button>
            </div>
          </div>`
        : html`<form @submit=${this.#toConfirm} novalidate>
            <h2 id="dialog-title">${title}</h2>
            ${this.#formFields(t, dialog)} ${error}
            <div class="actions">
              <button type="button" @click=${() => this.#closeDialog()}>${t.cancel}</button>
              <button type="submit" class="primary">${t.next}</button>
            </div>
          </form>`;
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @close=${this.#onDialogClose}>${body}</dialog>`;
  }

  #formFields(t: T, dialog: Dialog) {
    const p = this._profile!;
    const currencies = [...new Set([...p.balance.map((b) => b.currency), ...p.orders.data.map((o) => o.total.currency), "EUR", "USD", "GBP"])];
    const currency = html`<label>${t.currency}<select name="currency">${currencies.map((c) => html`<option value=${c}>${c}</option>`)}</select></label>`;
    switch (dialog.kind) {
      case "edit": {
        const c = p.customer as unknown as Record<string, string | null>;
        return html`${EDIT_FIELDS.filter((f) => p.editable_fields.includes(f)).map(
          (f) => html`<label>${t.fields[f]}${this.#accessHint(t, f)}<input name=${f} type=${f === "email" ? "email" : f === "phone" ? "tel" : "text"} .value=${this.#typed?.[f] ?? c[f] ?? ""} ?required=${f === "email"} aria-invalid=${this.#invalid(f)} aria-describedby=${this.#describedBy(f)} /></label>${this.#fieldError(f)}`,
        )}`;
      }
      case "address": {
        const a = (p.customer.billing_address ?? {}) as Record<string, string | null>;
        const tax = p.customer.tax_id;
        const autocomplete: Record<string, string> = { line1: "address-line1", line2: "address-line2", postal_code: "postal-code", city: "address-level2", region: "address-level1", country: "country" };
        const input = (name: string, label: string, value: string, extra: Record<string, string> = {}) =>
          html`<label>${label}<input name=${name} type="text" .value=${this.#typed?.[name] ?? value} autocomplete=${extra["autocomplete"] ?? "off"} maxlength=${extra["maxlength"] ?? "200"} aria-invalid=${this.#invalid(name)} aria-describedby=${this.#describedBy(name)} /></label>${this.#fieldError(name)}`;
        return html`${p.editable_fields.includes("billing_address")
            ? html`<fieldset class="stack">
                <legend>${t.fields["billing_address"]} ${this.#accessHint(t, "billing_address")}</legend>
                ${ADDRESS_PARTS.map((part) => input(`billing_address.${part}`, t.addressParts[part] ?? part, a[part] ?? "", { autocomplete: autocomplete[part]!, ...(part === "country" ? { maxlength: "2" } : {}) }))}
              </fieldset>`
            : nothing}
          ${p.editable_fields.includes("tax_id")
            ? html`<fieldset class="stack">
                <legend>${t.fields["tax_id"]} ${this.#accessHint(t, "tax_id")}</legend>
                ${input("tax_id.value", t.taxIdValue, tax?.value ?? "", { maxlength: "64" })}
                <label>${t.taxIdType}<select name="tax_id.type" aria-invalid=${this.#invalid("tax_id.type")} aria-describedby=${this.#describedBy("tax_id.type")}>
                  ${TAX_ID_TYPES.map((type) => html`<option value=${type} ?selected=${(this.#typed?.["tax_id.type"] ?? tax?.type ?? "") === type}>${t.taxIdTypes[type] ?? type}</option>`)}
                </select></label>${this.#fieldError("tax_id.type")}
              </fieldset>`
            : nothing}
          ${(["billing_address", "tax_id"] as const).map((f) => (this._fieldErrors[f] ? this.#fieldError(f) : nothing))}`;
      }
      case "custom":
        return html`${this._customRows.map(
            ([name, value], i) => html`<div class="pair">
              <label>${t.fieldName}<input name="field-name" maxlength="40" .value=${name} /></label>
              <label>${t.fieldValue}<input name="field-value" maxlength="500" .value=${value} /></label>
              <button type="button" aria-label=${t.removeField(i + 1)} @click=${() => this.#removeCustomRow(i)}>×</button>
            </div>`,
          )}
          <div><button type="button" @click=${this.#addCustomRow}>${t.addField}</button></div>`;
      case "credit":
        return html`<label>${t.amount}<input name="amount" inputmode="decimal" autocomplete="off" required /></label> ${currency}
          <label>${t.note}<input name="note" maxlength="500" /></label>`;
      case "incidents":
        return html`<label>${t.lifetimeUsed} <span class="hint">${t.ofGranted(p.incidents.lifetime.granted)}</span><input name="used" type="number" min="0" step="1" .value=${String(p.incidents.lifetime.used)} /></label>
          <label>${t.creditLimit}<input name="limit" type="number" min="0" step="1" .value=${String(p.incidents.credit_limit)} /></label>`;
      case "order":
        return html`<label>${t.description}<input name="description" maxlength="300" required /></label>
          <label>${t.quantity}<input name="quantity" type="number" min="1" step="1" value="1" /></label>
          <label>${t.unitPrice}<input name="amount" inputmode="decimal" autocomplete="off" required /></label> ${currency}`;
      case "comment":
        return html`<label>${t.comment}<textarea name="comment" rows="4" maxlength="1000" .value=${dialog.payment.comment ?? ""}></textarea></label>
          <label class="choice"><input type="checkbox" name="show_in_portal" ?checked=${dialog.payment.comment_in_portal} /> ${t.showInPortal}</label>
          <label class="choice"><input type="checkbox" name="notify_customer" /> ${t.notifyCustomer}</label>`;
      default:
        return nothing;
    }
  }

  /** The portal field-access hint, as the details list shows it. */
  #accessHint(t: T, field: string) {
    const key = ({ name: "name", email: "email", phone: "phone", tax_id: "taxId", billing_address: "billingAddress" } as Record<string, string>)[field];
    const access = key ? (this._profile?.field_access as unknown as Record<string, string> | undefined)?.[key] : undefined;
    return access ? html` <span class="hint">(${t.portalAccess(t.access[access] ?? access)})</span>` : nothing;
  }

  #fieldErrorId(field: string): string {
    return `error-${field.replace(/[^a-z0-9]+/gi, "-")}`;
  }

  /** `aria-invalid` (and with #describedBy the error's id) on a field the server refused. */
  #invalid(field: string) {
    return this._fieldErrors[field] ? "true" : nothing;
  }

  #describedBy(field: string) {
    return this._fieldErrors[field] ? this.#fieldErrorId(field) : nothing;
  }

  #fieldError(field: string) {
    const message = this._fieldErrors[field];
    return message ? html`<p class="state error" id=${this.#fieldErrorId(field)} part="field-error" data-field=${field}>${message}</p>` : nothing;
  }

  #readCustomRows(): [string, string][] {
    const names = [...(this.shadowRoot?.querySelectorAll<HTMLInputElement>("input[name=field-name]") ?? [])].map((i) => i.value);
    const values = [...(this.shadowRoot?.querySelectorAll<HTMLInputElement>("input[name=field-value]") ?? [])].map((i) => i.value);
    return names.map((n, i) => [n, values[i] ?? ""]);
  }

  #addCustomRow = (): void => {
    this._customRows = [...this.#readCustomRows(), ["", ""]];
    void this.updateComplete.then(() => [...(this.shadowRoot?.querySelectorAll<HTMLInputElement>("input[name=field-name]") ?? [])].at(-1)?.focus());
  };

  #removeCustomRow(index: number): void {
    this._customRows = this.#readCustomRows().filter((_, i) => i !== index);
    void this.updateComplete.then(() => this.shadowRoot?.querySelector<HTMLElement>("dialog input, dialog button")?.focus());
  }
}

/** One line for a billing address, or null when there is none. */
function formatAddress(a: { line1?: string | null; line2?: string | null; postal_code?: string | null; city?: string | null; region?: string | null; country?: string | null } | null | undefined): string | null {
  if (!a) return null;
  return [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(" "), a.region, a.country].filter(Boolean).join(", ") || null;
}

function can(p: CustomerProfileView, action: string): boolean {
  return p.actions.includes(action as never);
}
define("bf-console-customer", ConsoleCustomer);
