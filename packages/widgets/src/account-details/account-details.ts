import { Task } from "@lit/task";
import type { AccountFieldView, AccountView, BillingAddress, PendingEmailView } from "@billfront/core";
import { html, nothing } from "lit";
import { ApiError } from "../client.ts";
import { errorMessage } from "../errors.ts";
import type { AccountUpdateDetail, BillfrontErrorDetail, EmailChangeConfirmDetail } from "../events.ts";
import { accountMessagesFor, type AccountMessages } from "../i18n/account-messages.ts";
import { messagesFor } from "../i18n/messages.ts";
import { design, emptyState, errorState, skeleton } from "../ui/design.ts";
import { PortalElement } from "../portal-element.ts";
import { createAccountClient, type AccountClient } from "./account-client.ts";
import type { PortalSession } from "../session.ts";
import { ADDRESS_AUTOCOMPLETE, ADDRESS_PARTS, FORM_PATHS, changesFrom, fieldId } from "./form-changes.ts";
import { accountStyles } from "./styles.ts";

type Fields = AccountView["fields"];
type EmailField = NonNullable<Fields["email"]>;

/**
 * The customer's own account details (A3): name, e-mail address, phone, billing
 * address and tax ID, as the shop's field settings allow. Hidden fields are not
 * sent by the API at all; read-only ones show as text. A new e-mail address is
 * used only once the customer types in the code mailed to it.
 *
 * @fires billfront-account-loaded - detail `{ account }`
 * @fires billfront-account-update - details were saved; detail `{ account, fields, pendingEmail }`
 * @fires billfront-email-change-confirm - the new e-mail address was confirmed; detail `{ email, previousEmail }`
 * @fires billfront-error - detail `{ code, status, message }`
 * @csspart fields - the list of the customer's details
 * @csspart edit - the button that opens the form
 * @csspart form - the edit form
 * @csspart email-confirm - the step that asks for the code sent to a new e-mail address
 * @csspart notice - what the last action did
 * @tagname account-details
 */
export class AccountDetails extends PortalElement {
  static override styles = [design, accountStyles];

  #account: AccountView | undefined;
  #editing = false;
  #busy = false;
  #notice = "";
  /** A failure of the whole request, shown above the details. */
  #alert = "";
  /** Field errors of the last refused save, by API field path (`billing_address.city`). */
  #fieldErrors = new Map<string, string>();
  #formError = "";
  #codeError = "";
  #clients: { api: string; session: PortalSession; client: AccountClient } | undefined;

  #load = new Task(this, {
    task: async ([api, session], { signal }) => {
      if (!api || !session) return undefined;
      this.#account = await this.#client()!.get(signal);
      this.emit("billfront-account-loaded", { account: this.#account });
      return this.#account;
    },
    args: () => [this.connection.api, this.connection.session] as const,
    onError: (error) => this.#report(error),
  });

