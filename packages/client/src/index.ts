import type { AppType } from "@billfront/bff/app";
import { hc } from "hono/client";

export type { AppType };

export interface BillfrontClientOptions {
  /** Where the Billfront BFF is reachable, e.g. `https://billing.example.com`. */
  baseUrl: string;
  /** The merchant's secret API key (`sk_...`) or a staff token (`st_...`). Server-side only: never ship it to a browser. */
  secretKey: string;
  /** A fetch of your own (tests, proxies); the global fetch by default. */
  fetch?: typeof globalThis.fetch;
  /** Extra headers sent with every request (the Authorization header is always the secret key). */
  headers?: Record<string, string>;
}

/** The merchant API with its routes' types: `client.v1.customers.$post({ json: {...} })`. */
export type BillfrontClient = ReturnType<typeof hc<AppType>>;

/**
 * A typed client for the merchant API (`/v1/*`). Every call sends
 * `Authorization: Bearer <secretKey>`; money-moving calls take an
 * `Idempotency-Key` header per call: `$post({ json }, { headers: { "Idempotency-Key": key } })`.
 */
export function createBillfrontClient(options: BillfrontClientOptions): BillfrontClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  return hc<AppType>(baseUrl, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: () => ({ ...options.headers, Authorization: `Bearer ${options.secretKey}` }),
  });
}
