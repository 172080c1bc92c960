import { displayExponent, type OrderView } from "@billfront/core";

/** The currency a customer uses most with this shop: the one funds are added in. */
export function mostUsedCurrency(orders: OrderView[]): string | undefined {
  const counts = new Map<string, number>();
  for (const o of orders) counts.set(o.total.currency, (counts.get(o.total.currency) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** "12.50" or "12,50" in major units -> integer minor units of the currency; undefined if not an amount. */
export function toMinorUnits(input: string, currency: string): number | undefined {
  const match = /^\s*(\d{1,9})(?:[.,](\d+))?\s*$/.exec(input);
  const exponent = displayExponent(currency);
  if (!match || (match[2]?.length ?? 0) > exponent) return undefined;
  const minor = Number(match[1]) * 10 ** exponent + Number((match[2] ?? "").padEnd(exponent, "0") || 0);
  return minor > 0 ? minor : undefined;
}

