import type { DocumentKind, DocumentLine } from "../db/schema/documents.ts";
import { allocate, money } from "../money.ts";

const PREFIX: Record<DocumentKind, string> = { invoice: "INV", receipt: "RCT", credit_note: "CN" };

/** `INV-000042`: the kind's prefix and the merchant's sequence value. */
export function formatDocumentNumber(kind: DocumentKind, value: number): string {
  return `${PREFIX[kind]}-${String(value).padStart(6, "0")}`;
}

/** Tax on a subtotal at a rate in basis points, rounded half up to the minor unit (integer maths only). */
export function taxOn(subtotal: number, rateBps: number): number {
  return Math.floor((subtotal * rateBps + 5000) / 10000);
}

/** Subtotal (item lines), tax (tax lines) and total of a set of lines. */
export function documentTotals(lines: readonly DocumentLine[]): { subtotal: number; tax: number; total: number } {
  const subtotal = lines.filter((l) => l.kind === "item").reduce((s, l) => s + l.amount, 0);
  const tax = lines.filter((l) => l.kind === "tax").reduce((s, l) => s + l.amount, 0);
  return { subtotal, tax, total: subtotal + tax };
}

/**
 * The amount of each instalment: the order total split into `count` parts that
 * sum exactly to it (earlier instalments take the leftover minor units).
 */
export function instalmentAmounts(total: number, currency: string, count: number): number[] {
  return allocate(money(total, currency), Array.from({ length: count }, () => 1)).map((m) => m.amount);
}

/**
 * Lines for one instalment invoice: each order line scaled to the instalment's
 * share, by largest remainder, so the lines add up to the instalment exactly.
 */
export function instalmentLines(orderLines: readonly DocumentLine[], currency: string, instalment: number, count: number): DocumentLine[] {
  const orderTotal = orderLines.reduce((s, l) => s + l.amount, 0);
  const amount = instalmentAmounts(orderTotal, currency, count)[instalment - 1]!;
  if (orderTotal === 0) return orderLines.map((l) => ({ ...l, amount: 0, unitAmount: 0 }));
  const parts = allocate(money(amount, currency), orderLines.map((l) => l.amount));
  return orderLines.map((line, i) => ({
    kind: line.kind,
    description: `${line.description} (instalment ${instalment} of ${count})`,
    quantity: 1,
    unitAmount: parts[i]!.amount,
    amount: parts[i]!.amount,
  }));
}

/** A readable download name, e.g. `invoice-INV-000042.pdf`. */
export function documentFileName(kind: DocumentKind | "order_summary", number: string): string {
  return `${kind.replace("_", "-")}-${number.replace(/[^0-9A-Za-z-]/g, "")}.pdf`;
}
