import { html, nothing, type TemplateResult } from "lit";
import type { messages } from "../settings.messages.ts";
import type { FieldDef } from "./fields.ts";

type Texts = (typeof messages)["en"];

/** A value as a person reads it in a confirm line or beside an override (On/Off, the option's name, a list). */
export function describeValue(def: FieldDef, value: unknown, t: Texts): string {
  if (value === null || value === undefined || value === "") return t.none;
  if (def.field.kind === "bool") return value ? t.yes : t.no;
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
    default:
      return text;
  }
}

/** The help under a field: the setting's own, plus what the value may be. */
function helpFor(def: FieldDef, t: Texts): string {
  const own = t.fields[def.key]?.[1] ?? "";
  const extra = def.field.kind === "number" ? t.allowedFrom(def.field.min, def.field.max) : def.field.kind === "ids" ? t.idsHelp : def.field.kind === "numbers" ? t.numbersHelp : "";
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
