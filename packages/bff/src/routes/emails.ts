import { listCustomerEmails, listEmails, resendEmail } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { pageOnlyQuery, pageQuery } from "./list-query.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const listQuery = pageQuery({
  status: z.enum(["pending", "sent", "failed"]).optional(),
  channel: z.enum(["email", "sms"]).optional(),
  customer: z.string().min(1).max(64).optional(),
});

/**
 * Merchant API on the outbox (R7): every e-mail and SMS, newest first, by
 * status (`failed` = the dead letters, every attempt used) and channel; one
 * customer's; and resending any of them. Lists are cursor pages.
 */
export function merchantEmailRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  return new Hono()
    .get("/emails", doc({ summary: "List e-mails and text messages, newest first", tag: "Emails" }), authenticated, validate("query", listQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listEmails(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, status: q.status, channel: q.channel, customerId: q.customer }));
    })
    .get("/customers/:id/emails", doc({ summary: "List one customer's e-mails and text messages", tag: "Emails" }), authenticated, validate("param", idParam), validate("query", pageOnlyQuery), async (c) => {
      return c.json(await listCustomerEmails(deps.core, c.var.merchant.id, c.req.valid("param").id, c.req.valid("query")));
    })
    .post("/emails/:id/resend", doc({ summary: "Resend an e-mail or text message", tag: "Emails", status: 201 }), authenticated, once, validate("param", idParam), async (c) => {
      return c.json(await resendEmail(deps.core, c.var.merchant.id, c.req.valid("param").id), 201);
    });
}
