import { DomainError } from "./errors.ts";

// Text PostgreSQL cannot store: the NUL character, and UTF-16 surrogates without their pair (not valid UTF-8).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string holds a character the database refuses (NUL or a lone surrogate). */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** The path (e.g. `items.0.description`) of the first unstorable string or object key in a JSON-like value, or null. */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === "string") return isUnstorableText(value) ? path.join(".") || "(value)" : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      if (isUnstorableText(key)) return [...path, key].join(".");
      const found = findUnstorableText(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * Guard for direct callers of core (the BFF already refuses such input at the edge):
 * a NUL or lone surrogate would otherwise reach Postgres and fail as an internal error.
 */
export function assertStorable(value: unknown, what = "input"): void {
  const field = findUnstorableText(value);
  if (field !== null) {
    throw new DomainError("invalid", "invalid_characters", `The ${what} holds a character that cannot be stored (NUL or an unpaired surrogate) at ${field}.`, { field });
  }
}
