import { confirmEmailChange, getAccount, updateAccount } from "@billfront/core/server";
import { Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";
import { accountFields, toAccountChanges } from "./account-body.ts";

/** Portal: the customer's own account details (A3); what each field allows is the merchant's `customerFields` setting, enforced in core. */
export function portalAccountRoutes(deps: AppDeps) {
  return new Hono()
    .get("/account", doc({ summary: "Get the customer's account details", tag: "Portal" }), async (c) => c.json(await getAccount(deps.core, c.var.portal)))
    .patch("/account", doc({ summary: "Update the customer's account details", tag: "Portal" }), validate("json", z.strictObject(accountFields)), async (c) => {
      return c.json(await updateAccount(deps.core, c.var.portal, toAccountChanges(c.req.valid("json"))));
    })
    .post("/account/email/confirm", doc({ summary: "Confirm an e-mail change with the six-digit code", tag: "Portal" }), validate("json", z.strictObject({ code: z.string().regex(/^\d{6}$/, "must be the six digits from the e-mail") })), async (c) => {
      return c.json(await confirmEmailChange(deps.core, c.var.portal, c.req.valid("json").code));
    });
}
