import { afterAll, describe, expect, it } from "vitest";
import { authenticateApiKey } from "./authenticate-api-key.ts";
import { createMerchant } from "./create-merchant.ts";
import { apiKeys } from "../db/schema/index.ts";
import { hashApiKey } from "./api-keys.ts";
import { createTestContext } from "../testing/index.ts";

describe("authenticateApiKey", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());

  it("finds the merchant by key and stores only a hash of it", async () => {
    const { merchantId, secretKey } = await createMerchant(ctx, { name: "Shop", allowedOrigins: ["https://Shop.example:443/"] });
    expect(secretKey).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
    await expect(authenticateApiKey(ctx, secretKey)).resolves.toMatchObject({ id: merchantId, allowedOrigins: ["https://shop.example"] });
    const stored = await ctx.db.select().from(apiKeys);
    expect(stored.map((k) => k.hash)).toContain(hashApiKey(secretKey));
    expect(JSON.stringify(stored)).not.toContain(secretKey);
  });

  it.each([undefined, "", "sk_test_short", `sk_test_${"a".repeat(32)}`])("rejects %o with invalid_api_key", async (key) => {
    await expect(authenticateApiKey(ctx, key)).rejects.toMatchObject({ type: "unauthenticated", code: "invalid_api_key" });
  });
});
