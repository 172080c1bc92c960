/** Asks the merchant's server for a new portal session token (its own endpoint, which calls POST /v1/portal_sessions). */
export type FetchSession = () => Promise<string | null | undefined>;

/** Why a session can no longer be used: the API's 401 codes, plus a sign-out from this page. */
export type SessionEnd = "session_expired" | "session_revoked" | "session_logged_out" | "session_invalid" | "session_missing";

const ENDS: readonly string[] = ["session_expired", "session_revoked", "session_logged_out", "session_invalid", "session_missing"];

/** True for an API code that means the session itself is over (as opposed to a refused action). */
export function isSessionEnd(code: string): code is SessionEnd {
  return ENDS.includes(code);
}

/**
 * One portal session, shared by every request of every element under one
 * `<billfront-portal>`. When the API answers `session_expired`, the first
 * request to notice asks `fetchSession` for a new token; every other request
 * refused with the same old token waits for that same answer, so the merchant's
 * server is asked once, not once per element. A session that is revoked or
 * signed out is never renewed.
 */
export class PortalSession {
  #token: string;
  #fetchSession: () => FetchSession | undefined;
  #renewal: { from: string; next: Promise<string | undefined> } | undefined;
  #ended: SessionEnd | undefined;
  readonly #listeners = new Set<(token: string, ended: SessionEnd | undefined) => void>();

  constructor(token: string, fetchSession: () => FetchSession | undefined = () => undefined) {
    this.#token = token;
    this.#fetchSession = fetchSession;
  }

  /** The token requests are sent with now. */
  get token(): string {
    return this.#token;
  }

  /** Set once the session is over and was not renewed. */
  get ended(): SessionEnd | undefined {
    return this.#ended;
  }

  /** Called after a renewal (new token) and when the session ends. */
  subscribe(listener: (token: string, ended: SessionEnd | undefined) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * The token to retry with after `refused` was answered `session_expired`:
   * a new one from `fetchSession`, or undefined when there is none (the session
   * has then ended). One call of `fetchSession` per expired token.
   */
  renew(refused: string): Promise<string | undefined> {
    if (this.#ended) return Promise.resolve(undefined);
    // Another request already swapped the token: retry with that one.
    if (refused !== this.#token) return Promise.resolve(this.#token);
    if (this.#renewal?.from !== refused) this.#renewal = { from: refused, next: this.#fetchNext(refused) };
    return this.#renewal.next;
  }

  /** Marks the session over (a revocation, a sign-out, a failed renewal) and tells the listeners once. */
  end(reason: SessionEnd): void {
    if (this.#ended) return;
    this.#ended = reason;
    for (const listener of this.#listeners) listener(this.#token, reason);
  }

  async #fetchNext(refused: string): Promise<string | undefined> {
    const fetchSession = this.#fetchSession();
    let next: unknown;
    try {
      next = await fetchSession?.();
    } catch {
      next = undefined;
    }
    if (typeof next !== "string" || next.length === 0 || next === refused) {
      this.end("session_expired");
      return undefined;
    }
    this.#token = next;
    for (const listener of this.#listeners) listener(next, undefined);
    return next;
  }
}
