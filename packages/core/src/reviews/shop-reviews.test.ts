import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "../customers/create-customer.ts";
import { deleteCustomer } from "../customers/delete-customer.ts";
import { auditLog } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { getOwnShopReview, listShopReviews, submitShopReview } from "./shop-reviews.ts";

describe("customers review the shop (Zoho seed: customer reviews, visible only to the shop)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx, { email: "elsewhere@example.com" });
  await setMerchantSettings(ctx, shop.merchantId, { shopReviews: true });
  await setMerchantSettings(ctx, other.merchantId, { shopReviews: true });
  const me = { merchantId: shop.merchantId, customerId: shop.customerId };

  it("takes one review per customer, which they may change; the shop lists them latest first", async () => {
    expect(await getOwnShopReview(ctx, me)).toEqual({ review: null });
    const first = await submitShopReview(ctx, me, { rating: 3, comment: "  Slow delivery  " });
    expect(first).toMatchObject({ rating: 3, comment: "Slow delivery" });
    ctx.clock.advance({ days: 1 });
    const changed = await submitShopReview(ctx, me, { rating: 5, comment: "" });
    expect(changed).toMatchObject({ id: first.id, rating: 5, comment: null });
    expect((await getOwnShopReview(ctx, me)).review).toMatchObject({ id: first.id, rating: 5 });
    ctx.clock.advance({ hours: 1 });
    const second = await createCustomer(ctx, shop.merchantId, { email: "second@example.com", name: "Second" });
    await submitShopReview(ctx, { merchantId: shop.merchantId, customerId: second.id }, { rating: 2, comment: "Too pricey" });
    const page = await listShopReviews(ctx, shop.merchantId);
    expect(page.data.map((r) => [r.customer.email, r.rating])).toEqual([["second@example.com", 2], [expect.any(String), 5]]);
    expect((await listShopReviews(ctx, shop.merchantId, { rating: 2 })).data).toHaveLength(1);
    const one = await listShopReviews(ctx, shop.merchantId, { limit: 1 });
    expect((await listShopReviews(ctx, shop.merchantId, { limit: 1, cursor: one.next_cursor! })).data[0]!.id).toBe(first.id);
    // Another shop sees none of them; its own customer's review is its own.
    expect((await listShopReviews(ctx, other.merchantId)).data).toEqual([]);
    expect((await getOwnShopReview(ctx, { merchantId: shop.merchantId, customerId: second.id })).review?.comment).toBe("Too pricey");
    const actions = (await ctx.db.select().from(auditLog).where(eq(auditLog.customerId, shop.customerId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["review.submitted", "review.updated"]));
  });

  it("refuses while the setting is off, and refuses a rating outside 1–5", async () => {
    await expect(submitShopReview(ctx, me, { rating: 6 })).rejects.toMatchObject({ code: "invalid_rating" });
    await expect(submitShopReview(ctx, me, { rating: 4, comment: "x".repeat(2001) })).rejects.toMatchObject({ code: "review_comment_too_long" });
    await setMerchantSettings(ctx, shop.merchantId, { shopReviews: false });
    await expect(submitShopReview(ctx, me, { rating: 4 })).rejects.toMatchObject({ type: "forbidden", code: "reviews_disabled" });
    await expect(getOwnShopReview(ctx, me)).rejects.toMatchObject({ code: "reviews_disabled" });
    await setMerchantSettings(ctx, shop.merchantId, { shopReviews: true });
  });

  it("forgets a deleted customer's comment and keeps the stars", async () => {
    const gone = await createCustomer(ctx, shop.merchantId, { email: "gone@example.com" });
    await submitShopReview(ctx, { merchantId: shop.merchantId, customerId: gone.id }, { rating: 1, comment: "My name is Gone" });
    await deleteCustomer(ctx, shop.merchantId, gone.id);
    const row = (await listShopReviews(ctx, shop.merchantId)).data.find((r) => r.customer.id === gone.id);
    expect([row?.rating, row?.comment]).toEqual([1, null]);
  });
});
