import { html, nothing } from "lit";
import { define } from "../../../base.ts";
import { errorState, skeleton } from "../../../ui/design.ts";
import { describeValue, fieldInput, parseInput } from "./field-input.ts";
import { ALL_FIELDS, bodyFor, errorAt, FIELDS, GROUPS, sameValue, valueAt } from "./fields.ts";
import { SettingsPanel } from "./panel.ts";

type Settings = Record<string, unknown>;

/** The shop's whole settings matrix (P6): grouped fields, a confirm of what changes, errors at the field. */
export class ConsoleSettingsMatrix extends SettingsPanel {
  #settings: Settings | null = null;
  #error: unknown;
  #changes = new Map<string, unknown>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this.#error = undefined;
    this.#settings = null;
    this.requestUpdate();
    try {
      this.#settings = await this.api!.get<Settings>("/v1/settings");
    } catch (error) {
      this.#error = error;
    }
    this.requestUpdate();
  }

  #change(key: string, raw: string | boolean): void {
    const def = ALL_FIELDS.find((f) => f.key === key)!;
    const value = def.field.kind === "bool" ? raw === true : parseInput(def, raw);
    if (sameValue(value, valueAt(this.#settings!, key))) this.#changes.delete(key);
    else this.#changes.set(key, value);
    this.requestUpdate();
  }

  #save(event: Event): void {
    event.preventDefault();
    const t = this.t;
    if (this.#changes.size === 0) {
      void this.done(t.noChanges);
      return;
    }
    const lines = [...this.#changes].map(([key, value]) => {
      const def = ALL_FIELDS.find((f) => f.key === key)!;
      return `${t.fields[key]?.[0] ?? key}: ${describeValue(def, valueAt(this.#settings!, key), t)} → ${describeValue(def, value, t)}`;
    });
    this.ask(t.confirmTitle, lines, async () => {
      const count = this.#changes.size;
      this.#settings = await this.api!.put<Settings>("/v1/settings", bodyFor(this.#settings!, this.#changes));
      this.#changes.clear();
      await this.done(t.saved(count));
    });
  }

  /** Server errors name `customerFields.phone`, `refunds` or a place inside one (`customTabs.0.url`). */
  #errorFor(key: string): string | undefined {
    return errorAt(this.fieldErrors, key);
  }

  protected override render() {
    const t = this.t;
    if (this.#error) return errorState(t.failed, t.retry, () => void this.#load());
    if (!this.#settings) return skeleton(t.loading, 4);
    const settings = this.#settings;
    return html`<form part="matrix" @submit=${(e: Event) => this.#save(e)} novalidate>
      ${this.renderResult()}
      ${GROUPS.map(
        (group) => html`<fieldset class="card" part="group" data-group=${group}>
          <legend><h3>${t.groups[group]}</h3></legend>
          ${FIELDS[group].map((def) =>
            fieldInput(def, this.#changes.has(def.key) ? this.#changes.get(def.key) : valueAt(settings, def.key), t, {
              idPrefix: "set",
              error: this.#errorFor(def.key),
              onChange: (raw) => this.#change(def.key, raw),
            }),
          )}
        </fieldset>`,
      )}
      <div class="actions">
        <button type="submit" class="primary" part="save" aria-busy=${this.working ? "true" : "false"}>${t.save}</button>
        ${this.#changes.size
          ? html`<button type="button" @click=${() => (this.#changes.clear(), this.requestUpdate(), void this.#load())}>${t.reset}</button>`
          : nothing}
      </div>
      ${this.renderConfirm()}
    </form>`;
  }
}
define("bf-console-settings-matrix", ConsoleSettingsMatrix);

declare global {
  interface HTMLElementTagNameMap {
    "bf-console-settings-matrix": ConsoleSettingsMatrix;
  }
}
