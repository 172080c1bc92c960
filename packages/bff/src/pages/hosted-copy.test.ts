import { describe, expect, it } from "vitest";
import { linkCopy } from "./link-copy.ts";
import { negotiateLocale, SIGN_IN_COPY, SIGN_IN_LOCALES } from "./sign-in-copy.ts";

/** Every key path of a nested object of strings. */
const keys = (value: object, prefix = ""): string[] =>
  Object.entries(value).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();

// W3 / issue 13: the hosted pages speak English, German, French and Spanish; any other language is wholly English.
describe("the hosted pages' words (W3)", () => {
  it("has every sign-in word in every language, none left empty or in English", () => {
    expect(SIGN_IN_LOCALES).toEqual(["en", "de", "fr", "es"]);
    for (const locale of SIGN_IN_LOCALES) {
      expect(keys(SIGN_IN_COPY[locale]), locale).toEqual(keys(SIGN_IN_COPY.en));
      if (locale === "en") continue;
      expect(SIGN_IN_COPY[locale].send, locale).not.toBe(SIGN_IN_COPY.en.send);
      expect(SIGN_IN_COPY[locale].errors.network, locale).not.toBe(SIGN_IN_COPY.en.errors.network);
    }
  });

  it("has every link page word in every language", () => {
    const english = linkCopy("en");
    for (const [header, lang] of [["de-DE,de;q=0.9", "de"], ["fr-CA", "fr"], ["es-419,es;q=0.8", "es"]] as const) {
      const copy = linkCopy(header);
      expect(copy.lang).toBe(lang);
      expect(keys(copy)).toEqual(keys(english));
      expect(copy.continue).not.toBe(english.continue);
    }
  });

  it("falls back wholly to English for a language it does not speak, and follows the browser's order", () => {
    expect(linkCopy("it-IT,it;q=0.9").lang).toBe("en");
    expect(linkCopy("it-IT,es;q=0.5").lang).toBe("es");
    expect(negotiateLocale("pt", "ja", "nl")).toBe("en");
    expect(negotiateLocale(undefined, "ja, fr;q=0.3, de;q=0.7", undefined)).toBe("de");
    expect(negotiateLocale("es", "de", undefined)).toBe("es");
  });
});
