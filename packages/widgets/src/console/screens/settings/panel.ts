import { css, html, nothing, type TemplateResult } from "lit";
import { ApiError } from "../../../client.ts";
import { design } from "../../../ui/design.ts";
import { formatLocale, pick } from "../../console-i18n.ts";
import { ConsoleScreen } from "../../console-screen.ts";
import { messages } from "../settings.messages.ts";

interface Pending {
  title: string;
  lines: string[];
  run: () => Promise<void>;
}

/**
 * Base of the settings tabs: every change goes through a confirm dialog that
 * says what will change, then a result message that takes focus (with a
 * secret shown once and a copy button, when the answer has one); problems
 * the server names by field are shown at that field.
 *
 * @csspart confirm - the confirm dialog
 * @csspart result - the result message after a change
 * @csspart secret - a secret shown once (API key, staff token, signing secret)
 */
export class SettingsPanel extends ConsoleScreen {
  static override styles = [
    design,
    css`
      :host { display: block; }
      .help { margin: 0; font-size: 0.875em; opacity: 0.8; }
      .field-error { margin: 0; color: var(--_bf-danger, #b3261e); font-size: 0.875em; }
      code.secret { display: block; overflow-wrap: anywhere; padding: 0.5rem; border: 1px solid currentColor; border-radius: 4px; }
      fieldset { min-width: 0; }
      .field { display: grid; gap: 0.25rem; margin-block: 0.75rem; }
      td, th { overflow-wrap: anywhere; }
      ul[role="list"] { list-style: none; padding: 0; margin: 0; }
    `,
  ];

  protected pending: Pending | null = null;
  protected result: { text: string; tone: "success" | "danger"; secret?: string } | null = null;
  protected fieldErrors: Record<string, string> = {};
  protected working = false;
  #copied = false;

  protected get t() {
    return pick(messages, this.locale);
  }

  /** Opens the confirm step; `run` happens only on Confirm. */
  protected ask(title: string, lines: string[], run: () => Promise<void>): void {
    this.pending = { title, lines, run };
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.showModal());
  }

  /** A change succeeded: say so (with its one-time secret) and move focus to the message. */
  protected async done(text: string, secret?: string): Promise<void> {
    this.result = { text, tone: "success", ...(secret ? { secret } : {}) };
    this.fieldErrors = {};
    this.#copied = false;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="result"]')?.focus();
  }

  /** A change failed: field errors go to their fields (`field` from the problem, or `fallbackField`), the message to the result. */
  protected async failed(error: unknown, fallbackField?: string): Promise<void> {
    const problem = error instanceof ApiError ? error : null;
    const errors: Record<string, string> = {};
    for (const e of problem?.problem.errors ?? []) errors[e.field.replace(/^json\./, "")] = e.message;
    // Core's own checks (e.g. `custom_tab_url_not_allowed`) name the setting in the problem's details.
    const setting = problem?.problem.details?.["setting"];
    if (problem && typeof setting === "string" && Object.keys(errors).length === 0) errors[setting] = problem.message;
    if (problem && fallbackField && Object.keys(errors).length === 0) errors[fallbackField] = problem.message;
    this.fieldErrors = errors;
    this.result = { text: problem?.message ?? this.t.failed, tone: "danger" };
    this.requestUpdate();
    await this.updateComplete;
    const first = Object.keys(errors)[0];
    const target = first ? this.renderRoot.querySelector<HTMLElement>(`[data-field="${CSS.escape(first)}"]`) : null;
    (target ?? this.renderRoot.querySelector<HTMLElement>('[part="result"]'))?.focus();
  }

  async #confirm(): Promise<void> {
    const pending = this.pending;
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.close();
    this.pending = null;
    if (!pending) return;
    this.working = true;
    this.requestUpdate();
    try {
      await pending.run();
    } catch (error) {
      await this.failed(error, this.fallbackField);
    } finally {
      this.working = false;
      this.requestUpdate();
    }
  }

  /** The field a problem without field errors belongs to (e.g. the origin input for `invalid_origin`). */
  protected fallbackField: string | undefined;

  #cancel(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('dialog[part="confirm"]')?.close();
    this.pending = null;
    this.requestUpdate();
  }

  protected renderConfirm(): TemplateResult | typeof nothing {
    if (!this.pending) return nothing;
    return html`<dialog part="confirm" aria-labelledby="confirm-title" @cancel=${(e: Event) => (e.preventDefault(), this.#cancel())}>
      <h3 id="confirm-title">${this.pending.title}</h3>
      ${this.pending.lines.length ? html`<ul>${this.pending.lines.map((l) => html`<li>${l}</li>`)}</ul>` : nothing}
      <div class="actions">
        <button type="button" @click=${() => this.#cancel()}>${this.t.cancel}</button>
        <button type="button" class="primary" part="confirm-button" @click=${() => void this.#confirm()}>${this.t.confirm}</button>
      </div>
    </dialog>`;
  }

  protected renderResult(): TemplateResult | typeof nothing {
    const r = this.result;
    if (!r) return nothing;
    return html`<div part="result" class="notice" data-tone=${r.tone} tabindex="-1" role=${r.tone === "danger" ? "alert" : "status"}>
      <p>${r.text}</p>
      ${r.secret
        ? html`<code class="secret" part="secret">${r.secret}</code>
            <div class="row">
              <button type="button" @click=${() => void this.#copy(r.secret!)}>${this.t.keys.copy}</button>
              <span role="status">${this.#copied ? this.t.keys.copied : ""}</span>
            </div>`
        : nothing}
    </div>`;
  }

  async #copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this.#copied = true;
    } catch {
      // Without clipboard access the secret stays on screen to select by hand.
      this.#copied = false;
    }
    this.requestUpdate();
  }

  /** The error under a field, tied to it with aria-describedby (`err-<field>`). */
  protected fieldError(field: string): TemplateResult | typeof nothing {
    const message = this.fieldErrors[field];
    return message ? html`<p class="field-error" id=${`err-${field}`} part="field-error">${message}</p>` : nothing;
  }

  protected describedBy(field: string, help?: string): string {
    return [help ? `help-${field}` : "", this.fieldErrors[field] ? `err-${field}` : ""].filter(Boolean).join(" ");
  }

  protected formatDate(iso: string | null | undefined): string {
    if (!iso) return "";
    return new Intl.DateTimeFormat(formatLocale(this.locale), { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(new Date(iso));
  }
}
