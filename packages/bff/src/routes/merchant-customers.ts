import { deleteCustomer, getCustomerProfile, inviteCustomer, listCustomers } from "@billfront/core/server";
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

/** Merchant API: the customer list, one customer's whole profile, deletion (anonymisation) and the portal invite. */
export function merchantCustomerRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/customers", doc({ summary: "List and search customers", tag: "Customers" }), authenticated, validate("query", customersQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listCustomers(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, email: q.email, q: q.q, blacklisted: q.blacklisted, deleted: q.deleted, created: createdRange(q) }));
    })
    .get("/customers/:id/profile", doc({ summary: "Get a customer's profile: details, balance, incidents, orders, subscriptions, transactions, tickets", tag: "Customers" }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await getCustomerProfile(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .delete("/customers/:id", doc({ summary: "Delete (anonymise) a customer", tag: "Customers" }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await deleteCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .post("/customers/:id/invite", doc({ summary: "Send or resend the portal invite e-mail", tag: "Customers", status: 201 }), authenticated, validate("param", customerParam), async (c) => {
      return c.json(await inviteCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id), 201);
    });
}
