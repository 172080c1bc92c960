import { CURRENCY_MINOR_UNITS, displayExponent, isCurrencyCode, MAX_AMOUNT } from "./currencies.ts";
import { DomainError } from "./errors.ts";

/** An amount of money in integer minor units of an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** Number of minor-unit digits for an ISO 4217 currency (JPY 0, EUR 2, KWD 3). */
export function currencyExponent(currency: string): number {
  assertCurrency(currency);
  return CURRENCY_MINOR_UNITS[currency]!;
}

/** Builds a Money value, refusing fractions, amounts beyond ±MAX_AMOUNT and codes that are not ISO 4217 currencies. */
export function money(amount: number, currency: string): Money {
  assertCurrency(currency);
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError("invalid", "invalid_amount", `Amount must be an integer number of minor units, got ${amount}.`);
  }
  if (Math.abs(amount) > MAX_AMOUNT) {
    throw new DomainError("invalid", "amount_too_large", `Amounts are limited to ${MAX_AMOUNT} minor units, got ${amount}.`, { max: MAX_AMOUNT });
  }
  return { amount, currency };
}

/** Zero in the given currency. */
export function zero(currency: string): Money {
  return money(0, currency);
}

/** a + b; both must share a currency. */
export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

/** a - b; both must share a currency. The result may be negative. */
export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/** unit x quantity, for line totals; quantity must be a whole number. */
export function multiply(unit: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity)) {
    throw new DomainError("invalid", "invalid_quantity", `Quantity must be a whole number, got ${quantity}.`);
  }
  return money(unit.amount * quantity, unit.currency);
}

/** Sum of a list of amounts in one currency; an empty list sums to zero of `currency`. */
export function sum(amounts: readonly Money[], currency: string): Money {
  return amounts.reduce((total, m) => add(total, m), zero(currency));
}

/**
 * Splits `total` in proportion to integer `weights` by the largest-remainder
 * method, so the parts always add up to exactly `total` (no lost or invented cents).
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  if (weights.length === 0) {
    throw new DomainError("invalid", "invalid_allocation", "Cannot allocate over no parts.");
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new DomainError("invalid", "invalid_allocation", "Allocation weights must be non-negative integers.");
  }
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) {
    throw new DomainError("invalid", "invalid_allocation", "Allocation weights must not all be zero.");
  }
  const sign = total.amount < 0 ? -1n : 1n;
  const absTotal = BigInt(Math.abs(total.amount));
  const bigWeightSum = BigInt(weightSum);
  const parts = weights.map((w, index) => {
    const exact = absTotal * BigInt(w);
    return { index, floor: exact / bigWeightSum, remainder: exact % bigWeightSum };
  });
  let leftover = absTotal - parts.reduce((acc, p) => acc + p.floor, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of byRemainder) {
    if (leftover === 0n) break;
    part.floor += 1n;
    leftover -= 1n;
  }
  return parts.map((p) => money(Number(p.floor * sign), total.currency));
}

/** Formats for display only (the edge), e.g. "$12.50", "¥1,200", "KWD 1.250". */
export function formatMoney(value: Money, locale?: string): string {
  // Amounts reaching a screen or a PDF were checked when they were made: no table lookup to validate them again.
  const exponent = displayExponent(value.currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: value.currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(value.amount / 10 ** exponent);
}

/** Throws `invalid_currency` unless the code is an active ISO 4217 currency (the one table in currencies.ts). */
export function assertCurrency(currency: string): void {
  if (!isCurrencyCode(currency)) {
    throw new DomainError("invalid", "invalid_currency", `"${currency}" is not an ISO 4217 currency code.`);
  }
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new DomainError("invalid", "currency_mismatch", `Cannot combine ${a.currency} with ${b.currency}.`, {
      currencies: [a.currency, b.currency],
    });
  }
}
