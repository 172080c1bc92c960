import { describe, expect, it } from "vitest";
import { resolveLocale, safeTimeZone } from "./locale.ts";

describe("resolveLocale (W3)", () => {
  it("keeps the region of a spoken language for formats", () => {
    expect(resolveLocale("fr-CA")).toEqual({ language: "fr", locale: "fr-CA" });
    expect(resolveLocale("es_MX")).toEqual({ language: "es", locale: "es-MX" });
    expect(resolveLocale("DE-at")).toEqual({ language: "de", locale: "de-AT" });
    expect(resolveLocale("en-GB")).toEqual({ language: "en", locale: "en-GB" });
  });

  it("falls back wholly to English for a language without texts, or for no locale at all", () => {
    for (const raw of ["pt-BR", "xx", "not a locale!", "", null, undefined]) expect(resolveLocale(raw)).toEqual({ language: "en", locale: "en" });
  });

  it("speaks the languages it is given, a whole tag before its language", () => {
    expect(resolveLocale("pt-BR", ["en", "pt-br"])).toEqual({ language: "pt-br", locale: "pt-BR" });
    expect(resolveLocale("pt-PT", ["en", "pt-br"])).toEqual({ language: "en", locale: "en" });
    expect(resolveLocale("pt-PT", ["en", "pt"])).toEqual({ language: "pt", locale: "pt-PT" });
  });
});

describe("safeTimeZone", () => {
  it("passes an IANA zone and replaces anything else by UTC", () => {
    expect(safeTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(safeTimeZone("Mars/Olympus")).toBe("UTC");
    expect(safeTimeZone(null)).toBe("UTC");
  });
});
