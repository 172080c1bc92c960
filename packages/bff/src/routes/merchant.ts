import { assertReturnUrlAllowed, createCustomer, getCustomer, getPortalCustomer, updateCustomer } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import { signPortalToken } from "../auth/portal-token.ts";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { accountFields, toAccountChanges } from "./account-body.ts";

const customerId = z.string().regex(/^cus_[0-9A-Za-z]+$/, "must be a customer id (cus_...)");

const createCustomerBody = z.strictObject({
  email: z.email(),
  name: z.string().min(1).max(200).optional(),
  locale: z.string().min(2).max(35).optional(),
  external_id: z.string().min(1).max(200).optional(),
  phone: accountFields.phone,
  billing_address: accountFields.billing_address,
  tax_id: accountFields.tax_id,
});

/** A3/M2: staff change any customer field (the portal's field access settings do not apply); the e-mail changes at once. */
const updateCustomerBody = z.strictObject({ ...accountFields, locale: z.string().min(2).max(35).nullable().optional() });

const createPortalSessionBody = z.strictObject({
  customer: customerId,
  return_url: z.url({ protocol: /^https?$/ }).optional(),
  locale: z.string().min(2).max(35).optional(),
});

/** Merchant API (secret key): customers and portal sessions (P1). */
export function merchantRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .post("/customers", authenticated, validate("json", createCustomerBody), async (c) => {
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
    .patch("/customers/:id", authenticated, validate("param", z.object({ id: customerId })), validate("json", updateCustomerBody), async (c) => {
      const body = c.req.valid("json");
      return c.json(await updateCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id, { ...toAccountChanges(body), locale: body.locale }));
    })
    .get("/customers/:id", authenticated, validate("param", z.object({ id: customerId })), async (c) => {
      return c.json(await getCustomer(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .post("/portal_sessions", authenticated, validate("json", createPortalSessionBody), async (c) => {
      const body = c.req.valid("json");
      const merchant = c.var.merchant;
      const customer = await getPortalCustomer(deps.core, merchant.id, body.customer);
      if (body.return_url) assertReturnUrlAllowed(merchant.allowedOrigins, body.return_url);
      const { token, expiresAt } = await signPortalToken(deps.keys, deps.core, deps.publicUrl, {
        merchantId: merchant.id,
        customerId: customer.id,
      });
      const url = new URL("/portal", deps.publicUrl);
      if (body.return_url) url.searchParams.set("return_url", body.return_url);
      if (body.locale) url.searchParams.set("locale", body.locale);
      // The token travels in the fragment, which browsers never send to servers or put in Referer.
      url.hash = new URLSearchParams({ session: token }).toString();
      return c.json({ token, url: url.toString(), expires_at: expiresAt.toISOString(), customer: customer.id }, 201);
    });
}
