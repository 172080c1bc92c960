import { resolveLocale } from "@billfront/core";

export const CONSOLE_LANGUAGES = ["en", "de", "fr", "es"] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

/**
 * A console catalogue: every language has every text of English (the
 * completeness test in packages/bff/src/catalogues.test.ts checks it).
 * Screens keep theirs beside them (`screens/<screen>.messages.ts`).
 */
export type Catalogue<T> = Record<ConsoleLanguage, T>;

/** The texts for `locale` from a catalogue: its language, or wholly English (W3). */
export function pick<T>(catalogue: Catalogue<T>, locale: string | undefined): T {
  const { language } = resolveLocale(locale, CONSOLE_LANGUAGES);
  return catalogue[language as ConsoleLanguage] ?? catalogue.en;
}

/** The resolved formatting locale (`de-AT` stays `de-AT`; an unknown language formats as English). */
export function formatLocale(locale: string | undefined): string {
  return resolveLocale(locale, CONSOLE_LANGUAGES).locale;
}
