/** The closed set of failure kinds; the BFF maps each to one HTTP status. */
export type DomainErrorType = "not_found" | "invalid" | "not_allowed" | "conflict" | "forbidden" | "unauthenticated" | "declined" | "gateway";

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
