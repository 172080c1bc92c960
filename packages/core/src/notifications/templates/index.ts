import type { MessageTemplate } from "../../db/schema/outbox.ts";
import { resolveLocale, safeTimeZone } from "../../locale.ts";
import { formatMoney, type Money } from "../../money.ts";
import type { Catalogue } from "./catalogue.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { renderHtml, renderText, type Brand } from "./layout.ts";
import type { CopyVars, TemplateVars } from "./vars.ts";

export type { Brand } from "./layout.ts";
export type { Catalogue, MessageCopy } from "./catalogue.ts";
export type * from "./vars.ts";

/** Every language messages are written in (core's LANGUAGES); the first is the fallback. */
export const CATALOGUES: readonly Catalogue[] = [en, de, fr, es];

/**
 * Stands for a link signed only when the message is sent (see
 * outbox_messages.link_purpose). Never produced by a variable: it is removed
 * from every other value before rendering.
 */
export const LINK_AT_SEND = "{{billfront_link}}";

/** The catalogue for a locale ("de-AT" -> de), else English. */
export function catalogueFor(locale: string | null | undefined): Catalogue {
  const { language } = resolveLocale(locale, CATALOGUES.map((c) => c.language));
  return CATALOGUES.find((c) => c.language === language) ?? CATALOGUES[0]!;
}

export interface RenderedMessage {
  /** The catalogue's language, recorded on the row. */
  locale: string;
  subject: string;
  text: string;
  html: string;
  /** The SMS form, for templates that have one. */
  sms: string | null;
}

/**
 * Writes one message in the recipient's language with the merchant's name, logo
 * and colour. A variable the template reads but was not given is a bug and
 * throws, rolling back the change that queued it.
 */
export function renderMessage<T extends MessageTemplate>(
  template: T,
  vars: TemplateVars[T],
  input: { locale: string | null | undefined; brand: Brand; name: string; /** The merchant's IANA zone: the calendar day dates fall on. */ timeZone?: string | null | undefined },
): RenderedMessage {
  // Resolved once: numbers and dates in the recipient's own variant (en-GB, de-AT) of the catalogue's language, and a
  // language without a catalogue is English throughout (W3).
  const { language, locale: format } = resolveLocale(input.locale, CATALOGUES.map((c) => c.language));
  const catalogue = CATALOGUES.find((c) => c.language === language) ?? CATALOGUES[0]!;
  const timeZone = safeTimeZone(input.timeZone);
  const formatted: Record<string, unknown> = { merchant: input.brand.name, name: input.name };
  for (const [key, value] of Object.entries(vars as Record<string, unknown>)) {
    if (value === undefined) throw new Error(`Message ${template}: variable ${key} is undefined.`);
    formatted[key] = formatValue(value, format, timeZone, key === "link");
  }
  // A name or ticket subject cannot smuggle in the placeholder a send-time link replaces.
  formatted.merchant = strip(input.brand.name);
  formatted.name = strip(input.name);
  const strict = new Proxy(formatted, {
    get(target, key) {
      if (typeof key === "string" && !(key in target)) throw new Error(`Message ${template}: variable ${key} is missing.`);
      return target[key as string];
    },
  }) as CopyVars<T>;
  const copy = catalogue.templates[template](strict);
  const brand = { ...input.brand, name: strip(input.brand.name) };
  const name = strip(input.name);
  return {
    locale: format,
    subject: copy.subject,
    text: renderText(copy, catalogue, brand, name),
    html: renderHtml(copy, catalogue, brand, name),
    sms: copy.sms ?? null,
  };
}

function formatValue(value: unknown, language: string, timeZone: string, isLink: boolean): unknown {
  if (value === null) return null;
  if (value instanceof Date) return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone }).format(value);
  if (typeof value === "object" && "amount" in value && "currency" in value) return formatMoney(value as Money, language);
  if (typeof value === "string") return isLink ? value : strip(value);
  return value;
}

function strip(text: string): string {
  return text.replaceAll(LINK_AT_SEND, "");
}
