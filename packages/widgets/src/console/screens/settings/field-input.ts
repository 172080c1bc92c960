import { displayExponent, formatMoney } from "@billfront/core";
import { html, nothing, type TemplateResult } from "lit";
import { toMinorUnits } from "../../../payment-methods/amounts.ts";
import type { messages } from "../settings.messages.ts";
import type { FieldDef } from "./fields.ts";

type Texts = (typeof messages)["en"];

interface Tab {
  label: string | Record<string, string>;
  url: string;
}
type Rules = Record<string, { statuses?: string[]; billingModes?: string[] }>;
interface FundsRule {
  amount: number;
  currency: string;
  incidents: number;
}

/** A tab's label as typed: one text, or per language "en=Help; de=Hilfe". */
function labelText(label: Tab["label"]): string {
  return typeof label === "string" ? label : Object.entries(label).map(([lang, text]) => `${lang}=${text}`).join("; ");
}

function parseLabel(text: string): Tab["label"] {
  const parts = text.split(";").map((p) => p.trim()).filter(Boolean);
  const pairs = parts.map((p) => /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)=(.*)$/.exec(p));
  return parts.length && pairs.every(Boolean) ? Object.fromEntries(pairs.map((m) => [m![1]!, m![2]!.trim()])) : text;
}

/** The custom tabs as the text area shows them: one "Label | address" a line. */
function tabsText(value: unknown): string {
  return Array.isArray(value) ? (value as Tab[]).map((tab) => `${labelText(tab.label)} | ${tab.url}`).join("\n") : "";
}

function money(rule: FundsRule): string {
  try {
    return formatMoney({ amount: rule.amount, currency: rule.currency });
  } catch {
    return `${rule.amount} ${rule.currency}`;
  }
}

/** An amount in minor units as the amount input shows it (major units); empty for none. */
function majorUnits(rule: FundsRule | null | undefined): string {
  if (!rule || !rule.amount) return "";
  try {
    const exponent = displayExponent(rule.currency);
    return (rule.amount / 10 ** exponent).toFixed(exponent);
  } catch {
    return String(rule.amount);
  }
}

/** One action's limits as a person reads them: "Active, Paused, Automatic charge". */
function ruleLimits(rule: Rules[string], t: Texts): string {
  const limits = [...(rule.statuses ?? []).map((s) => t.statusNames[s] ?? s), ...(rule.billingModes ?? []).map((m) => t.billingModeNames[m] ?? m)];
  return limits.join(", ") || t.rulesNone;
}

/** A value as a person reads it in a confirm line or beside an override (On/Off, the option's name, a list). */
export function describeValue(def: FieldDef, value: unknown, t: Texts): string {
  if (value === null || value === undefined || value === "") return t.none;
  if (def.field.kind === "bool") return value ? t.yes : t.no;
  if (def.field.kind === "tabs") return Array.isArray(value) && value.length ? (value as Tab[]).map((tab) => `${labelText(tab.label)} (${tab.url})`).join("; ") : t.none;
  if (def.field.kind === "funds") return t.fundsRule((value as FundsRule).incidents, money(value as FundsRule));
  if (def.field.kind === "rules") {
    const entries = Object.entries(value as Rules);
    if (!entries.length) return t.rulesNone;
    return entries
      .map(([action, rule]) => {
        return `${t.actionNames[action] ?? action} (${ruleLimits(rule, t)})`;
      })
      .join("; ");
  }
  if (def.field.kind === "choice") return (t.options as Record<string, string>)[String(value)] ?? String(value);
  if (Array.isArray(value)) return value.length ? value.join(", ") : def.field.kind === "ids" ? t.all : t.none;
  return String(value);
}

