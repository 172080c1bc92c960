import { getOwnShopReview, listShopReviews, MAX_REVIEW_COMMENT, submitShopReview } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";
import { pageQuery } from "./list-query.ts";

/** Portal: the customer's own review of the shop (setting `shopReviews`; 403 `reviews_disabled` while off). */
export function portalReviewRoutes(deps: AppDeps) {
  return new Hono()
    .get("/review", doc({ summary: "Get the customer's own review of the shop", tag: "Portal" }), async (c) => c.json(await getOwnShopReview(deps.core, c.var.portal)))
    .put(
      "/review",
      doc({ summary: "Rate the shop (1–5 stars) with a comment, or change the rating", tag: "Portal" }),
      validate("json", z.strictObject({ rating: z.number().int().min(1).max(5), comment: z.string().max(MAX_REVIEW_COMMENT).nullable().optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await submitShopReview(deps.core, c.var.portal, { rating: input.rating, comment: input.comment }));
      },
    );
}

/** Merchant API: the customers' reviews of the shop, which only the shop reads. */
export function merchantReviewRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono().get(
    "/reviews",
    doc({ summary: "List customers' reviews of the shop, latest first", tag: "Reviews" }),
    authenticated,
    validate("query", pageQuery({ rating: z.coerce.number().int().min(1).max(5).optional() })),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await listShopReviews(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, rating: q.rating }));
    },
  );
}
