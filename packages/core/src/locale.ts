/** The languages every Billfront text is written in; the first is the fallback. */
export const LANGUAGES = ["en", "de", "fr", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** A locale resolved to a language Billfront writes in, and the tag its dates and amounts are formatted with. */
export interface ResolvedLocale {
  /** The language of the texts: "de" for "de-AT". */
  language: string;
  /** The canonical tag for Intl: the region is kept when its language is spoken ("de-AT"), else the language alone ("en" for "pt-BR"). */
  locale: string;
}

/**
 * Resolves a BCP 47 locale once, so texts and formats agree (W3): "fr-CA" is
 * French with Canadian formats, "de_AT" German with Austrian ones, and a
 * language without texts ("pt-BR", "xx", garbage) is wholly English, never
 * English words around Brazilian dates. `languages` lists what is spoken
 * (the widgets add languages a merchant registered).
 */
export function resolveLocale(raw: string | null | undefined, languages: readonly string[] = LANGUAGES): ResolvedLocale {
  const fallback = { language: languages[0] ?? "en", locale: languages[0] ?? "en" };
  if (!raw) return fallback;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(raw.trim().replaceAll("_", "-"))[0] ?? "";
  } catch {
    return fallback;
  }
  const lower = canonical.toLowerCase();
  // A whole tag spoken as such (a registered "pt-BR"), then its language ("de" for "de-AT").
  const exact = languages.find((l) => l.toLowerCase() === lower);
  if (exact) return { language: exact, locale: canonical };
  const language = lower.split("-")[0]!;
  const spoken = languages.find((l) => l.toLowerCase() === language);
  return spoken ? { language: spoken, locale: canonical } : fallback;
}

/** Whether `timeZone` is an IANA zone this runtime knows; else dates are shown in UTC. */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
