import { and, like, desc, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog, customers, outboxMessages } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { confirmEmailChange } from "./confirm-email-change.ts";
import { createCustomer } from "./create-customer.ts";
import { updateAccount } from "./update-account.ts";

describe("confirming a new e-mail address with the code sent to it (A3)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  /** A customer who asked to move to `to`, and the code that was mailed there. */
  async function requested(to = "ada@new.example") {
    const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
    const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
    // Each request is a minute after the last one anywhere, so the resend pause never gets in the way here.
    ctx.clock.advance({ minutes: 1 });
    await updateAccount(ctx, scope, { email: to });
    return { scope, code: await lastCode(scope) };
  }
  async function lastCode(scope: { merchantId: string; customerId: string }) {
    const [mail] = await ctx.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.merchantId, scope.merchantId), eq(outboxMessages.customerId, scope.customerId), eq(outboxMessages.template, "email_change_code")))
      .orderBy(desc(outboxMessages.createdAt))
      .limit(1);
    return /\n(\d{6})\n/.exec(mail!.body)![1]!;
  }
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");
  const row = async (scope: { customerId: string }) => (await ctx.db.select().from(customers).where(eq(customers.id, scope.customerId)))[0]!;

  it("swaps the address when the code is right, and records it", async () => {
    const { scope, code } = await requested();
    const account = await confirmEmailChange(ctx, scope, code);
    expect(account.fields.email).toMatchObject({ value: "ada@new.example", pending: null });
    expect(await row(scope)).toMatchObject({ email: "ada@new.example", pendingEmail: null, emailCodeHash: null, emailCodeAttempts: 0 });
    const actions = (await ctx.db.select().from(auditLog).where(and(eq(auditLog.merchantId, scope.merchantId), like(auditLog.action, "account.%")))).map((a) => a.action);
    // No ORDER BY (PostgreSQL returns rows in any order): compare as a set.
    expect(actions.sort()).toEqual(["account.email_changed", "account.updated"]);
    // The code is used up.
    await expect(confirmEmailChange(ctx, scope, code)).rejects.toMatchObject({ type: "conflict", code: "email_change_not_pending" });
  });

  it("refuses a wrong code and counts it; after five wrong tries even the right code is dead", async () => {
    const { scope, code } = await requested();
    for (let left = 4; left >= 0; left--) {
      await expect(confirmEmailChange(ctx, scope, wrong(code))).rejects.toMatchObject({ type: "invalid", code: "email_code_invalid", details: { attempts_left: left } });
    }
    expect(await row(scope)).toMatchObject({ email: "ada@example.com", emailCodeAttempts: 5 });
    await expect(confirmEmailChange(ctx, scope, code)).rejects.toMatchObject({ type: "forbidden", code: "too_many_attempts" });
    expect((await row(scope)).email).toBe("ada@example.com");
    // A new code starts a fresh count.
    ctx.clock.advance({ minutes: 1 });
    await updateAccount(ctx, scope, { email: "ada@new.example" });
    await expect(confirmEmailChange(ctx, scope, await lastCode(scope))).resolves.toMatchObject({ fields: { email: { value: "ada@new.example" } } });
  });

  it("counts five wrong tries sent at once as five, never more", async () => {
    const { scope, code } = await requested();
    const tries = await Promise.allSettled(Array.from({ length: 7 }, () => confirmEmailChange(ctx, scope, wrong(code))));
    const codes = tries.map((t) => (t.status === "rejected" ? (t.reason as { code: string }).code : "accepted"));
    expect(codes.filter((c) => c === "email_code_invalid")).toHaveLength(5);
    expect(codes.filter((c) => c === "too_many_attempts")).toHaveLength(2);
    expect((await row(scope)).emailCodeAttempts).toBe(5);
  });

  it("refuses a code after its 15 minutes on the injected clock", async () => {
    const { scope, code } = await requested();
    ctx.clock.advance({ minutes: 14, seconds: 59 });
    const almost = await row(scope);
    expect(almost.pendingEmail).toBe("ada@new.example");
    ctx.clock.advance({ seconds: 1 });
    await expect(confirmEmailChange(ctx, scope, code)).rejects.toMatchObject({ type: "invalid", code: "email_code_expired" });
    expect((await row(scope)).email).toBe("ada@example.com");
  });

  it("refuses an address another customer of the shop has (409 email_taken) only at confirmation, and drops the change", async () => {
    const { scope, code } = await requested("Bob@Example.com");
    // Asking did not reveal it; by now another customer has the address (any case).
    await createCustomer(ctx, scope.merchantId, { email: "bob@example.com" });
    await expect(confirmEmailChange(ctx, scope, code)).rejects.toMatchObject({ type: "conflict", code: "email_taken" });
    expect(await row(scope)).toMatchObject({ email: "ada@example.com", pendingEmail: null });
  });

  it("takes an address a customer of another shop has", async () => {
    const other = await createMerchantWithCustomer(ctx, { email: "shared@example.com" });
    const { scope, code } = await requested("shared@example.com");
    expect(other.merchantId).not.toBe(scope.merchantId);
    await expect(confirmEmailChange(ctx, scope, code)).resolves.toMatchObject({ fields: { email: { value: "shared@example.com" } } });
  });

  it("refuses when the shop made the e-mail read-only after the request, and for another shop's customer", async () => {
    const { scope, code } = await requested();
    const stranger = await createMerchantWithCustomer(ctx);
    await expect(confirmEmailChange(ctx, { merchantId: stranger.merchantId, customerId: scope.customerId }, code)).rejects.toMatchObject({ code: "customer_not_found" });
    await setMerchantSettings(ctx, scope.merchantId, { customerFields: { email: "read_only" } });
    await expect(confirmEmailChange(ctx, scope, code)).rejects.toMatchObject({ type: "forbidden", code: "field_not_editable" });
    expect((await row(scope)).email).toBe("ada@example.com");
  });
});
