import { commentOnPayment, deleteCustomer, getCustomerProfile, inviteCustomer, listCustomers, MAX_TRANSACTION_COMMENT, setLifetimeIncidentsUsed } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";
import { createdRange, listQuery, prefixedId, queryBoolean } from "./list-query.ts";

const customerParam = z.object({ id: prefixedId("cus", "a customer") });
const customersQuery = listQuery({
  email: z.string().min(3).max(320).optional(),
  q: z.string().min(1).max(200).optional(),
  blacklisted: queryBoolean.optional(),
  deleted: queryBoolean.optional(),
});

const paymentParam = z.object({ id: prefixedId("txn", "a payment or refund") });
const lifetimeIncidentsBody = z.strictObject({ used: z.number().int().min(0).max(100_000) });
const commentBody = z.strictObject({
  /** Empty removes the comment. */
  comment: z.string().max(MAX_TRANSACTION_COMMENT),
  /** The customer sees it on that row of their billing history. */
  show_in_portal: z.boolean(),
  /** Also e-mail it to the customer (only a comment shown in the portal). */
  notify_customer: z.boolean().optional(),
});

/** Merchant API: the customer list, one customer's whole profile, deletion (anonymisation) and the portal invite. */
export function merchantCustomerRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/customers", doc({ summary: "List and search customers", tag: "Customers" }), authenticated, validate("query", customersQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listCustomers(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, email: q.email, q: q.q, blacklisted: q.blacklisted, deleted: q.deleted, created: createdRange(q) }));
    })
    .get("/customers/:id/profile", doc({ summary: "Get a customer's profile: details, balance, incidents, orders, subscriptions, transactions, tickets", tag: "Customers" }), authenticated, validate("param", customerParam), async (c) => {
      // What the caller may do (M1): an API key acts as an admin, a staff token as its role.
      return c.json(await getCustomerProfile(deps.core, c.var.merchant.id, c.req.valid("param").id, { role: c.var.staff.role }));
    })
    .delete("/customers/:id", doc({ summary: "Delete (anonymise) a customer", tag: "Customers" }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await deleteCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .put("/customers/:id/lifetime_incidents", doc({ summary: "Set how many of a customer's lifetime incidents are used (H7)", tag: "Helpdesk" }), authenticated, validate("param", customerParam), validate("json", lifetimeIncidentsBody), async (c) => {
      return c.json(await setLifetimeIncidentsUsed(deps.core, c.var.merchant.id, { customerId: c.req.valid("param").id, used: c.req.valid("json").used }));
    })
    .put("/payments/:id/comment", doc({ summary: "Comment on a payment or refund, optionally shown in the portal and e-mailed to the customer", tag: "Payments" }), authenticated, validate("param", paymentParam), validate("json", commentBody), async (c) => {
      const body = c.req.valid("json");
      return c.json(await commentOnPayment(deps.core, c.var.merchant.id, { paymentId: c.req.valid("param").id, comment: body.comment, showInPortal: body.show_in_portal, notifyCustomer: body.notify_customer }));
    })
    .post("/customers/:id/invite", doc({ summary: "Send or resend the portal invite e-mail", tag: "Customers", status: 201 }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await inviteCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id), 201);
    });
}
