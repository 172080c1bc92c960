import { createCoupon, createPricePoint, createProduct, listCatalog, amountSchema, currencyCodeSchema, positiveAmountSchema } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { pageQuery } from "./list-query.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const currency = currencyCodeSchema;

/** Merchant API: the catalog — products, their prices, coupons (issue 5 item 1, H4 incident packages). */
export function merchantCatalogRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/products", doc({ summary: "List products with their prices", tag: "Catalog" }), authenticated, validate("query", pageQuery({ include_archived: z.enum(["true", "false"]).optional() })), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listCatalog(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, includeArchived: q.include_archived === "true" }));
    })
    .post(
      "/products",
      doc({ summary: "Create a product", tag: "Catalog", status: 201 }),
      authenticated,
      validate("json", z.strictObject({ name: z.string().min(1).max(200), description: z.string().max(2000).nullable().optional(), refund_period_days: z.number().int().min(0).max(3650).nullable().optional(), incidents: z.number().int().min(1).max(10_000).nullable().optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(await createProduct(deps.core, c.var.merchant.id, { name: input.name, description: input.description, refundPeriodDays: input.refund_period_days, incidents: input.incidents }), 201);
      },
    )
    .post(
      "/products/:id/prices",
      doc({ summary: "Add a price to a product", tag: "Catalog", status: 201 }),
      authenticated,
      validate("param", idParam),
      validate(
        "json",
        z.strictObject({
          name: z.string().min(1).max(200),
          amount: amountSchema,
          currency,
          interval: z.enum(["day", "week", "month", "year"]).nullable().optional(),
          interval_count: z.number().int().min(1).max(365).optional(),
          trial_days: z.number().int().min(0).max(730).optional(),
          addon: z.boolean().optional(),
          switch_to: z.array(z.string().min(1).max(64)).max(50).optional(),
          min_quantity: z.number().int().min(1).optional(),
          max_quantity: z.number().int().min(1).nullable().optional(),
        }),
      ),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(
          await createPricePoint(deps.core, c.var.merchant.id, {
            productId: c.req.valid("param").id,
            name: input.name,
            amount: input.amount,
            currency: input.currency,
            interval: input.interval,
            intervalCount: input.interval_count,
            trialDays: input.trial_days,
            addon: input.addon,
            switchTo: input.switch_to,
            minQuantity: input.min_quantity,
            maxQuantity: input.max_quantity,
          }),
          201,
        );
      },
    )
    .post(
      "/coupons",
      doc({ summary: "Create a coupon", tag: "Catalog", status: 201 }),
      authenticated,
      validate(
        "json",
        z.strictObject({
          code: z.string().min(2).max(40),
          name: z.string().min(1).max(200),
          percent_off_bps: z.number().int().min(1).max(10_000).optional(),
          amount_off: z.strictObject({ amount: positiveAmountSchema, currency }).optional(),
          duration: z.enum(["once", "repeating", "forever"]),
          duration_cycles: z.number().int().min(1).max(120).optional(),
          customer_applicable: z.boolean().optional(),
        }),
      ),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(
          await createCoupon(deps.core, c.var.merchant.id, {
            code: input.code,
            name: input.name,
            percentOffBps: input.percent_off_bps,
            amountOff: input.amount_off,
            duration: input.duration,
            durationCycles: input.duration_cycles,
            customerApplicable: input.customer_applicable,
          }),
          201,
        );
      },
    );
}
