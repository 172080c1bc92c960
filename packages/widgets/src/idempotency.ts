import { ApiError } from "./client.ts";

/**
 * True when a failed money-moving request has a definite answer (R8): a 4xx the
 * API decided (declined, refused, invalid input, key used for another request).
 * Not definite: a network failure (status 0), a 5xx, 401 (the session is renewed
 * and the request sent again), 408, 429, and 409 `idempotency_request_in_progress`
 * (the first request is still running). For those the retry must reuse the key,
 * so the server can answer it with the first request's outcome instead of charging again.
 */
export function isDefiniteFailure(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.status < 400 || error.status >= 500) return false;
  if (error.status === 401 || error.status === 408 || error.status === 429) return false;
  return error.code !== "idempotency_request_in_progress";
}

/**
 * One Idempotency-Key per intended action (R8), the widgets' only key policy:
 * the same key across retries of an action until it has a definite answer (a 2xx,
 * or a definite 4xx), a fresh key once the action's inputs change or after a
 * definite answer. An action is named by the caller (`pay:<invoice id>`,
 * `top-up`); its inputs are what the request sends.
 */
export class IntentKeys {
  #intents = new Map<string, { inputs: string; key: string }>();

  /** The key for this action with these inputs: kept until the action has a definite answer. */
  keyFor(action: string, inputs: unknown = null): string {
    const fingerprint = stableJson(inputs);
    const current = this.#intents.get(action);
    if (current && current.inputs === fingerprint) return current.key;
    const key = crypto.randomUUID();
    this.#intents.set(action, { inputs: fingerprint, key });
    return key;
  }

  /** Sends an action's request under its key; a definite answer ends the intent, anything else keeps the key for the retry. */
  async send<T>(action: string, inputs: unknown, request: (idempotencyKey: string) => Promise<T>): Promise<T> {
    const key = this.keyFor(action, inputs);
    try {
      const answer = await request(key);
      this.#forget(action, key);
      return answer;
    } catch (error) {
      if (isDefiniteFailure(error)) this.#forget(action, key);
      throw error;
    }
  }

  // Only the key that was answered: a newer attempt with other inputs keeps its own.
  #forget(action: string, key: string): void {
    if (this.#intents.get(action)?.key === key) this.#intents.delete(action);
  }
}

/** JSON with object keys sorted, so the same inputs always give the same fingerprint. */
function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
