import { DomainError } from "../errors.ts";

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card brand from the number's prefix. */
export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return "visa";
  if (/^(5[1-5]|2[2-7])/.test(digits)) return "mastercard";
  if (/^3[47]/.test(digits)) return "amex";
  if (/^6(011|5)/.test(digits)) return "discover";
  return "unknown";
}

/** True once the last day of the expiry month has passed at `now` (UTC). */
export function cardExpired(expMonth: number, expYear: number, now: Date): boolean {
  return Date.UTC(expYear, expMonth, 1) <= now.getTime();
}

/**
 * Checks what a card form sends: a Luhn-valid 13-19 digit number, an expiry
 * month that has not passed, a 3 or 4 digit CVC (4 for Amex). Fails with a code per field.
 */
export function validateCard(input: { number: string; expMonth: number; expYear: number; cvc: string }, now: Date): { digits: string; brand: string } {
  const digits = input.number.replace(/[\s-]/g, "");
  if (!/^\d{13,19}$/.test(digits) || !luhnValid(digits)) {
    throw new DomainError("invalid", "invalid_card_number", "The card number is not valid.", { field: "number" });
  }
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12 || !Number.isInteger(input.expYear)) {
    throw new DomainError("invalid", "invalid_expiry", "The expiry date is not valid.", { field: "expiry" });
  }
  if (cardExpired(input.expMonth, input.expYear, now)) {
    throw new DomainError("invalid", "card_expired", "The card has expired.", { field: "expiry" });
  }
  const brand = cardBrand(digits);
  if (!(brand === "amex" ? /^\d{4}$/ : /^\d{3}$/).test(input.cvc)) {
    throw new DomainError("invalid", "invalid_cvc", "The security code is not valid.", { field: "cvc" });
  }
  return { digits, brand };
}

/** True when text contains something that looks like a full card number (13-19 digits passing Luhn). */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/(?:\d[ -]?){13,19}/g)) {
    const digits = match[0].replace(/\D/g, "");
    for (let length = 19; length >= 13; length--) {
      for (let start = 0; start + length <= digits.length; start++) {
        if (luhnValid(digits.slice(start, start + length)) && /^[3-6]/.test(digits.slice(start, start + length))) return true;
      }
    }
  }
  return false;
}
