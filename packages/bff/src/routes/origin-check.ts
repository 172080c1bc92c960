import { findMerchant, isOriginAllowed } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { problem } from "../http/problem.ts";
import { validate } from "../http/validate.ts";

const query = z.strictObject({ merchant: z.string().regex(/^[A-Za-z0-9_]{1,64}$/) });

/** The answer: whether the calling page's origin may use this merchant's portal API (P5), and whose billing it is. */
export const originCheckSchema = z.strictObject({
  merchant_name: z.string(),
  origin: z.string().nullable(),
  allowed: z.boolean(),
});

/**
 * P5 diagnosis for widgets. A browser refusing a CORS answer looks to the page
 * exactly like a network failure (a TypeError from fetch), so a widget whose
 * call failed asks here, from the same page: this answer carries
 * `Access-Control-Allow-Origin: *` (no credentials, nothing about any customer)
 * and says only whether the calling `Origin` is one of the merchant's allowed
 * origins, with the shop's name (already public on its hosted portal page).
 */
export function originCheckRoutes(deps: AppDeps) {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return new Hono().get(
    "/origin_check",
    doc({
      summary: "Check whether the calling page's origin may embed a merchant's widgets",
      tag: "System",
      security: "none",
      description: "Answers any origin (`Access-Control-Allow-Origin: *`, no credentials) so a widget can tell a CORS refusal (its page is not among the merchant's allowed origins) from a network failure.",
      response: { description: "Whether the Origin header's value is allowed for the merchant", schema: originCheckSchema },
    }),
    validate("query", query),
    async (c) => {
      c.header("Access-Control-Allow-Origin", "*");
      c.header("Cache-Control", "no-store");
      c.header("Vary", "Origin");
      const merchant = await findMerchant(deps.core, c.req.valid("query").merchant);
      if (!merchant) return problem(c, 404, "merchant_not_found", "No such merchant.");
      const origin = c.req.header("Origin") ?? null;
      const allowed = origin !== null && (origin === ownOrigin || isOriginAllowed(merchant.allowedOrigins, origin));
      return c.json({ merchant_name: merchant.name, origin, allowed });
    },
  );
}