/** What an input's text means for the API (numbers as numbers, lists split, an empty text as null). */
export function parseInput(def: FieldDef, raw: string | boolean): unknown {
  if (def.field.kind === "bool") return raw === true || raw === "true";
  const text = String(raw).trim();
  switch (def.field.kind) {
    case "number":
      return text === "" ? text : Number(text);
    case "ids":
      return text.split(",").map((s) => s.trim()).filter(Boolean);
    case "numbers":
      return text.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
    case "text":
      return text === "" ? null : text;
    case "tabs":
      return text
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const bar = line.lastIndexOf("|");
          return bar < 0 ? { label: "", url: line } : { label: parseLabel(line.slice(0, bar).trim()), url: line.slice(bar + 1).trim() };
        });
    case "rules":
      return JSON.parse(text) as Rules;
    case "funds": {
      // The three inputs' texts as JSON; a wrong amount or count goes to the server as 0, which names the field.
      const parts = JSON.parse(text) as { amount: string; currency: string; incidents: string };
      const currency = parts.currency.trim().toUpperCase();
      if (!parts.amount.trim() && !currency && !parts.incidents.trim()) return null;
      let amount = 0;
      try {
        amount = toMinorUnits(parts.amount, currency) ?? 0;
      } catch {
        amount = 0;
      }
      return { amount, currency, incidents: Number(parts.incidents.trim()) || 0 };
    }
    default:
      return text;
  }
}

/** The help under a field: the setting's own, plus what the value may be. */
function helpFor(def: FieldDef, t: Texts): string {
  const own = t.fields[def.key]?.[1] ?? "";
  const extra = def.field.kind === "number" ? t.allowedFrom(def.field.min, def.field.max) : def.field.kind === "ids" ? t.idsHelp : def.field.kind === "numbers" ? t.numbersHelp : def.field.kind === "tabs" ? t.tabsHelp : def.field.kind === "funds" ? t.fundsHelp : def.field.kind === "rules" ? t.rulesHelp : "";
  return [own, extra].filter(Boolean).join(" ");
}

/**
 * One setting's control with its label, help and server error. `follow`
 * (customer overrides) adds a first choice "Follow the shop" and treats an
 * empty input as following it.
 */
