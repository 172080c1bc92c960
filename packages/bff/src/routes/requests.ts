import { decideCustomerRequest, listCustomerRequests, requestCancellation, requestRefund } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { pageQuery } from "./list-query.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const reasonBody = z.strictObject({ reason: z.string().max(2000).optional() });
// S1: an order-level cancellation may say when, and take the retention offer, as the subscription's own cancel does.
const cancellationBody = reasonBody.extend({ when: z.enum(["now", "end_of_term"]).optional(), accept_retention_offer: z.boolean().optional() });
const decisionParam = idParam.extend({ decision: z.enum(["approve", "reject"]) });

/** Portal: a customer asks for a refund of a payment or the cancellation of a subscription (R5). */
export function portalRequestRoutes(deps: AppDeps) {
  const once = idempotent(deps, (c) => ({ merchantId: c.var.portal.merchantId, caller: `customer:${c.var.portal.customerId}` }));
  return new Hono()
    .post("/payments/:id/refund_request", doc({ summary: "Ask for a refund of a payment", tag: "Portal", status: 201 }), once, validate("param", idParam), validate("json", reasonBody), async (c) => {
      return c.json(await requestRefund(deps.core, c.var.portal, { paymentId: c.req.valid("param").id, reason: c.req.valid("json").reason, idempotencyKey: c.req.header("Idempotency-Key")! }), 201);
    })
    .post("/orders/:id/cancellation", doc({ summary: "Ask for an order's cancellation", tag: "Portal", status: 201 }), once, validate("param", idParam), validate("json", cancellationBody), async (c) => {
      const input = c.req.valid("json");
      return c.json(await requestCancellation(deps.core, c.var.portal, { orderId: c.req.valid("param").id, reason: input.reason, when: input.when, acceptRetentionOffer: input.accept_retention_offer }), 201);
    });
}

/** Merchant API: the review queue of manual requests (M3) and the decision on each. */
export function merchantRequestRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  const noteBody = z.strictObject({ note: z.string().max(2000).optional() });
  return new Hono()
    .get("/requests", doc({ summary: "List refund and cancellation requests", tag: "Requests" }), authenticated, validate("query", pageQuery({ status: z.enum(["pending", "approved", "rejected"]).optional(), order: z.enum(["newest_first", "oldest_first"]).optional() })), async (c) => {
      return c.json(await listCustomerRequests(deps.core, c.var.merchant.id, c.req.valid("query")));
    })
    .post("/requests/:id/:decision{approve|reject}", doc({ summary: "Approve or reject a request", tag: "Requests" }), authenticated, once, validate("param", decisionParam), validate("json", noteBody), async (c) => {
      const { id, decision } = c.req.valid("param");
      const request = await decideCustomerRequest(deps.core, c.var.merchant.id, {
        requestId: id,
        decision,
        note: c.req.valid("json").note,
        actor: c.var.staff.actor,
      });
      return c.json(request);
    });
}
