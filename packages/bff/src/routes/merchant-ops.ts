import { apiTime } from "../http/time-schema.ts";
import {
  archivePricePoint,
  archiveProduct,
  cancelOrder,
  capturePayment,
  completeOrder,
  deleteCoupon,
  listCoupons,
  listOrderAuthorizations,
  pageQuerySchema,
  positiveAmountSchema,
  releasePayment,
  reviewOrder,
  staffCancelSubscription,
  staffPauseSubscription,
  staffResumeSubscription,
  updatePricePoint,
  updateProduct,
} from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";
import { billingLinks } from "../pages/links-page.ts";

const id = z.string().min(1).max(64);
const idParam = z.object({ id });
const date = apiTime;
const note = z.string().max(500).optional();
const flag = z.enum(["true", "false"]).transform((v) => v === "true");

const productPatch = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    description: z.string().max(2000).nullable().optional(),
    refund_period_days: z.number().int().min(0).max(3650).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change." });

const pricePatch = z
  .strictObject({
    name: z.string().min(1).max(200).optional(),
    trial_days: z.number().int().min(0).max(730).optional(),
    switch_to: z.array(id).max(50).optional(),
    min_quantity: z.number().int().min(1).max(100_000).optional(),
    max_quantity: z.number().int().min(1).max(100_000).nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "Send at least one field to change." });

/**
 * Merchant API staff operations: catalog edits and archiving, coupon list and
 * delete, staff subscription lifecycle, order cancel/review/complete, and the
 * capture or release of a pre-authorised checkout. Each calls one core operation.
 */
export function merchantOpsRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  const links = billingLinks(deps);
  const actor = (c: Context) => c.var.staff.actor as string;
  const source = (c: Context) => ((c.var.staff.actor as string).startsWith("staff:") ? ("staff" as const) : ("api" as const));
  return (
    new Hono()
      // Catalog
      .patch("/products/:id", doc({ summary: "Edit a product", tag: "Catalog" }), authenticated, validate("param", idParam), validate("json", productPatch), async (c) => {
        const b = c.req.valid("json");
        return c.json(await updateProduct(deps.core, c.var.merchant.id, c.req.valid("param").id, { name: b.name, description: b.description, refundPeriodDays: b.refund_period_days }));
      })
      .delete("/products/:id", doc({ summary: "Archive a product (no longer sold; subscriptions keep renewing)", tag: "Catalog" }), authenticated, validate("param", idParam), async (c) => c.json(await archiveProduct(deps.core, c.var.merchant.id, c.req.valid("param").id)))
      .patch("/prices/:id", doc({ summary: "Edit a price point", tag: "Catalog" }), authenticated, validate("param", idParam), validate("json", pricePatch), async (c) => {
        const b = c.req.valid("json");
        return c.json(
          await updatePricePoint(deps.core, c.var.merchant.id, c.req.valid("param").id, { name: b.name, trialDays: b.trial_days, switchTo: b.switch_to, minQuantity: b.min_quantity, maxQuantity: b.max_quantity }),
        );
      })
      .delete("/prices/:id", doc({ summary: "Archive a price point", tag: "Catalog" }), authenticated, validate("param", idParam), async (c) => c.json(await archivePricePoint(deps.core, c.var.merchant.id, c.req.valid("param").id)))
      // Coupons
      .get("/coupons", doc({ summary: "List coupons", tag: "Catalog" }), authenticated, validate("query", pageQuerySchema.extend({ include_deleted: flag.optional() })), async (c) => {
        const q = c.req.valid("query");
        return c.json(await listCoupons(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, includeDeleted: q.include_deleted }));
      })
      .delete("/coupons/:id", doc({ summary: "Delete a coupon (stops new redemptions)", tag: "Catalog" }), authenticated, validate("param", idParam), async (c) => c.json(await deleteCoupon(deps.core, c.var.merchant.id, c.req.valid("param").id)))
      // Subscriptions (staff side)
      .post(
        "/subscriptions/:id/cancel",
        doc({ summary: "Cancel a subscription now or at the end of the term (staff)", tag: "Subscriptions" }),
        authenticated,
        once,
        validate("param", idParam),
        validate("json", z.strictObject({ at: z.enum(["now", "end_of_term"]), reason: note })),
        async (c) => {
          const b = c.req.valid("json");
          return c.json(await staffCancelSubscription(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, at: b.at, reason: b.reason }));
        },
      )
      .post("/subscriptions/:id/pause", doc({ summary: "Pause a subscription (staff)", tag: "Subscriptions" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ at: date.optional(), resume_at: date.optional() })), async (c) => {
        const b = c.req.valid("json");
        return c.json(await staffPauseSubscription(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, at: b.at, resumeAt: b.resume_at }));
      })
      .post("/subscriptions/:id/resume", doc({ summary: "Resume a subscription (staff)", tag: "Subscriptions" }), authenticated, once, validate("param", idParam), validate("json", z.strictObject({ at: date.optional() })), async (c) => {
        return c.json(await staffResumeSubscription(deps.core, c.var.merchant.id, { subscriptionId: c.req.valid("param").id, at: c.req.valid("json").at }, links));
      })
      // Orders
      .post("/orders/:id/cancel", doc({ summary: "Cancel an order", tag: "Orders" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ reason: note })), async (c) => {
        return c.json(await cancelOrder(deps.core, c.var.merchant.id, { orderId: c.req.valid("param").id, reason: c.req.valid("json").reason }));
      })
      .post("/orders/:id/review", doc({ summary: "Put an instalment order in review", tag: "Orders" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ note })), async (c) => {
        return c.json(await reviewOrder(deps.core, c.var.merchant.id, { orderId: c.req.valid("param").id, note: c.req.valid("json").note }));
      })
      .post("/orders/:id/complete", doc({ summary: "Complete an instalment order", tag: "Orders" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ note })), async (c) => {
        return c.json(await completeOrder(deps.core, c.var.merchant.id, { orderId: c.req.valid("param").id, note: c.req.valid("json").note }));
      })
      .get("/orders/:id/authorizations", doc({ summary: "List an order's card pre-authorisations", tag: "Payments" }), authenticated, validate("param", idParam), async (c) => c.json(await listOrderAuthorizations(deps.core, c.var.merchant.id, c.req.valid("param").id)))
      // Pre-authorised payments
      .post("/payments/:id/capture", doc({ summary: "Capture a pre-authorisation in full or in part", tag: "Payments" }), authenticated, once, validate("param", idParam), validate("json", z.strictObject({ amount: positiveAmountSchema.optional() })), async (c) => {
        const captured = await capturePayment(deps.core, c.var.merchant.id, {
          paymentId: c.req.valid("param").id,
          amount: c.req.valid("json").amount,
          source: source(c),
          actor: actor(c),
          idempotencyKey: c.req.header("Idempotency-Key")!,
        });
        return c.json(captured, 200);
      })
      .post("/payments/:id/release", doc({ summary: "Release a pre-authorisation", tag: "Payments" }), authenticated, once, validate("param", idParam), validate("json", z.strictObject({})), async (c) => {
        const released = await releasePayment(deps.core, c.var.merchant.id, { paymentId: c.req.valid("param").id, source: source(c), actor: actor(c), idempotencyKey: c.req.header("Idempotency-Key")! });
        return c.json(released, 200);
      })
  );
}
