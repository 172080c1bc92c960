import { addStaffCredit, getBalances, listRefundQueue, refundOrder, refundOrVoidPayment, refundPayment, voidPayment, currencyCodeSchema, positiveAmountSchema } from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { pageOnlyQuery } from "./list-query.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const refundBody = z.strictObject({ amount: positiveAmountSchema });
const voidBody = z.strictObject({ amount: positiveAmountSchema.optional() });

/** Merchant API staff actions on money (M2, R3, R4): refund, void, refund a whole order, the refund queue (e-mails: routes/emails.ts). */
export function merchantPaymentRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  const actor = (c: Context) => c.var.staff.actor;
  return new Hono()
    .post("/payments/:id/refunds", doc({ summary: "Refund a payment", tag: "Payments", status: 201 }), authenticated, once, validate("param", idParam), validate("json", refundBody), async (c) => {
      const refund = await refundPayment(deps.core, c.var.merchant.id, {
        paymentId: c.req.valid("param").id,
        amount: c.req.valid("json").amount,
        source: "api",
        actor: actor(c),
        idempotencyKey: c.req.header("Idempotency-Key")!,
      });
      return c.json(refund, 201);
    })
    .post(
      "/payments/:id/refund_or_void",
      doc({ summary: "Give a payment back: void it while unsettled, refund it (in part) once settled", tag: "Payments" }),
      authenticated,
      once,
      validate("param", idParam),
      validate("json", voidBody),
      async (c) => {
        // Core decides void or refund; a partial amount needs a settled payment (409 partial_refund_requires_settlement).
        const outcome = await refundOrVoidPayment(deps.core, c.var.merchant.id, {
          paymentId: c.req.valid("param").id,
          amount: c.req.valid("json").amount,
          source: String(actor(c)).startsWith("staff:") ? "staff" : "api",
          actor: actor(c),
          idempotencyKey: c.req.header("Idempotency-Key")!,
        });
        return c.json(outcome, 200);
      },
    )
    .post("/payments/:id/void", doc({ summary: "Void an authorised payment", tag: "Payments" }), authenticated, once, validate("param", idParam), validate("json", voidBody), async (c) => {
      const voided = await voidPayment(deps.core, c.var.merchant.id, {
        paymentId: c.req.valid("param").id,
        amount: c.req.valid("json").amount,
        source: "api",
        actor: actor(c),
        idempotencyKey: c.req.header("Idempotency-Key")!,
      });
      return c.json(voided, 200);
    })
    .post("/orders/:id/refund", doc({ summary: "Refund a whole order", tag: "Orders", status: 201 }), authenticated, once, validate("param", idParam), async (c) => {
      const outcomes = await refundOrder(deps.core, c.var.merchant.id, { orderId: c.req.valid("param").id, source: "api", actor: actor(c), idempotencyKey: c.req.header("Idempotency-Key")! });
      return c.json({ data: outcomes }, 201);
    })
    .post(
      "/customers/:id/credits",
      doc({ summary: "Add account credit for a customer", tag: "Payments", status: 201 }),
      authenticated,
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ amount: positiveAmountSchema, currency: currencyCodeSchema, note: z.string().max(500).optional() })),
      async (c) => {
        const body = c.req.valid("json");
        const credit = await addStaffCredit(deps.core, c.var.merchant.id, { customerId: c.req.valid("param").id, ...body, actor: actor(c) });
        return c.json(credit, 201);
      },
    )
    .get("/customers/:id/balance", doc({ summary: "Get a customer's account balance per currency", tag: "Payments" }), authenticated, validate("param", idParam), async (c) => {
      return c.json({ data: await getBalances(deps.core, { merchantId: c.var.merchant.id, customerId: c.req.valid("param").id }) });
    })
    .get("/refund_queue", doc({ summary: "List refunds waiting to be sent", tag: "Payments" }), authenticated, validate("query", pageOnlyQuery), async (c) =>
      c.json(await listRefundQueue(deps.core, c.var.merchant.id, c.req.valid("query"))),
    );
}
