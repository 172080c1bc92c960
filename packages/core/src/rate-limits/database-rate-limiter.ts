import { and, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { createRequire } from "node:module";
import { RateLimiterRes, type RateLimiterStoreAbstract as StoreAbstract } from "rate-limiter-flexible";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/open.ts";
import { rateLimits } from "../db/schema/index.ts";

export { RateLimiterRes };

// The store base class is declared by the package's types but not exported by its entry point.
const RateLimiterStoreAbstract = createRequire(import.meta.url)("rate-limiter-flexible/lib/RateLimiterStoreAbstract.js") as typeof StoreAbstract;

interface StoredLimit {
  points: number;
  expire: Date | null;
}

export interface DatabaseRateLimiterOptions {
  db: Database;
  clock: Clock;
  /** Names the limiter; keys are stored as `<keyPrefix>:<key>`. */
  keyPrefix: string;
  /** Points per window... */
  points: number;
  /** ...of this many seconds. */
  duration: number;
}

/**
 * A rate-limiter-flexible store on Billfront's own database (PostgreSQL or
 * PGlite, through drizzle), so limits hold across BFF processes. Its bundled
 * Postgres store wants a `pg` client and its Drizzle store reads `Date.now()`;
 * this one counts on the injected clock, so tests can move time and a sandbox
 * behaves like production. One atomic upsert per consume: a window that has
 * ended starts again at the points consumed.
 */
export class DatabaseRateLimiter extends RateLimiterStoreAbstract {
  readonly #db: Database;
  readonly #clock: Clock;

  constructor(options: DatabaseRateLimiterOptions) {
    super({ storeClient: options.db, keyPrefix: options.keyPrefix, points: options.points, duration: options.duration });
    this.#db = options.db;
    this.#clock = options.clock;
  }

  // The store methods rate-limiter-flexible calls (not in its type declarations).

  /** Removes windows that ended more than an hour ago (run by a job or at start; rows are tiny). */
  async deleteExpired(): Promise<number> {
    const cutoff = new Date(this.#clock.now().getTime() - 3_600_000);
    const rows = await this.#db.delete(rateLimits).where(lt(rateLimits.expire, cutoff)).returning({ key: rateLimits.key });
    return rows.length;
  }

  _getRateLimiterRes(_rlKey: string, changedPoints: number, stored: StoredLimit): RateLimiterRes {
    const msBeforeNext = stored.expire ? Math.max(stored.expire.getTime() - this.#clock.now().getTime(), 0) : -1;
    return new RateLimiterRes(Math.max(this.points - stored.points, 0), msBeforeNext, stored.points, stored.points === changedPoints);
  }

  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<StoredLimit> {
    const now = this.#clock.now();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const ended = sql`${rateLimits.expire} is not null and ${rateLimits.expire} <= ${now.toISOString()}::timestamptz`;
    const nextExpire = expire ? sql`${expire.toISOString()}::timestamptz` : sql`null`;
    const [row] = await this.#db
      .insert(rateLimits)
      .values({ key: rlKey, points, expire })
      .onConflictDoUpdate({
        target: rateLimits.key,
        set: forceExpire
          ? { points, expire }
          : {
              points: sql`case when ${ended} then ${points} else ${rateLimits.points} + ${points} end`,
              expire: sql`case when ${ended} then ${nextExpire} else ${rateLimits.expire} end`,
            },
      })
      .returning({ points: rateLimits.points, expire: rateLimits.expire });
    return row!;
  }

  async _get(rlKey: string): Promise<StoredLimit | null> {
    const now = this.#clock.now();
    const [row] = await this.#db
      .select({ points: rateLimits.points, expire: rateLimits.expire })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, rlKey), or(isNull(rateLimits.expire), gt(rateLimits.expire, now))))
      .limit(1);
    return row ?? null;
  }

  async _delete(rlKey: string): Promise<boolean> {
    const rows = await this.#db.delete(rateLimits).where(eq(rateLimits.key, rlKey)).returning({ key: rateLimits.key });
    return rows.length > 0;
  }
}
