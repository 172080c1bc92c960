import { listOrders, MAX_PAGE_SIZE } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { portalAuth } from "../auth/portal-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

/** Portal API (customer session): what one customer sees of one merchant. */
export function portalRoutes(deps: AppDeps) {
  return new Hono()
    .use(portalAuth(deps))
    .get("/orders", validate("query", listQuery), async (c) => {
      const query = c.req.valid("query");
      return c.json(await listOrders(deps.core, c.var.portal, { limit: query.limit, cursor: query.cursor }));
    });
}
