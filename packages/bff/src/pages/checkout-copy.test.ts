import { describe, expect, it } from "vitest";
import { checkoutCopy } from "./checkout-copy.ts";

describe("the checkout's languages (W3)", () => {
  it("speaks English, German, French and Spanish, by the browser's preference order", () => {
    expect(checkoutCopy("fr-FR,fr;q=0.9,en;q=0.5").heading.charge).toBe("Payer");
    expect(checkoutCopy("pt-BR,es;q=0.8").heading.charge).toBe("Pagar");
    expect(checkoutCopy("en;q=0.2,de;q=0.9").lang).toBe("de");
  });

  it("falls back wholly to English for a language it does not speak (no English words with French amounts)", () => {
    for (const header of ["pt-BR", "toString", "", undefined]) {
      const copy = checkoutCopy(header);
      expect(copy.lang).toBe("en");
      expect(copy.locale).toBe("en");
    }
  });

  it("has every text in every language, each translated", () => {
    const shape = (value: unknown): unknown => (value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)])) : typeof value);
    const en = checkoutCopy("en");
    for (const lang of ["de", "fr", "es"]) {
      const copy = checkoutCopy(lang);
      expect(copy.lang).toBe(lang);
      expect(shape(copy)).toEqual(shape(en));
      expect(copy.paid.text).not.toBe(en.paid.text);
      expect(copy.paid.text).toContain("{amount}");
    }
  });
});
