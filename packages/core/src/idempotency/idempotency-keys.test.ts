import { afterAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { beginIdempotentRequest, completeIdempotentRequest, IDEMPOTENCY_LEASE_MS, releaseIdempotentRequest, renewIdempotentLease } from "./idempotency-keys.ts";

describe("idempotency keys that survive a crashed request (R8)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  let n = 0;
  const ref = () => ({ merchantId: shop.merchantId, caller: `customer:${shop.customerId}`, key: `key-${++n}` });
  const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as DomainError);

  it("tells a retry to wait, with how long, while the first request holds its lease", async () => {
    const key = ref();
    await beginIdempotentRequest(ctx, key, "h");
    ctx.clock.advance({ seconds: 10 });
    const error = await refusal(beginIdempotentRequest(ctx, key, "h"));
    expect(error).toMatchObject({ code: "idempotency_request_in_progress", details: { retry_after_seconds: IDEMPOTENCY_LEASE_MS / 1000 - 10 } });
  });

  it("lets the retry run once the first request died and its lease lapsed, instead of 409 for a day", async () => {
    const key = ref();
    const dead = await beginIdempotentRequest(ctx, key, "h");
    ctx.clock.advance({ ms: IDEMPOTENCY_LEASE_MS + 1 });
    const retry = await beginIdempotentRequest(ctx, key, "h");
    expect(retry).toMatchObject({ state: "new", takenOver: true });
    // The dead request, should it wake up, can no longer answer for the key.
    if (dead.state !== "new" || retry.state !== "new") throw new Error("both claims expected");
    expect(await renewIdempotentLease(ctx, key, dead.claim)).toBe(false);
    await completeIdempotentRequest(ctx, key, dead.claim, 201, { from: "dead" });
    await releaseIdempotentRequest(ctx, key, dead.claim);
    await completeIdempotentRequest(ctx, key, retry.claim, 201, { from: "retry" });
    expect(await beginIdempotentRequest(ctx, key, "h")).toEqual({ state: "replay", status: 201, body: { from: "retry" } });
  });

  it("keeps a long request's key while it renews its lease", async () => {
    const key = ref();
    const start = await beginIdempotentRequest(ctx, key, "h");
    if (start.state !== "new") throw new Error("claim expected");
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance({ ms: IDEMPOTENCY_LEASE_MS / 2 });
      expect(await renewIdempotentLease(ctx, key, start.claim)).toBe(true);
    }
    expect(await refusal(beginIdempotentRequest(ctx, key, "h"))).toMatchObject({ code: "idempotency_request_in_progress" });
  });

  it("never takes over a key for a different body, lapsed lease or not", async () => {
    const key = ref();
    await beginIdempotentRequest(ctx, key, "h");
    ctx.clock.advance({ ms: IDEMPOTENCY_LEASE_MS + 1 });
    expect(await refusal(beginIdempotentRequest(ctx, key, "other"))).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("gives a lapsed key to exactly one of two racing retries", async () => {
    const key = ref();
    await beginIdempotentRequest(ctx, key, "h");
    ctx.clock.advance({ ms: IDEMPOTENCY_LEASE_MS + 1 });
    const outcomes = await Promise.all([beginIdempotentRequest(ctx, key, "h").catch((e: DomainError) => e.code), beginIdempotentRequest(ctx, key, "h").catch((e: DomainError) => e.code)]);
    expect(outcomes.filter((o) => typeof o === "object" && o.state === "new")).toHaveLength(1);
    expect(outcomes).toContain("idempotency_request_in_progress");
  });

  it("frees a released key for a corrected request with the same key", async () => {
    const key = ref();
    const start = await beginIdempotentRequest(ctx, key, "bad body");
    if (start.state !== "new") throw new Error("claim expected");
    await releaseIdempotentRequest(ctx, key, start.claim);
    expect(await beginIdempotentRequest(ctx, key, "good body")).toMatchObject({ state: "new", takenOver: false });
  });
});
