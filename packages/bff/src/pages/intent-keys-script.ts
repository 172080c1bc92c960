/**
 * The widgets' Idempotency-Key policy (packages/widgets/src/idempotency.ts) for
 * the hosted pages, whose inline scripts load no modules: one key per intended
 * action, the same across retries until a definite answer, a fresh one when the
 * action's inputs change or after a definite answer (R8). The same rules, written
 * again in plain JS; keys live in sessionStorage so a reload of the page retries
 * with the same key too. Definite: a 2xx, or a 4xx other than 401, 408, 429 and
 * 409 `idempotency_request_in_progress`. Not definite: a network failure (status
 * 0), a 5xx, and those.
 */
export const INTENT_KEYS_SCRIPT = `
  const isDefiniteAnswer = (status, code) =>
    (status >= 200 && status < 300) || (status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429 && code !== "idempotency_request_in_progress");
  const intentKeys = (storage) => {
    const slot = (action) => "billfront-intent:" + action;
    const read = (action) => { try { return JSON.parse(storage.getItem(slot(action)) || "null"); } catch { return null; } };
    return {
      keyFor(action, inputs) {
        const fingerprint = JSON.stringify(inputs === undefined ? null : inputs);
        const current = read(action);
        if (current && current.inputs === fingerprint) return current.key;
        const key = crypto.randomUUID();
        storage.setItem(slot(action), JSON.stringify({ inputs: fingerprint, key }));
        return key;
      },
      settle(action, key, status, code) {
        const current = read(action);
        if (current && current.key === key && isDefiniteAnswer(status, code)) storage.removeItem(slot(action));
      },
    };
  };
`;
