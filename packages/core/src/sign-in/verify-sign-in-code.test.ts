import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { customers, outboxMessages, portalSessions, signInCodes } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { advanceTestClock, createTestClock } from "../subscriptions/test-clocks.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/fixtures.ts";
import { requestSignInCode } from "./request-sign-in-code.ts";
import { verifySignInCode } from "./verify-sign-in-code.ts";

describe("self sign-in codes in core (P4)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const signLink = async (link: { codeId: string }) => `https://billing.example/links#${link.codeId}`;
  const codeOf = async (customerId: string) => {
    const mails = await ctx.db.select().from(outboxMessages).where(and(eq(outboxMessages.customerId, customerId), eq(outboxMessages.template, "sign_in_code")));
    const live = await ctx.db.select().from(signInCodes).where(eq(signInCodes.customerId, customerId));
    const current = live.find((c) => !c.endedAt)!;
    return mails.find((m) => m.subjectId === current.id)!.body.match(/\b(\d{6})\b/)![1]!;
  };

  it("a code lives 15 minutes on the customer's test clock, not the wall clock", async () => {
    const shop = await createMerchantWithCustomer(ctx, { email: "clocked@example.com" });
    await setMerchantSettings(ctx, shop.merchantId, { selfSignIn: true });
    const clock = await createTestClock(ctx, shop.merchantId, { name: "sign-in", frozenAt: new Date("2030-01-01T00:00:00Z") });
    await ctx.db.update(customers).set({ testClockId: clock.id }).where(eq(customers.id, shop.customerId));
    await requestSignInCode(ctx, { merchantId: shop.merchantId, email: "clocked@example.com" }, signLink);
    const [row] = await ctx.db.select().from(signInCodes).where(eq(signInCodes.customerId, shop.customerId));
    expect(row!.expiresAt.toISOString()).toBe("2030-01-01T00:15:00.000Z");
    // Wall time moving does not expire it; the customer's clock does.
    ctx.clock.advance({ hours: 2 });
    const code = await codeOf(shop.customerId);
    await advanceTestClock(ctx, shop.merchantId, { clockId: clock.id, to: new Date("2030-01-01T00:15:00Z") });
    await expect(verifySignInCode(ctx, { merchantId: shop.merchantId, email: "clocked@example.com", code })).rejects.toMatchObject({ code: "sign_in_code_expired" });
  });

  it("10 concurrent verifications of the right code open exactly one session", async () => {
    const shop = await createMerchantWithCustomer(ctx, { email: "race@example.com" });
    await setMerchantSettings(ctx, shop.merchantId, { selfSignIn: true });
    await requestSignInCode(ctx, { merchantId: shop.merchantId, email: "race@example.com" }, signLink);
    const code = await codeOf(shop.customerId);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => verifySignInCode(ctx, { merchantId: shop.merchantId, email: "race@example.com", code })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "sign_in_code_invalid")).toBe(true);
    expect(await ctx.db.select().from(portalSessions).where(eq(portalSessions.customerId, shop.customerId))).toHaveLength(1);
  });

  it("another shop's customer with the same address is not signed in (tenancy)", async () => {
    const a = await createMerchantWithCustomer(ctx, { email: "twin@example.com" });
    const b = await createMerchantWithCustomer(ctx, { email: "twin@example.com" });
    await setMerchantSettings(ctx, a.merchantId, { selfSignIn: true });
    await setMerchantSettings(ctx, b.merchantId, { selfSignIn: true });
    await requestSignInCode(ctx, { merchantId: a.merchantId, email: "twin@example.com" }, signLink);
    const code = await codeOf(a.customerId);
    await expect(verifySignInCode(ctx, { merchantId: b.merchantId, email: "twin@example.com", code })).rejects.toMatchObject({ code: "sign_in_code_invalid" });
    const ok = await verifySignInCode(ctx, { merchantId: a.merchantId, email: "twin@example.com", code });
    expect(ok).toMatchObject({ kind: "session", session: { customer: a.customerId } });
  });
});
