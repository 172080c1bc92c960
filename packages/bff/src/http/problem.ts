import { isDomainError, isUnstorableInputError, loggableError, type DomainErrorType } from "@billfront/core";
import { redactPath } from "./request-log.ts";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";

/** An RFC 9457 problem document with Billfront's stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  request_id?: string;
  /** One entry per refused field; `code` (e.g. `invalid_phone`, `field_required`) when core refused it. */
  errors?: { field: string; message: string; code?: string }[];
  [extension: string]: unknown;
}

/** Thrown by the request validators; becomes a 400/422 naming each bad field. */
export class RequestValidationError extends Error {
  readonly target: string;
  readonly issues: ZodError["issues"];
  constructor(target: string, issues: ZodError["issues"]) {
    super(`Invalid ${target}`);
    this.target = target;
    this.issues = issues;
  }
}

/** Thrown by the BFF itself (authentication, CORS) for failures that are not domain rules. */
export class ProblemError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  /** Extra response headers (`Retry-After` of a 429). */
  readonly headers: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

// The one place a domain error type becomes an HTTP status.
const STATUS_BY_TYPE: Record<DomainErrorType, ContentfulStatusCode> = {
  invalid: 422,
  not_found: 404,
  not_allowed: 409,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  declined: 402,
  gateway: 502,
  gone: 410,
  rate_limited: 429,
};

// Codes the API documents with a more specific status than their type's.
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  invalid_cursor: 400,
  link_used: 410,
};

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not authenticated",
  402: "Payment declined",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  410: "Gone",
  413: "Payload too large",
  422: "Invalid request",
  429: "Too many requests",
  500: "Internal server error",
  502: "Payment provider error",
  503: "Service unavailable",
};

declare module "hono" {
  interface ContextVariableMap {
    /** The `code` of the problem this request answered with, for the request log line. */
    problemCode: string;
  }
}

/** Sends a problem+json response. */
export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, extra: Partial<Problem> = {}): Response {
  const body: Problem = {
    type: `https://billfront.dev/problems/${code}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    detail,
    instance: c.req.path,
    request_id: c.get("requestId"),
    ...extra,
  };
  c.set("problemCode", code);
  return c.body(JSON.stringify(body), status, { "Content-Type": "application/problem+json" });
}

/** `app.onError`: every failure leaves as problem+json; unknown errors are logged (without their message) and hidden. */
export function errorHandler(log: (line: string) => void = (line) => console.error(line)) {
  return function handleError(error: Error, c: Context): Response {
    return toProblem(error, c, log);
  };
}

function toProblem(error: Error, c: Context, log: (line: string) => void): Response {
  if (isDomainError(error)) {
    const status = STATUS_BY_CODE[error.code] ?? STATUS_BY_TYPE[error.type];
    // Field-level errors (A3 account edits) sit at the top, where a request validation failure puts them.
    const { errors, ...details } = error.details ?? {};
    // A rate limit that knows when it lifts says so in the standard header too.
    if (error.type === "rate_limited" && typeof details.retry_after_seconds === "number") c.header("Retry-After", String(details.retry_after_seconds));
    return problem(c, status, error.code, error.message, {
      ...(Object.keys(details).length > 0 ? { details } : {}),
      ...(Array.isArray(errors) ? { errors: errors as Problem["errors"] } : {}),
    });
  }
  if (error instanceof ProblemError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return problem(c, error.status, error.code, error.message);
  }
  if (error instanceof RequestValidationError) {
    const errors = error.issues.map((issue) => ({
      field: [error.target, ...issue.path.map(String)].join("."),
      message: issue.message,
    }));
    const status = error.target === "json" ? 422 : 400;
    return problem(c, status, "validation_failed", `Invalid ${errors.map((e) => e.field).join(", ")}.`, { errors });
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own validator raises 400 for a body that is not JSON at all.
    const malformed = /malformed json/i.test(error.message);
    return problem(c, error.status, malformed ? "malformed_json" : "bad_request", malformed ? "The request body is not valid JSON." : error.message);
  }
  // A direct core caller's guard missed it, or a new route: the database refused the text, so it was the input.
  if (isUnstorableInputError(error)) return problem(c, 422, "invalid_characters", "The request holds a character that cannot be stored (NUL or invalid UTF-8).");
  // Request id and code only, never the error's message: a failed query's message lists its parameters (e-mails, names, tokens).
  log(JSON.stringify({ level: "error", request_id: c.get("requestId"), method: c.req.method, path: redactPath(c.req.path), code: "internal_error", ...loggableError(error) }));
  return problem(c, 500, "internal_error", "Something went wrong on our side. The request id identifies it for support.");
}
