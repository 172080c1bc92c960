import { DatabaseRateLimiter, RateLimiterRes, loggableError } from "@billfront/core/server";
import { createHash } from "node:crypto";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "./problem.ts";

/** Points per window (seconds) of each limit. */
export const LIMITS = {
  /** Sign-in codes asked for one address of one shop... */
  signInPerAddress: { points: 5, duration: 15 * 60 },
  /** ...and from one IP, whatever the address. */
  signInPerIp: { points: 20, duration: 15 * 60 },
  /** Codes typed for one address (each code also dies after five wrong tries)... */
  verifyPerAddress: { points: 10, duration: 15 * 60 },
  /** ...and from one IP. */
  verifyPerIp: { points: 40, duration: 15 * 60 },
  /** MFA answers of the sign-in MFA step from one IP. */
  mfaPerIp: { points: 30, duration: 15 * 60 },
  /** TOTP checks of one portal session (confirming or turning off MFA). */
  mfaPerSession: { points: 10, duration: 15 * 60 },
  /** Link exchanges (POST /links) from one IP. */
  linkExchangePerIp: { points: 60, duration: 15 * 60 },
  /** Failed API-key and session authentications from one IP; successes cost nothing. */
  authFailuresPerIp: { points: 30, duration: 5 * 60 },
  /** Cards saved through one session... */
  cardsPerSession: { points: 5, duration: 60 * 60 },
  /** ...and for one customer, over all their sessions. */
  cardsPerCustomer: { points: 20, duration: 24 * 60 * 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

/** 429 `rate_limited` with `Retry-After`. */
export class RateLimitedError extends ProblemError {
  constructor(retryAfterSeconds: number) {
    super(429, "rate_limited", `Too many requests; try again in ${retryAfterSeconds} seconds.`, { "Retry-After": String(retryAfterSeconds) });
  }
}

/**
 * The BFF's abuse limits, counted in the shared database (rate-limiter-flexible
 * on a store over drizzle), so they hold across processes. Keys are hashed:
 * no address or IP is stored in clear.
 *
 * When the limiter itself fails (the database refuses), requests go through
 * (fail open) and one line is logged with the limiter's name and the error
 * class only: a customer never gets a 500 for a counter, and the per-code
 * attempt limits in core still hold.
 */
export class RateLimits {
  readonly #limiters = new Map<LimitName, DatabaseRateLimiter>();
  readonly #log: (line: string) => void;

  constructor(deps: AppDeps) {
    this.#log = deps.errorLog ?? ((line) => console.error(line));
    for (const [name, spec] of Object.entries(LIMITS) as [LimitName, (typeof LIMITS)[LimitName]][]) {
      this.#limiters.set(name, new DatabaseRateLimiter({ db: deps.core.db, clock: deps.core.clock, keyPrefix: name, ...spec }));
    }
  }

  /** Counts one request against `name` for `key`; throws 429 once the window's points are used. */
  async consume(name: LimitName, key: string): Promise<void> {
    try {
      await this.#limiter(name).consume(hashKey(key));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(error));
      this.#failOpen(name, error);
    }
  }

  /** Throws 429 if `key` has already used up `name` (counting failures only: see `recordFailure`). */
  async assertNotExhausted(name: LimitName, key: string): Promise<void> {
    try {
      const res = await this.#limiter(name).get(hashKey(key));
      if (res && res.consumedPoints >= LIMITS[name].points) throw new RateLimitedError(retryAfter(res));
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      this.#failOpen(name, error);
    }
  }

  /** Counts one failure (a wrong key or session) against `name` for `key`. */
  async recordFailure(name: LimitName, key: string): Promise<void> {
    try {
      await this.#limiter(name).penalty(hashKey(key));
    } catch (error) {
      this.#failOpen(name, error);
    }
  }

  /** Deletes windows that ended over an hour ago (every limiter's: they share one table). */
  async prune(): Promise<void> {
    try {
      await this.#limiter("authFailuresPerIp").deleteExpired();
    } catch (error) {
      this.#failOpen("authFailuresPerIp", error);
    }
  }

  #limiter(name: LimitName): DatabaseRateLimiter {
    return this.#limiters.get(name)!;
  }

  #failOpen(name: LimitName, error: unknown): void {
    this.#log(JSON.stringify({ level: "warn", code: "rate_limiter_unavailable", limiter: name, ...loggableError(error) }));
  }
}

const cache = new WeakMap<AppDeps, RateLimits>();

/** The limits of one app (one set of limiters per deps). */
export function rateLimits(deps: AppDeps): RateLimits {
  let limits = cache.get(deps);
  if (!limits) cache.set(deps, (limits = new RateLimits(deps)));
  return limits;
}

function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 32);
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
