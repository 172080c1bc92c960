import { and, eq } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, shopReviews } from "../db/schema/index.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { pageOrder, pageWhere, toPage, type Page } from "../pagination.ts";
import type { MerchantReviewView, ShopReviewView } from "./views.ts";

export type { MerchantReviewView, ShopReviewView };

/** Longest comment kept, in characters. */
export const MAX_REVIEW_COMMENT = 2000;

type ReviewRow = typeof shopReviews.$inferSelect;

function toView(row: ReviewRow): ShopReviewView {
  return { id: row.id, rating: row.rating, comment: row.comment, created_at: row.createdAt.toISOString(), updated_at: row.updatedAt.toISOString() };
}

async function assertReviewsOn(ctx: CoreContext, scope: PortalScope): Promise<void> {
  if (!(await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId)).shopReviews) {
    throw new DomainError("forbidden", "reviews_disabled", "This shop does not take reviews here.");
  }
}

/**
 * A customer rates the shop, 1–5 stars with an optional comment (Zoho "customer
 * reviews", setting `shopReviews`). One review per customer: sending again
 * changes it. Only the shop's staff read it (`GET /v1/reviews`).
 */
export async function submitShopReview(ctx: CoreContext, scope: PortalScope, input: { rating: number; comment?: string | null | undefined }): Promise<ShopReviewView> {
  await assertReviewsOn(ctx, scope);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw new DomainError("invalid", "invalid_rating", "Choose from 1 to 5 stars.");
  const comment = input.comment?.trim() ? input.comment.trim() : null;
  if (comment && comment.length > MAX_REVIEW_COMMENT) throw new DomainError("invalid", "review_comment_too_long", `Keep the comment under ${MAX_REVIEW_COMMENT} characters.`);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [earlier] = await tx
      .select()
      .from(shopReviews)
      .where(and(eq(shopReviews.merchantId, scope.merchantId), eq(shopReviews.customerId, scope.customerId)))
      .for("no key update");
    // The unique (merchant, customer) index settles two first reviews sent at once: the later one updates.
    const [row] = await tx
      .insert(shopReviews)
      .values({ id: newId("rev"), merchantId: scope.merchantId, customerId: scope.customerId, rating: input.rating, comment, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [shopReviews.merchantId, shopReviews.customerId], set: { rating: input.rating, comment, updatedAt: now } })
      .returning();
    await recordAction(tx, ctx, {
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      action: earlier ? "review.updated" : "review.submitted",
      subjectId: row!.id,
      details: { rating: input.rating, ...(earlier ? { previous_rating: earlier.rating } : {}), has_comment: comment !== null },
    });
    return toView(row!);
  });
}

/** The customer's own review, or null before they wrote one. */
export async function getOwnShopReview(ctx: CoreContext, scope: PortalScope): Promise<{ review: ShopReviewView | null }> {
  await assertReviewsOn(ctx, scope);
  const [row] = await ctx.db.select().from(shopReviews).where(and(eq(shopReviews.merchantId, scope.merchantId), eq(shopReviews.customerId, scope.customerId)));
  return { review: row ? toView(row) : null };
}

/** The shop's reviews, latest change first, cursor-paginated; optionally only one star rating. */
export async function listShopReviews(ctx: CoreContext, merchantId: string, query: { limit?: number | undefined; cursor?: string | undefined; rating?: number | undefined } = {}): Promise<Page<MerchantReviewView>> {
  const limit = query.limit ?? 20;
  const columns = { at: shopReviews.updatedAt, id: shopReviews.id };
  const rows = await ctx.db
    .select({ review: shopReviews, name: customers.name, email: customers.email })
    .from(shopReviews)
    .innerJoin(customers, and(eq(customers.id, shopReviews.customerId), eq(customers.merchantId, merchantId)))
    .where(and(eq(shopReviews.merchantId, merchantId), query.rating ? eq(shopReviews.rating, query.rating) : undefined, pageWhere(columns, query.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(limit + 1);
  return toPage(
    rows.map((r) => ({ ...r, id: r.review.id })),
    limit,
    (r) => ({ ...toView(r.review), customer: { id: r.review.customerId, name: r.name, email: r.email } }),
    (r) => r.review.updatedAt,
  );
}
