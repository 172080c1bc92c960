import { describe, expect, it } from "vitest";
import { DomainError } from "./errors.ts";
import { CURRENCY_MINOR_UNITS, displayExponent, isCurrencyCode, MAX_AMOUNT, MINOR_UNITS_NOT_TWO } from "./currencies.ts";
import { add, allocate, currencyExponent, formatMoney, money, multiply, subtract, sum } from "./money.ts";

describe("money", () => {
  it("knows ISO 4217 exponents, including JPY 0 and KWD 3", () => {
    expect(currencyExponent("EUR")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
  });

  it("refuses fractions of a minor unit and malformed currencies", () => {
    expect(() => money(10.5, "EUR")).toThrow(expect.objectContaining({ code: "invalid_amount" }));
    expect(() => money(10, "eur")).toThrow(expect.objectContaining({ code: "invalid_currency" }));
  });

  it("refuses made-up three-letter codes like XYZ and ZZZ, and codes without minor units (XAU, XDR, XTS)", () => {
    for (const code of ["XYZ", "ZZZ", "ABC", "XAU", "XDR", "XTS", "XXX", "HRK"]) {
      expect(() => money(100, code)).toThrow(expect.objectContaining({ code: "invalid_currency" }));
    }
  });

  it("has the minor units of every active ISO 4217 currency from one table (JPY 0, KWD 3, CLF 4, HUF 2)", () => {
    expect(Object.keys(CURRENCY_MINOR_UNITS)).toHaveLength(164);
    expect([currencyExponent("CLF"), currencyExponent("UYW"), currencyExponent("BHD"), currencyExponent("IQD"), currencyExponent("VND"), currencyExponent("HUF"), currencyExponent("XCG")]).toEqual([4, 4, 3, 3, 0, 2, 2]);
    // Every code is one the runtime can at least format (ICU knows all but the fund codes BOV, CHE, CHW, CLF, COU, MXV, USN, UYI, UYW, VED).
    const funds = new Set(["BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "VED"]);
    const known = new Set(Intl.supportedValuesOf("currency"));
    expect(Object.keys(CURRENCY_MINOR_UNITS).filter((code) => !known.has(code) && !funds.has(code))).toEqual([]);
  });

  it("bounds amounts at 10^12 minor units either way, so a price of 10^15 is refused rather than stored", () => {
    expect(money(MAX_AMOUNT, "EUR").amount).toBe(1_000_000_000_000);
    expect(money(-MAX_AMOUNT, "EUR").amount).toBe(-1_000_000_000_000);
    expect(() => money(MAX_AMOUNT + 1, "EUR")).toThrow(expect.objectContaining({ code: "amount_too_large" }));
    expect(() => multiply(money(MAX_AMOUNT, "EUR"), 2)).toThrow(expect.objectContaining({ code: "amount_too_large" }));
    expect(() => money(1e308, "EUR")).toThrow(expect.objectContaining({ code: "invalid_amount" }));
  });

  it("adds and subtracts within one currency only", () => {
    expect(add(money(150, "EUR"), money(250, "EUR"))).toEqual(money(400, "EUR"));
    expect(subtract(money(150, "EUR"), money(250, "EUR"))).toEqual(money(-100, "EUR"));
    expect(() => add(money(1, "EUR"), money(1, "USD"))).toThrow(DomainError);
    expect(() => add(money(1, "EUR"), money(1, "USD"))).toThrow(expect.objectContaining({ code: "currency_mismatch" }));
  });

  it("multiplies a unit price by a whole quantity", () => {
    expect(multiply(money(650, "EUR"), 3)).toEqual(money(1950, "EUR"));
    expect(() => multiply(money(650, "EUR"), 1.5)).toThrow(expect.objectContaining({ code: "invalid_quantity" }));
    expect(sum([money(1, "JPY"), money(2, "JPY")], "JPY")).toEqual(money(3, "JPY"));
  });

  it("allocates by largest remainder so the parts always sum to the whole", () => {
    expect(allocate(money(100, "EUR"), [1, 1, 1]).map((m) => m.amount)).toEqual([34, 33, 33]);
    expect(allocate(money(5, "KWD"), [3, 7]).map((m) => m.amount)).toEqual([2, 3]);
    expect(allocate(money(-100, "EUR"), [1, 1, 1]).map((m) => m.amount)).toEqual([-34, -33, -33]);
    for (let total = 0; total < 500; total += 7) {
      const weights = [3, 5, 0, 11, 1];
      const parts = allocate(money(total, "EUR"), weights);
      expect(parts.reduce((s, p) => s + p.amount, 0)).toBe(total);
      expect(parts[2]!.amount).toBe(0);
    }
    expect(() => allocate(money(1, "EUR"), [0, 0])).toThrow(expect.objectContaining({ code: "invalid_allocation" }));
  });

  it("formats with the currency's own number of decimals", () => {
    expect(formatMoney(money(123456, "JPY"), "en-US")).toBe("¥123,456");
    expect(formatMoney(money(1250, "KWD"), "en-US")).toMatch(/1\.250/);
    expect(formatMoney(money(1999, "EUR"), "de-DE")).toBe("19,99\u00a0€");
  });

  it("keeps the short list of exponents the widgets carry equal to the ISO table", () => {
    for (const [code, exponent] of Object.entries(CURRENCY_MINOR_UNITS)) expect(displayExponent(code)).toBe(exponent);
    for (const code of Object.keys(MINOR_UNITS_NOT_TWO)) expect(isCurrencyCode(code)).toBe(true);
  });
});
