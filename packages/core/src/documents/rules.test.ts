import { describe, expect, it } from "vitest";
import { documentFileName, documentTotals, formatDocumentNumber, instalmentAmounts, instalmentLines, taxOn } from "./rules.ts";

describe("document rules", () => {
  it("numbers documents with a kind prefix", () => {
    expect(formatDocumentNumber("invoice", 42)).toBe("INV-000042");
    expect(formatDocumentNumber("receipt", 1)).toBe("RCT-000001");
    expect(formatDocumentNumber("credit_note", 1234567)).toBe("CN-1234567");
    expect(documentFileName("credit_note", "CN-000007")).toBe("credit-note-CN-000007.pdf");
  });

  it("rounds tax half up in integer minor units", () => {
    expect(taxOn(10200, 2000)).toBe(2040);
    expect(taxOn(999, 1900)).toBe(190); // 189.81
    expect(taxOn(5, 1000)).toBe(1); // 0.5 rounds up
    expect(taxOn(4, 1000)).toBe(0);
  });

  it("splits an order into instalments that sum to the total, leftovers first", () => {
    expect(instalmentAmounts(48000, "EUR", 4)).toEqual([12000, 12000, 12000, 12000]);
    expect(instalmentAmounts(10000, "EUR", 3)).toEqual([3334, 3333, 3333]);
    expect(instalmentAmounts(1001, "JPY", 2)).toEqual([501, 500]);
  });

  it("scales every order line into an instalment so the lines add up to it exactly", () => {
    const lines = [
      { kind: "item" as const, description: "Machine", quantity: 1, unitAmount: 10000, amount: 10000 },
      { kind: "tax" as const, description: "VAT 20%", quantity: 1, unitAmount: 2000, amount: 2000 },
    ];
    for (let k = 1; k <= 7; k++) {
      const part = instalmentLines(lines, "EUR", k, 7);
      expect(documentTotals(part).total).toBe(instalmentAmounts(12000, "EUR", 7)[k - 1]);
      expect(part[0]!.description).toBe(`Machine (instalment ${k} of 7)`);
    }
  });
});
