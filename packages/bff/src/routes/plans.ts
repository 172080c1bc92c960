import { listPortalPlans, previewSubscriptionStart } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";
import { pageOnlyQuery } from "./list-query.ts";

const id = z.string().min(1).max(64);

/**
 * Portal: the plans a customer may start themselves and the preview of a start
 * (A6). Starting one is `POST /v1/portal/subscriptions` (routes/subscriptions.ts).
 * Refused with 403 `new_subscriptions_disabled` while the shop's setting is off.
 */
export function portalPlanRoutes(deps: AppDeps) {
  return new Hono()
    .get("/plans", doc({ summary: "List the plans the customer may start", tag: "Portal subscriptions" }), validate("query", pageOnlyQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listPortalPlans(deps.core, c.var.portal, { limit: q.limit, cursor: q.cursor }));
    })
    .post(
      "/subscriptions/preview",
      doc({ summary: "Preview starting a subscription: what is charged today and next", tag: "Portal subscriptions" }),
      validate("json", z.strictObject({ price: id, quantity: z.number().int().min(1).max(100_000).optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await previewSubscriptionStart(deps.core, c.var.portal, { pricePointId: input.price, quantity: input.quantity }));
      },
    );
}
