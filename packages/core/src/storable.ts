import { DomainError } from "./errors.ts";

// Text PostgreSQL cannot store: the NUL character, and UTF-16 surrogates without their pair (not valid UTF-8).
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when a string holds a character the database refuses (NUL or a lone surrogate). */
export function isUnstorableText(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** Deeper than any request Billfront takes; refusing it keeps the walk (and the caller) off the stack's edge. */
const MAX_DEPTH = 64;

/**
 * The path (e.g. `items.0.description`) of the first unstorable string or object key in a JSON-like value, or null.
 * Walks with its own stack, so a hostile, deeply nested body is an answer (`(too deep)`), not a stack overflow.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop()!;
    if (path.length > MAX_DEPTH) return "(too deep)";
    if (typeof current === "string") {
      if (isUnstorableText(current)) return path.join(".") || "(value)";
      continue;
    }
    const entries = Array.isArray(current)
      ? current.map((item, i) => [String(i), item] as const)
      : current !== null && typeof current === "object" && !(current instanceof Date)
        ? Object.entries(current)
        : [];
    for (const [key, item] of [...entries].reverse()) {
      if (!Array.isArray(current) && isUnstorableText(key)) return [...path, key].join(".");
      stack.push({ value: item, path: [...path, key] });
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
