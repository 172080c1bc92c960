import { afterAll, describe, expect, it } from "vitest";
import { createTestContext } from "../testing/fixtures.ts";
import { openDatabase } from "../db/open.ts";
import { RateLimiterRes } from "rate-limiter-flexible";
import { DatabaseRateLimiter } from "./database-rate-limiter.ts";

describe("DatabaseRateLimiter (rate-limiter-flexible on the shared database)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const limiter = (db = ctx.db) => new DatabaseRateLimiter({ db, clock: ctx.clock, keyPrefix: "test", points: 3, duration: 60 });

  it("counts one window across limiter instances (and, on PostgreSQL, across connections), on the injected clock", async () => {
    // A second connection stands for a second BFF process; PGlite has one connection, so it shares the handle.
    const second = ctx.handle.url ? await openDatabase({ url: ctx.handle.url, migrate: false }) : undefined;
    try {
      const a = limiter();
      const b = limiter(second?.db ?? ctx.db);
      await a.consume("k");
      await b.consume("k");
      const third = await a.consume("k");
      expect(third).toMatchObject({ consumedPoints: 3, remainingPoints: 0, msBeforeNext: 60_000 });
      const refused = await b.consume("k").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RateLimiterRes);
      expect((refused as RateLimiterRes).msBeforeNext).toBe(60_000);
      ctx.clock.advance({ seconds: 20 });
      expect(((await a.get("k")) as RateLimiterRes).msBeforeNext).toBe(40_000);
      ctx.clock.advance({ seconds: 40 });
      // The window ended: it starts again at the points consumed.
      expect(await b.consume("k")).toMatchObject({ consumedPoints: 1, remainingPoints: 2 });
      expect(await a.get("other")).toBeNull();
    } finally {
      await second?.close();
    }
  });

  it("penalty counts without refusing; delete and deleteExpired clear keys", async () => {
    const l = limiter();
    for (let i = 0; i < 5; i++) await l.penalty("p");
    expect(await l.get("p")).toMatchObject({ consumedPoints: 5 });
    expect(await l.delete("p")).toBe(true);
    expect(await l.get("p")).toBeNull();
    await l.consume("old");
    ctx.clock.advance({ hours: 2 });
    expect(await l.deleteExpired()).toBeGreaterThanOrEqual(1);
  });

  it("20 concurrent consumes of 3 points let exactly 3 through (one atomic upsert each)", async () => {
    const l = limiter();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => l.consume("race")));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
  });
});
