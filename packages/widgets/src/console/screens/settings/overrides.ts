import { html, nothing } from "lit";
import { define } from "../../../base.ts";
import { emptyState, errorState, skeleton } from "../../../ui/design.ts";
import { describeValue, fieldInput, parseInput } from "./field-input.ts";
import { bodyFor, errorAt, FIELDS, GROUPS, sameValue, valueAt, type FieldDef } from "./fields.ts";
import { SettingsPanel } from "./panel.ts";

interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
}
interface CustomerSettings {
  customer: string;
  settings: Record<string, unknown>;
  overrides: Record<string, unknown>;
}

/** Shop-only settings (core MERCHANT_ONLY_SETTINGS: portal address, activity e-mails, staff sign-in) cannot differ per customer. */
const OVERRIDABLE: FieldDef[] = GROUPS.flatMap((g) => FIELDS[g]).filter((f) => !f.merchantOnly);

/**
 * The override body: a field of a nested setting (`customerFields.phone`) is sent
 * as the customer's whole override object, following the shop for that field
 * when empty, and dropping the override when no field is left.
 */
function overrideBody(overrides: Record<string, unknown>, changes: Map<string, unknown>): Record<string, unknown> {
  const body = bodyFor(overrides, changes);
  for (const [key, value] of Object.entries(body)) {
    if (!value || typeof value !== "object" || Array.isArray(value) || ![...changes.keys()].some((k) => k.startsWith(`${key}.`))) continue;
    const kept = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
    body[key] = Object.keys(kept).length ? kept : null;
  }
  return body;
}

/** A4: one customer's overrides of the shop's settings, the shop's value beside each. */
export class ConsoleSettingsOverrides extends SettingsPanel {
  #query = "";
  #results: CustomerRow[] | null = null;
  #customer: CustomerRow | null = null;
  #shop: Record<string, unknown> | null = null;
  #view: CustomerSettings | null = null;
  #changes = new Map<string, unknown>();
  #error: unknown;
  #loading = false;

  async #search(event: Event): Promise<void> {
    event.preventDefault();
    this.#loading = true;
    this.#error = undefined;
    this.requestUpdate();
    try {
      const page = await this.api!.get<{ data: CustomerRow[] }>("/v1/customers", { query: { q: this.#query, limit: 10 } });
      this.#results = page.data;
    } catch (error) {
      this.#error = error;
    }
    this.#loading = false;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part="results"]')?.focus();
  }

  async #pick(customer: CustomerRow): Promise<void> {
    this.#customer = customer;
    this.#loading = true;
    this.#error = undefined;
    this.#changes.clear();
    this.requestUpdate();
    try {
      const [shop, view] = await Promise.all([this.api!.get<Record<string, unknown>>("/v1/settings"), this.api!.get<CustomerSettings>(`/v1/customers/${customer.id}/settings`)]);
      this.#shop = shop;
      this.#view = view;
    } catch (error) {
      this.#error = error;
    }
    this.#loading = false;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#overrides-title")?.focus();
  }

  #change(def: FieldDef, raw: string | boolean): void {
    let value = raw === "" ? null : def.field.kind === "bool" ? raw === "true" : parseInput(def, raw);
    // No action limited for this customer: follow the shop's rules.
    if (def.field.kind === "rules" && value && Object.keys(value).length === 0) value = null;
    if (sameValue(value, valueAt(this.#view!.overrides, def.key))) this.#changes.delete(def.key);
    else this.#changes.set(def.key, value);
    this.requestUpdate();
  }

  #save(event: Event): void {
    event.preventDefault();
    const t = this.t;
    if (!this.#changes.size) return void this.done(t.noChanges);
    const name = this.#customer!.name ?? this.#customer!.email;
    const lines = [...this.#changes].map(([key, value]) => {
      const def = OVERRIDABLE.find((f) => f.key === key)!;
      const before = valueAt(this.#view!.overrides, key);
      const show = (v: unknown) => (v === null || v === undefined ? t.overrides.followsShop : describeValue(def, v, t));
      return `${t.fields[key]?.[0] ?? key}: ${show(before)} → ${show(value)}`;
    });
    this.ask(t.overrides.confirmTitle(name), lines, async () => {
      this.#view = await this.api!.put<CustomerSettings>(`/v1/customers/${this.#customer!.id}/settings`, overrideBody(this.#view!.overrides, this.#changes));
      this.#changes.clear();
      await this.done(t.overrides.saved);
    });
  }

  protected override render() {
    const t = this.t;
    const o = t.overrides;
    return html`
      <p>${o.intro}</p>
      <form class="row" role="search" @submit=${(e: Event) => void this.#search(e)}>
        <div class="field">
          <label for="ov-q">${o.search}</label>
          <input id="ov-q" type="search" .value=${this.#query} aria-describedby="ov-q-help" @input=${(e: Event) => (this.#query = (e.target as HTMLInputElement).value)} />
          <p class="help" id="ov-q-help">${o.searchHelp}</p>
        </div>
        <button type="submit">${o.find}</button>
      </form>
      ${this.#error ? errorState(t.failed, t.retry, () => (this.#customer ? void this.#pick(this.#customer) : undefined)) : nothing}
      ${this.#loading ? skeleton(t.loading, 2) : nothing}
      ${this.#results && !this.#customer
        ? this.#results.length
          ? html`<ul part="results" tabindex="-1" class="stack" role="list">
              ${this.#results.map((c) => html`<li><button type="button" class="link" @click=${() => void this.#pick(c)}>${o.pick(c.name ? `${c.name} (${c.email})` : c.email)}</button></li>`)}
            </ul>`
          : html`<div part="results" tabindex="-1">${emptyState(o.noMatch)}</div>`
        : nothing}
      ${this.#customer && this.#view && this.#shop ? this.#renderEditor() : nothing}
    `;
  }

  #renderEditor() {
    const t = this.t;
    const o = t.overrides;
    const name = this.#customer!.name ?? this.#customer!.email;
    return html`<form part="overrides" @submit=${(e: Event) => this.#save(e)} novalidate>
      <div class="spread">
        <h3 id="overrides-title" tabindex="-1">${o.editing(name)}</h3>
        <button type="button" class="link" @click=${() => ((this.#customer = null), (this.#view = null), this.requestUpdate())}>${o.back}</button>
      </div>
      ${this.renderResult()}
      ${GROUPS.map((group) => {
        const defs = FIELDS[group].filter((f) => OVERRIDABLE.includes(f));
        if (!defs.length) return nothing;
        return html`<fieldset class="card"><legend><h4>${t.groups[group]}</h4></legend>
          ${defs.map((def) =>
            fieldInput(def, this.#changes.has(def.key) ? this.#changes.get(def.key) : valueAt(this.#view!.overrides, def.key), t, {
              idPrefix: "ov",
              follow: o.follow,
              beside: o.shopValue(describeValue(def, valueAt(this.#shop!, def.key), t)),
              error: errorAt(this.fieldErrors, def.key),
              onChange: (raw) => this.#change(def, raw),
            }),
          )}
        </fieldset>`;
      })}
      <div class="actions"><button type="submit" class="primary" aria-busy=${this.working ? "true" : "false"}>${t.save}</button></div>
      ${this.renderConfirm()}
    </form>`;
  }
}
define("bf-console-settings-overrides", ConsoleSettingsOverrides);

declare global {
  interface HTMLElementTagNameMap {
    "bf-console-settings-overrides": ConsoleSettingsOverrides;
  }
}
