import { ApiError } from "../client.ts";

/**
 * How the console proves who the staff member is:
 * - `cookie`: the BFF's own `/staff` page; the session is an HttpOnly,
 *   SameSite=Strict cookie on the BFF's origin, and every unsafe request carries
 *   the session's CSRF token in `X-CSRF-Token`;
 * - `token`: embedded in a merchant's back office on another origin, with a
 *   staff token the merchant's server obtained (`Authorization: Bearer ...`).
 */
export type ConsoleAuth = { kind: "cookie"; csrf: string } | { kind: "token"; token: string };

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Money-moving calls: one key per intended action (R8). */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The merchant API as the console calls it: JSON in and out, problems as {@link ApiError}. */
export class ConsoleApi {
  readonly api: string;
  auth: ConsoleAuth;
  /** Called when a call finds the staff session ended (401 `staff_session_expired`), before the error is thrown: the shell shows the sign-in again. */
  onSessionExpired: ((error: ApiError) => void) | undefined;

  constructor(api: string, auth: ConsoleAuth) {
    this.api = api;
    this.auth = auth;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("GET", path, options);
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("POST", path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PUT", path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("PATCH", path, { ...options, body });
  }
  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>("DELETE", path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path, this.api);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { Accept: "application/json" };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;
    if (this.auth.kind === "token") headers.Authorization = `Bearer ${this.auth.token}`;
    else if (method !== "GET" && method !== "HEAD") headers["X-CSRF-Token"] = this.auth.csrf;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        credentials: this.auth.kind === "cookie" ? "include" : "omit",
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if ((error as Error).name === "AbortError") throw error;
      throw new ApiError(0, "network_error", "The billing service could not be reached.");
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const data = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (data ?? {}) as { code?: string; detail?: string; title?: string; errors?: ApiError["problem"]["errors"]; details?: Record<string, unknown> };
      const error = new ApiError(response.status, problem.code ?? "error", problem.detail ?? problem.title ?? response.statusText, {
        ...(problem.errors ? { errors: problem.errors } : {}),
        ...(problem.details ? { details: problem.details } : {}),
      });
      if (error.status === 401 && error.code === "staff_session_expired") this.onSessionExpired?.(error);
      throw error;
    }
    return data as T;
  }
}

/** A fresh idempotency key for one intended money movement (R8). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