  protected override render() {
    const t = accountMessagesFor(this.connection.locale);
    const common = messagesFor(this.connection.locale);
    return html`
      <p role="status" part="notice" class=${this.#notice ? "notice success" : ""} tabindex="-1">${this.#notice}</p>
      ${this.#alert ? html`<p role="alert" part="error" class="notice danger">${this.#alert}</p>` : nothing}
      ${this.#load.render({
        initial: () => emptyState(common.notConfigured),
        pending: () => (this.#account ? this.#renderAccount(this.#account, t) : skeleton(t.loading, 2)),
        error: (error) => errorState(this.#message(error), common.retry, () => void this.#load.run()),
        complete: () => (this.#account ? this.#renderAccount(this.#account, t) : emptyState(common.notConfigured)),
      })}
    `;
  }

  #renderAccount(account: AccountView, t: AccountMessages) {
    const f = account.fields;
    const shown = Object.values(f) as AccountFieldView<unknown>[];
    if (shown.length === 0) return emptyState(t.empty);
    return html`${f.email?.pending ? this.#renderPending(f.email, f.email.pending, t) : nothing}
      <section class="card" aria-labelledby="account-heading">
        <div class="spread">
          <h3 id="account-heading">${t.heading}</h3>
          ${!this.#editing && shown.some((field) => field.editable) ? html`<button type="button" part="edit" @click=${this.#startEditing}>${t.edit}</button>` : nothing}
        </div>
        ${this.#editing ? this.#renderForm(f, t) : this.#renderValues(f, t)}
      </section>`;
  }

  #renderValues(f: Fields, t: AccountMessages) {
    const row = (label: string, value: string | null) => html`<dt>${label}</dt><dd>${value ?? t.notGiven}</dd>`;
    return html`<dl part="fields">
      ${f.name ? row(t.labels.name, f.name.value) : nothing}
      ${f.email ? row(t.labels.email, f.email.value) : nothing}
      ${f.phone ? row(t.labels.phone, f.phone.value) : nothing}
      ${f.billing_address ? row(t.labels.billingAddress, this.#addressText(f.billing_address.value)) : nothing}
      ${f.tax_id ? row(t.labels.taxId, this.#taxIdText(f.tax_id.value, t)) : nothing}
    </dl>`;
  }

  #renderForm(f: Fields, t: AccountMessages) {
    return html`<form part="form" novalidate aria-labelledby="account-heading" @submit=${this.#save}>
      <p class="meta">${t.requiredNote}</p>
      ${this.#formError ? html`<p role="alert" id="form-error" tabindex="-1">${this.#formError}</p>` : nothing}
      ${f.name ? this.#textField("name", t.labels.name, f.name, { autocomplete: "name" }, t) : nothing}
      ${f.email ? this.#textField("email", t.labels.email, f.email, { type: "email", autocomplete: "email" }, t) : nothing}
      ${f.phone ? this.#textField("phone", t.labels.phone, f.phone, { type: "tel", autocomplete: "tel" }, t) : nothing}
      ${f.billing_address ? this.#addressFields(f.billing_address, t) : nothing}
      ${f.tax_id ? this.#taxIdFields(f.tax_id, t) : nothing}
      <div class="actions">
        <button type="submit" class="primary" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${this.#busy ? t.saving : t.save}</button>
        <button type="button" @click=${this.#stopEditing}>${t.cancel}</button>
      </div>
    </form>`;
  }

  /** A read-only field in the form: its value as text, and why it has no input. */
  #readOnly(label: string, value: string | null, t: AccountMessages) {
    return html`<div class="field">
      <span class="label">${label}</span>
      <span class="value">${value ?? t.notGiven}</span>
      <span class="meta">${t.readOnly}</span>
    </div>`;
  }

  #textField(path: string, label: string, field: AccountFieldView<string | null>, options: { type?: string; autocomplete: string }, t: AccountMessages) {
    if (!field.editable) return this.#readOnly(label, field.value, t);
    return this.#input(path, label, field.value ?? "", field.required, options);
  }

  #input(path: string, label: string, value: string, required: boolean, options: { type?: string; autocomplete: string }) {
    const id = fieldId(path);
    const error = this.#fieldErrors.get(path);
    return html`<div class="field">
      <label for=${id}>${label}${required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
      <input
        id=${id}
        name=${path}
        type=${options.type ?? "text"}
        autocomplete=${options.autocomplete}
        .value=${value}
        ?required=${required}
        aria-invalid=${error ? "true" : "false"}
        aria-describedby=${error ? `${id}-error` : nothing}
      />
      ${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}
    </div>`;
  }

  #addressFields(field: NonNullable<Fields["billing_address"]>, t: AccountMessages) {
    if (!field.editable) return this.#readOnly(t.labels.billingAddress, this.#addressText(field.value), t);
    const value = field.value;
    const whole = this.#fieldErrors.get("billing_address");
    const countryId = fieldId("billing_address.country");
    const countryError = this.#fieldErrors.get("billing_address.country");
    const part = (key: Exclude<(typeof ADDRESS_PARTS)[number], "country">) =>
      this.#input(`billing_address.${key}`, t.address[key], value?.[key] ?? "", field.required && field.required_parts.includes(key), { autocomplete: ADDRESS_AUTOCOMPLETE[key] });
    return html`<fieldset aria-describedby=${whole ? "billing_address-error" : nothing}>
      <legend>${t.labels.billingAddress}${field.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</legend>
      ${whole ? html`<p class="field-error" id="billing_address-error">${whole}</p>` : nothing}
      ${part("line1")} ${part("line2")}
      <div class="pair">${part("postal_code")} ${part("city")}</div>
      <div class="pair">
        ${part("region")}
        <div class="field">
          <label for=${countryId}>${t.address.country}${field.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</label>
          <select
            id=${countryId}
            name="billing_address.country"
            autocomplete="country"
            ?required=${field.required}
            aria-invalid=${countryError ? "true" : "false"}
            aria-describedby=${countryError ? `${countryId}-error` : nothing}
          >
            <option value="" ?selected=${!value?.country}>${t.address.chooseCountry}</option>
            ${this.#countries(field.countries).map(([code, name]) => html`<option value=${code} ?selected=${value?.country === code}>${name}</option>`)}
          </select>
          ${countryError ? html`<p class="field-error" id="${countryId}-error">${countryError}</p>` : nothing}
        </div>
      </div>
    </fieldset>`;
  }

  #taxIdFields(field: NonNullable<Fields["tax_id"]>, t: AccountMessages) {
    if (!field.editable) return this.#readOnly(t.labels.taxId, this.#taxIdText(field.value, t), t);
    const typeId = fieldId("tax_id.type");
    const typeError = this.#fieldErrors.get("tax_id.type");
    const whole = this.#fieldErrors.get("tax_id");
    return html`<fieldset aria-describedby=${whole ? "tax_id-error" : nothing}>
      <legend>${t.labels.taxId}${field.required ? html`<span class="required" aria-hidden="true">*</span>` : nothing}</legend>
      ${whole ? html`<p class="field-error" id="tax_id-error">${whole}</p>` : nothing}
      <div class="pair">
        <div class="field">
          <label for=${typeId}>${t.taxIdType}</label>
          <select id=${typeId} name="tax_id.type" aria-invalid=${typeError ? "true" : "false"} aria-describedby=${typeError ? `${typeId}-error` : nothing}>
            <option value="" ?selected=${!field.value?.type}>${t.taxTypeNone}</option>
            ${field.types.map((type) => html`<option value=${type} ?selected=${field.value?.type === type}>${t.taxTypes[type] ?? type}</option>`)}
          </select>
          ${typeError ? html`<p class="field-error" id="${typeId}-error">${typeError}</p>` : nothing}
        </div>
        ${this.#input("tax_id.value", t.taxIdValue, field.value?.value ?? "", field.required, { autocomplete: "off" })}
      </div>
    </fieldset>`;
  }

  #renderPending(email: EmailField, pending: PendingEmailView, t: AccountMessages) {
    const until = new Intl.DateTimeFormat(this.connection.locale, { timeStyle: "short" }).format(new Date(pending.expires_at));
    return html`<section class="card" part="email-confirm" aria-labelledby="confirm-heading">
      <h4 id="confirm-heading">${t.confirmHeading}</h4>
      <p>${t.codeSentTo(pending.email, email.value)}</p>
      <p class="meta">${t.codeValidUntil(until)}</p>
      <form novalidate aria-labelledby="confirm-heading" @submit=${this.#confirm}>
        <div class="field">
          <label for="email-code">${t.codeLabel}</label>
          <input
            id="email-code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            maxlength="6"
            pattern="[0-9]{6}"
            required
            aria-invalid=${this.#codeError ? "true" : "false"}
            aria-describedby=${this.#codeError ? "email-code-error" : nothing}
          />
          ${this.#codeError ? html`<p class="field-error" id="email-code-error" role="alert">${this.#codeError}</p>` : nothing}
        </div>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.#busy}>${t.confirm}</button>
          <button type="button" ?disabled=${this.#busy} @click=${() => this.#resend(pending.email)}>${t.resend}</button>
          <button type="button" ?disabled=${this.#busy} @click=${() => this.#keepCurrent(email.value)}>${t.keepCurrent}</button>
        </div>
      </form>
    </section>`;
  }

  #startEditing(): void {
    this.#editing = true;
    this.#notice = "";
    this.#alert = "";
    this.#clearErrors();
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="form"] input, [part="form"] select')?.focus());
  }

  #stopEditing(): void {
    this.#editing = false;
    this.#clearErrors();
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="edit"]')?.focus());
  }

  async #save(event: SubmitEvent) {
    event.preventDefault();
    const t = accountMessagesFor(this.connection.locale);
    const patch = changesFrom(new FormData(event.target as HTMLFormElement), this.#account!.fields);
    if (Object.keys(patch).length === 0) {
      this.#notice = t.nothingChanged;
      this.#stopEditing();
      return;
    }
    const updated = await this.#call(() => this.#client()!.update(patch), (error) => this.#showFieldErrors(error, t));
    if (!updated) return;
    const pending = patch.email !== undefined ? (updated.fields.email?.pending?.email ?? null) : null;
    this.#notice = pending ? t.newCodeSent(pending) : t.saved;
    this.emit<AccountUpdateDetail>("billfront-account-update", { account: updated, fields: Object.keys(patch), pendingEmail: pending });
    this.#stopEditing();
    if (pending) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#email-code")?.focus());
  }

  async #confirm(event: SubmitEvent) {
    event.preventDefault();
    const t = accountMessagesFor(this.connection.locale);
    const code = String(new FormData(event.target as HTMLFormElement).get("code") ?? "").trim();
    const previousEmail = this.#account?.fields.email?.value ?? "";
    const updated = await this.#call(
      () => this.#client()!.confirmEmail(code),
      (error) => {
        if (error instanceof ApiError && error.code === "email_taken") {
          // The change is dropped on the server: show why above the details, which no longer ask for a code.
          this.#alert = t.errors.email_taken!;
          void this.#load.run();
        } else this.#codeError = this.#codeMessage(error, t);
      },
    );
    if (!updated) {
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#email-code")?.focus());
      return;
    }
    const email = updated.fields.email?.value ?? "";
    this.#notice = t.confirmed(email);
    this.emit<EmailChangeConfirmDetail>("billfront-email-change-confirm", { email, previousEmail });
    this.#refocus();
  }

  async #resend(email: string) {
    const t = accountMessagesFor(this.connection.locale);
    const updated = await this.#call(() => this.#client()!.update({ email }), (error) => (this.#codeError = this.#codeMessage(error, t)));
    if (!updated) return;
    this.#notice = t.newCodeSent(email);
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#email-code")?.focus());
  }

  async #keepCurrent(email: string) {
    const t = accountMessagesFor(this.connection.locale);
    const updated = await this.#call(() => this.#client()!.update({ email }), (error) => (this.#codeError = this.#codeMessage(error, t)));
    if (!updated) return;
    this.#notice = t.changeCancelled;
    this.#refocus();
  }

  /** Runs one request with the buttons disabled; the answer replaces the shown account. */
  async #call(request: () => Promise<AccountView>, onError: (error: unknown) => void): Promise<AccountView | undefined> {
    this.#busy = true;
    this.#notice = "";
    this.#alert = "";
    this.#clearErrors();
    this.requestUpdate();
    try {
      this.#account = await request();
      return this.#account;
    } catch (error) {
      onError(error);
      this.#report(error);
      return undefined;
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
  }

  #showFieldErrors(error: unknown, t: AccountMessages): void {
    const problems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
    const unplaced: string[] = [];
    for (const problem of problems) {
      const path = problem.field.replace(/^json\./, "");
      const text = t.fieldErrors[problem.code ?? ""] ?? problem.message;
      if (FORM_PATHS.has(path) && !this.#fieldErrors.has(path)) this.#fieldErrors.set(path, text);
      else if (!FORM_PATHS.has(path)) unplaced.push(text);
    }
    this.#formError = problems.length ? [t.checkFields, ...unplaced].join(" ") : this.#message(error);
    this.requestUpdate();
    // Focus the first refused input, else the summary, so a keyboard user lands on what to fix.
    void this.updateComplete.then(() => (this.renderRoot.querySelector<HTMLElement>('[part="form"] [aria-invalid="true"]') ?? this.renderRoot.querySelector<HTMLElement>("#form-error"))?.focus());
  }

  #codeMessage(error: unknown, t: AccountMessages): string {
    if (error instanceof ApiError && error.code === "email_code_invalid") return t.wrongCode(Number(error.problem.details?.attempts_left ?? 0));
    if (error instanceof ApiError && error.code === "email_code_recently_sent") return t.retryAfter(Number(error.problem.details?.retry_after_seconds ?? 60));
    return this.#message(error);
  }

  #clearErrors(): void {
    this.#fieldErrors = new Map();
    this.#formError = "";
    this.#codeError = "";
  }

  /** After a change of e-mail state: show the notice, and put focus back where the customer started. */
  #refocus(): void {
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="edit"]')?.focus());
  }

  #client(): AccountClient | undefined {
    const api = this.connection.api;
    // The shared session of the portal client: an expired one is renewed through fetchSession like every other call.
    const session = this.connection.client?.session;
    if (!api || !session) return undefined;
    if (this.#clients?.api !== api || this.#clients.session !== session) this.#clients = { api, session, client: createAccountClient(api, session) };
    return this.#clients.client;
  }

  #addressText(address: BillingAddress | null): string | null {
    if (!address) return null;
    const country = new Intl.DisplayNames([this.connection.locale], { type: "region" }).of(address.country) ?? address.country;
    return [address.line1, address.line2, [address.postal_code, address.city].filter(Boolean).join(" "), address.region, country].filter(Boolean).join("\n");
  }

  #taxIdText(taxId: { value: string; type: string | null } | null, t: AccountMessages): string | null {
    if (!taxId) return null;
    return taxId.type ? `${taxId.value} (${t.taxTypes[taxId.type] ?? taxId.type})` : taxId.value;
  }

  /** The API's country codes with their names in the customer's language, in that language's order. */
  #countries(codes: readonly string[]): [string, string][] {
    const locale = this.connection.locale;
    const names = new Intl.DisplayNames([locale], { type: "region" });
    const collator = new Intl.Collator(locale);
    return codes.map((code): [string, string] => [code, names.of(code) ?? code]).sort((a, b) => collator.compare(a[1], b[1]));
  }

  #message(error: unknown): string {
    const code = error instanceof ApiError ? error.code : "";
    return accountMessagesFor(this.connection.locale).errors[code] ?? errorMessage(error, this.connection.locale);
  }

  #report(error: unknown): void {
    this.emit<BillfrontErrorDetail>("billfront-error", {
      code: error instanceof ApiError ? error.code : "unexpected",
      status: error instanceof ApiError ? error.status : 0,
      message: this.#message(error),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "account-details": AccountDetails;
  }
}
