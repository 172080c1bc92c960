import { assertReturnUrlAllowed, createCustomer, createPortalSession, getCustomer, listCustomerSessions, revokeCustomerSessions, revokePortalSession, updateCustomer } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { createdPortalSessionSchema, customerSchema, pageOf, portalSessionSchema } from "../openapi/schemas.ts";
import { accountFields, toAccountChanges } from "./account-body.ts";
import { pageOnlyQuery } from "./list-query.ts";

/** A BCP 47 language tag (`de`, `en-GB`, `zh-Hant-TW`): letters, digits and hyphens only. */
const localeTag = z.string().min(2).max(35).regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/, "must be a language tag such as de or en-GB");

const customerId = z.string().regex(/^cus_[0-9A-Za-z]+$/, "must be a customer id (cus_...)");

const createCustomerBody = z.strictObject({
  email: z.email(),
  name: z.string().min(1).max(200).optional(),
  locale: localeTag.optional(),
  external_id: z.string().min(1).max(200).optional(),
  phone: accountFields.phone,
  billing_address: accountFields.billing_address,
  tax_id: accountFields.tax_id,
});

const sessionId = z.string().regex(/^pss_[0-9A-Za-z]+$/, "must be a session id (pss_...)");
/** A3/M2: staff change any customer field (the portal's field access settings do not apply); the e-mail changes at once. */
const updateCustomerBody = z.strictObject({
  ...accountFields,
  locale: localeTag.nullable().optional(),
  /** M2 "other info": the merchant's own fields, name → text; the whole set is replaced and an empty value drops a field. */
  custom_fields: z.record(z.string().min(1).max(40), z.string().max(500)).optional(),
});

const createPortalSessionBody = z
  .strictObject({
    customer: customerId,
    return_url: z.url({ protocol: /^https?$/ }).optional(),
    locale: localeTag.optional(),
    /** A5: open the portal straight at one step. */
    flow: z.enum(["orders", "update_card", "pay_invoice", "cancel_subscription", "change_plan", "open_ticket"]).optional(),
    /** The invoice (pay_invoice) or subscription (cancel_subscription, change_plan) of the flow. */
    flow_subject: z.string().min(1).max(64).optional(),
  })
  .refine((b) => !b.flow_subject || b.flow, { message: "flow_subject needs a flow", path: ["flow_subject"] });

/** Merchant API (secret key): customers and portal sessions (P1, A8). */
export function merchantRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .post("/customers", doc({ summary: "Create a customer", tag: "Customers", status: 201, response: { description: "The customer", schema: customerSchema } }), authenticated, validate("json", createCustomerBody), async (c) => {
      const body = c.req.valid("json");
      const customer = await createCustomer(deps.core, c.var.merchant.id, {
        email: body.email,
        name: body.name,
        locale: body.locale,
        externalId: body.external_id,
        phone: body.phone,
        billingAddress: body.billing_address,
        taxId: body.tax_id,
      });
      return c.json(customer, 201);
    })
    .patch("/customers/:id", doc({ summary: "Update a customer", tag: "Customers", response: { description: "The customer", schema: customerSchema } }), authenticated, validate("param", z.object({ id: customerId })), validate("json", updateCustomerBody), async (c) => {
      const body = c.req.valid("json");
      return c.json(await updateCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id, { ...toAccountChanges(body), locale: body.locale, customFields: body.custom_fields }));
    })
    .get("/customers/:id", doc({ summary: "Get a customer", tag: "Customers", response: { description: "The customer", schema: customerSchema } }), authenticated, validate("param", z.object({ id: customerId })), async (c) => {
      return c.json(await getCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .post("/portal_sessions", doc({ summary: "Create a portal session (a sign-in URL for the hosted portal)", tag: "Customers", status: 201, response: { description: "The session, its token and the signed-in portal URL", schema: createdPortalSessionSchema } }), authenticated, validate("json", createPortalSessionBody), async (c) => {
      const body = c.req.valid("json");
      const merchant = c.var.merchant;
      if (body.return_url) assertReturnUrlAllowed(merchant.allowedOrigins, body.return_url);
      const { token, session } = await createPortalSession(deps.core, {
        merchantId: merchant.id,
        customerId: body.customer,
        source: "api",
        apiKeyId: merchant.apiKeyId ?? null,
        flow: body.flow ?? null,
        flowSubjectId: body.flow_subject ?? null,
        returnUrl: body.return_url ?? null,
        locale: body.locale ?? null,
      });
      // The token travels in the fragment, which browsers never send to servers or put in Referer.
      const url = new URL(`/portal/${merchant.id}`, deps.publicUrl);
      url.hash = new URLSearchParams({ session: token }).toString();
      return c.json({ ...session, token, url: url.toString() }, 201);
    })
    .get("/customers/:id/sessions", doc({ summary: "List a customer's portal sessions", tag: "Customers", response: { description: "The sessions, newest first", schema: pageOf(portalSessionSchema) } }), authenticated, validate("param", z.object({ id: customerId })), validate("query", pageOnlyQuery), async (c) => {
      return c.json(await listCustomerSessions(deps.core, c.var.merchant.id, c.req.valid("param").id, c.req.valid("query")));
    })
    .post("/customers/:id/sessions/revoke", doc({ summary: "Revoke all of a customer's portal sessions", tag: "Customers" }), authenticated, validate("param", z.object({ id: customerId })), async (c) => {
      return c.json(await revokeCustomerSessions(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .delete("/portal_sessions/:id", doc({ summary: "Revoke a portal session", tag: "Customers" }), authenticated, validate("param", z.object({ id: sessionId })), async (c) => {
      return c.json(await revokePortalSession(deps.core, c.var.merchant.id, c.req.valid("param").id));
    });
}