export function fieldInput(
  def: FieldDef,
  value: unknown,
  t: Texts,
  options: { idPrefix: string; error?: string | undefined; follow?: string; beside?: string; onChange: (raw: string | boolean) => void },
): TemplateResult {
  const id = `${options.idPrefix}-${def.key.replace(".", "-")}`;
  const help = helpFor(def, t);
  const label = t.fields[def.key]?.[0] ?? def.key;
  const described = [`${id}-help`, options.error ? `${id}-err` : "", options.beside ? `${id}-beside` : ""].filter(Boolean).join(" ");
  const invalid = options.error ? "true" : "false";
  const following = options.follow !== undefined && (value === undefined || value === null);
  let control: TemplateResult;
  if (def.field.kind === "bool" && options.follow === undefined) {
    control = html`<label class="choice"><input type="checkbox" id=${id} data-field=${def.key} .checked=${Boolean(value)} aria-describedby=${described} aria-invalid=${invalid} @change=${(e: Event) => options.onChange((e.target as HTMLInputElement).checked)} /> ${label}</label>`;
  } else if (def.field.kind === "bool" || def.field.kind === "choice") {
    const choices = def.field.kind === "bool" ? ["true", "false"] : def.field.options;
    const current = following ? "" : String(value);
    control = html`<label for=${id}>${label}</label>
      <select id=${id} data-field=${def.key} aria-describedby=${described} aria-invalid=${invalid} @change=${(e: Event) => options.onChange((e.target as HTMLSelectElement).value)}>
        ${options.follow !== undefined ? html`<option value="" ?selected=${current === ""}>${options.follow}</option>` : nothing}
        ${choices.map((c) => html`<option value=${c} ?selected=${current === c}>${def.field.kind === "bool" ? (c === "true" ? t.yes : t.no) : ((t.options as Record<string, string>)[c] ?? c)}</option>`)}
      </select>`;
  } else if (def.field.kind === "tabs") {
    control = html`<label for=${id}>${label}</label>
      <textarea id=${id} data-field=${def.key} rows="3" .value=${following ? "" : tabsText(value)} aria-describedby=${described} aria-invalid=${invalid} @change=${(e: Event) => options.onChange((e.target as HTMLTextAreaElement).value)}></textarea>`;
  } else if (def.field.kind === "rules") {
    const field = def.field;
    const current = (following ? {} : (value as Rules | null | undefined)) ?? {};
    // Every box's state, as JSON: an action with nothing ticked is left out (no limit).
    const send = (e: Event) => {
      const box = (e.target as HTMLElement).closest("fieldset[data-rules]")!;
      const next: Rules = {};
      for (const action of field.actions) {
        const ticked = (list: string) => [...box.querySelectorAll<HTMLInputElement>(`input[data-action="${action}"][data-list="${list}"]:checked`)].map((i) => i.value);
        const statuses = ticked("statuses");
        const billingModes = ticked("billingModes");
        if (statuses.length || billingModes.length) next[action] = { ...(statuses.length ? { statuses } : {}), ...(billingModes.length ? { billingModes } : {}) };
      }
      options.onChange(JSON.stringify(next));
    };
    const boxes = (action: string, list: "statuses" | "billingModes", names: Record<string, string>, first: boolean) =>
      (list === "statuses" ? field.statuses : field.billingModes).map(
        (v, i) => html`<label class="choice"><input type="checkbox" data-field=${first && i === 0 && list === "statuses" ? def.key : nothing} data-action=${action} data-list=${list} value=${v} .checked=${current[action]?.[list]?.includes(v) ?? false} aria-invalid=${invalid} @change=${send} /> ${names[v] ?? v}</label>`,
      );
    control = html`<fieldset data-rules aria-describedby=${described}>
      <legend>${label}</legend>
      ${field.actions.map(
        (action, i) => html`<details>
          <summary>${t.actionNames[action] ?? action}: ${current[action] ? ruleLimits(current[action], t) : t.rulesNone}</summary>
          <fieldset><legend>${t.rulesStatuses}</legend>${boxes(action, "statuses", t.statusNames, i === 0)}</fieldset>
          <fieldset><legend>${t.rulesBillingModes}</legend>${boxes(action, "billingModes", t.billingModeNames, i === 0)}</fieldset>
        </details>`,
      )}
    </fieldset>`;
  } else if (def.field.kind === "funds") {
    const rule = following ? null : (value as FundsRule | null | undefined);
    const send = (e: Event) => {
      const box = (e.target as HTMLElement).closest("fieldset")!;
      const read = (part: string) => box.querySelector<HTMLInputElement>(`[data-part="${part}"]`)!.value;
      options.onChange(JSON.stringify({ amount: read("amount"), currency: read("currency"), incidents: read("incidents") }));
    };
    control = html`<fieldset class="row" aria-describedby=${described}>
      <legend>${label}</legend>
      <div class="field">
        <label for=${`${id}-amount`}>${t.fundsAmount}</label>
        <input id=${`${id}-amount`} data-field=${def.key} data-part="amount" inputmode="decimal" .value=${majorUnits(rule)} aria-describedby=${described} aria-invalid=${invalid} @change=${send} />
      </div>
      <div class="field">
        <label for=${`${id}-currency`}>${t.fundsCurrency}</label>
        <input id=${`${id}-currency`} data-part="currency" maxlength="3" size="4" autocapitalize="characters" .value=${rule?.currency ?? ""} aria-describedby=${described} aria-invalid=${invalid} @change=${send} />
      </div>
      <div class="field">
        <label for=${`${id}-incidents`}>${t.fundsIncidents}</label>
        <input id=${`${id}-incidents`} data-part="incidents" type="number" inputmode="numeric" min="1" max="1000" .value=${rule?.incidents ? String(rule.incidents) : ""} aria-describedby=${described} aria-invalid=${invalid} @change=${send} />
      </div>
    </fieldset>`;
  } else {
    const text = following ? "" : Array.isArray(value) ? value.join(", ") : value === null || value === undefined ? "" : String(value);
    control = html`<label for=${id}>${label}</label>
      <input
        id=${id}
        data-field=${def.key}
        type=${def.field.kind === "number" ? "number" : "text"}
        inputmode=${def.field.kind === "number" || def.field.kind === "numbers" ? "numeric" : "text"}
        .value=${text}
        aria-describedby=${described}
        aria-invalid=${invalid}
        @change=${(e: Event) => options.onChange((e.target as HTMLInputElement).value)}
      />`;
  }
  return html`<div class="field" part="field">
    ${control}
    <p class="help" id=${`${id}-help`}>${help}</p>
    ${options.beside ? html`<p class="help" id=${`${id}-beside`}>${options.beside}</p>` : nothing}
    ${options.error ? html`<p class="field-error" id=${`${id}-err`} part="field-error">${options.error}</p>` : nothing}
  </div>`;
}
