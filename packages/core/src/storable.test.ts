import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "./customers/create-customer.ts";
import { createMerchant } from "./merchants/create-merchant.ts";
import { findUnstorableText, isUnstorableText } from "./storable.ts";
import { createTestContext } from "./testing/fixtures.ts";

describe("text the database cannot store", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  it("finds NUL and unpaired surrogates, and lets paired ones (emoji) through", () => {
    expect(["a\u0000b", "\ud800", "x\udc00", "\ud83d"].map(isUnstorableText)).toEqual([true, true, true, true]);
    expect(["Zoë", "☕ 😀", ""].map(isUnstorableText)).toEqual([false, false, false]);
    expect(findUnstorableText({ items: [{ description: "ok" }, { description: "b\u0000" }] })).toBe("items.1.description");
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toBe("k\u0000");
  });

  it("a direct core caller naming a customer with a NUL gets invalid_characters, not a database error", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Shop", allowedOrigins: [] });
    await expect(createCustomer(ctx, merchantId, { email: "jane@example.com", name: "Jane\u0000" })).rejects.toMatchObject({ code: "invalid_characters", details: { field: "name" } });
  });
});
