import { getPortalCustomer, isDomainError, redeemLink, type BillingLinks } from "@billfront/core/server";
import { Hono } from "hono";
import { signCustomerToken, signPortalToken, verifyCustomerToken } from "../auth/portal-token.ts";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { checkoutErrorHtml } from "./checkout-html.ts";

/** How long an emailed link stays usable. */
export const EMAIL_LINK_TTL_SECONDS = 7 * 24 * 3600;
const FLOWS = ["update_card", "orders"] as const;
export type LinkFlow = (typeof FLOWS)[number];

/** Signs a one-time link that opens the hosted portal at `flow` for one customer (P2). */
export async function signFlowLink(deps: AppDeps, input: { merchantId: string; customerId: string; flow: LinkFlow }): Promise<string> {
  const { token } = await signCustomerToken(deps.keys, deps.core, deps.publicUrl, {
    kind: "link",
    merchantId: input.merchantId,
    customerId: input.customerId,
    ttlSeconds: EMAIL_LINK_TTL_SECONDS,
    extra: { flow: input.flow },
  });
  return new URL(`/links/${token}`, deps.publicUrl).toString();
}

/** The links the billing engine puts in dunning and renewal emails (S9): update the card, or open the orders to pay. */
export function billingLinks(deps: AppDeps): BillingLinks {
  return {
    updateCard: (input) => signFlowLink(deps, { ...input, flow: "update_card" }),
    billing: (input) => signFlowLink(deps, { ...input, flow: "orders" }),
  };
}

/** Exchanges an emailed link, once, for a short portal session and opens the hosted portal at its flow. */
export function linksPage(deps: AppDeps) {
  return new Hono().get("/links/:token", async (c) => {
    try {
      const claims = await verifyCustomerToken(deps.keys, deps.core, deps.publicUrl, c.req.param("token"), "link");
      const flow = FLOWS.find((f) => f === claims.extra.flow);
      if (!flow || typeof claims.extra.jti !== "string") throw new ProblemError(401, "link_invalid", "The link is not valid.");
      // Checked before the link is spent: with the portal switched off (P6) it stays unused and opens nothing.
      await getPortalCustomer(deps.core, claims.merchantId, claims.customerId);
      await redeemLink(deps.core, { jti: claims.extra.jti, merchantId: claims.merchantId });
      const session = await signPortalToken(deps.keys, deps.core, deps.publicUrl, claims);
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
      return c.redirect(`/portal?flow=${flow}#${new URLSearchParams({ session: session.token })}`, 302);
    } catch (error) {
      if (error instanceof ProblemError || isDomainError(error)) {
        const code = error instanceof ProblemError ? error.code : error.code;
        const message =
          code === "link_used" ? "This link was already used. Ask the shop for a new one." : code === "portal_disabled" ? "This shop's billing portal is not available." : code === "link_expired" ? "This link has expired. Ask the shop for a new one." : "This link is not valid.";
        return c.html(checkoutErrorHtml(message), code === "link_used" || code === "link_expired" ? 410 : code === "portal_disabled" ? 403 : 400);
      }
      throw error;
    }
  });
}
