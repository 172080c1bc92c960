import { describe, expect, it } from "vitest";
import { INTENT_KEYS_SCRIPT } from "./intent-keys-script.ts";

interface IntentKeys {
  keyFor(action: string, inputs: unknown): string;
  settle(action: string, key: string, status: number, code?: string): void;
}

/** The exact script the hosted checkout inlines, run against an in-memory sessionStorage. */
function load() {
  const data = new Map<string, string>();
  const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), removeItem: (k: string) => void data.delete(k) };
  const make = new Function(`${INTENT_KEYS_SCRIPT}; return { intentKeys, isDefiniteAnswer };`)() as {
    intentKeys: (s: typeof storage) => IntentKeys;
    isDefiniteAnswer: (status: number, code?: string) => boolean;
  };
  return { ...make, storage, reopen: () => make.intentKeys(storage) };
}

describe("the hosted checkout's idempotency keys follow the widgets' policy (O7, R8)", () => {
  it("pays again with the same key after a network failure, a 5xx or a payment still running, even after a reload", () => {
    const { reopen } = load();
    let intents = reopen();
    const key = intents.keyFor("pay:doc_1", { payment_method: "pm_1" });
    for (const [status, code] of [[0, undefined], [502, "gateway_error"], [409, "idempotency_request_in_progress"], [401, "session_expired"]] as const) {
      intents.settle("pay:doc_1", key, status, code);
      intents = reopen(); // a reload of the page
      expect(intents.keyFor("pay:doc_1", { payment_method: "pm_1" })).toBe(key);
    }
  });

  it("takes a new key after a definite answer (paid, declined, refused) and when the card changes", () => {
    const { reopen } = load();
    const intents = reopen();
    const first = intents.keyFor("pay:doc_1", { payment_method: "pm_1" });
    intents.settle("pay:doc_1", first, 201);
    const second = intents.keyFor("pay:doc_1", { payment_method: "pm_1" });
    expect(second).not.toBe(first);
    intents.settle("pay:doc_1", second, 409, "payment_pending");
    const third = intents.keyFor("pay:doc_1", { payment_method: "pm_1" });
    expect(third).not.toBe(second);
    expect(intents.keyFor("pay:doc_1", { payment_method: "pm_2" })).not.toBe(third);
  });

  it("counts the same answers as definite as the widgets do", () => {
    const { isDefiniteAnswer } = load();
    expect([200, 201, 400, 402, 403, 404, 409, 422].every((s) => isDefiniteAnswer(s, "x"))).toBe(true);
    expect([0, 401, 408, 429, 500, 502].some((s) => isDefiniteAnswer(s, "x"))).toBe(false);
    expect(isDefiniteAnswer(409, "idempotency_request_in_progress")).toBe(false);
  });
});
