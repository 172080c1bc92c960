/** The closed set of failure kinds; the BFF maps each to one HTTP status. */
export type DomainErrorType = "not_found" | "invalid" | "not_allowed" | "conflict" | "forbidden" | "unauthenticated" | "declined" | "gateway" | "rate_limited";

/** A business-rule failure with a stable, machine-readable `code` (e.g. `refund_period_expired`). */
export class DomainError extends Error {
  readonly type: DomainErrorType;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(type: DomainErrorType, code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "DomainError";
    this.type = type;
    this.code = code;
    this.details = details;
  }
}

/** True for errors thrown by core on purpose (as opposed to bugs). */
export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** Postgres SQLSTATEs for text the database cannot store (NUL, invalid UTF-8): the caller's input, not a bug. */
const UNSTORABLE_INPUT_SQLSTATES = new Set(["22021", "22P05"]);

/** The SQLSTATE of a database error, looked for through drizzle's wrapping `cause`s; undefined for other errors. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** True when the database refused a value because of characters it cannot store. */
export function isUnstorableInputError(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state !== undefined && UNSTORABLE_INPUT_SQLSTATES.has(state);
}

/**
 * What of an unexpected error may be written to a log: its class, SQLSTATE and
 * stack frames. Never its message: a failed query's message carries the SQL and
 * its parameters (customer e-mails, names, tokens, card fingerprints).
 */
export function loggableError(error: unknown): { error: string; sqlstate?: string; stack?: string[] } {
  const name = error instanceof Error ? error.name : typeof error;
  const sqlstate = sqlStateOf(error);
  const stack = error instanceof Error && error.stack ? error.stack.split("\n").filter((line) => /^\s+at /.test(line)).map((line) => line.trim()).slice(0, 15) : undefined;
  return { error: name, ...(sqlstate ? { sqlstate } : {}), ...(stack ? { stack } : {}) };
}
