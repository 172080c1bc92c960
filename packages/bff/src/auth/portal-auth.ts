import { findMerchant, getPortalCustomer, isDomainError, isOriginAllowed, type PortalScope } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { bearer } from "./merchant-auth.ts";
import { verifyPortalToken } from "./portal-token.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** `checkoutOrderId`: a payment-link session admitted while the portal is off may pay that order only. */
    portal: PortalScope & { expiresAt: Date; checkoutOrderId?: string };
  }
}

// What the hosted checkout calls (checkout-html.ts): list cards, add a card in the card form, pay an invoice.
const CHECKOUT_CALLS: [string, RegExp][] = [
  ["GET", /^\/v1\/portal\/payment_methods$/],
  ["POST", /^\/v1\/portal\/invoices\/[^/]+\/pay$/],
  ["POST", /^\/card-form\/cards$/],
];

function isCheckoutCall(method: string, path: string): boolean {
  return CHECKOUT_CALLS.some(([m, pattern]) => m === method && pattern.test(path));
}

/**
 * Portal API: a session token names one customer of one merchant. The customer
 * must still belong to that merchant, and a browser caller must be on one of the
 * merchant's allowed origins (P5) or on this server's own hosted pages.
 */
export function portalAuth(deps: AppDeps): MiddlewareHandler {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return async function portalAuthMiddleware(c, next) {
    const token = bearer(c.req.header("Authorization"));
    if (!token) throw new ProblemError(401, "session_missing", "Send the portal session as `Authorization: Bearer <token>`.");
    const claims = await verifyPortalToken(deps.keys, deps.core, deps.publicUrl, token);
    const merchant = await findMerchant(deps.core, claims.merchantId);
    if (!merchant) throw new ProblemError(401, "session_invalid", "The session names an unknown merchant.");
    let checkoutOrderId: string | undefined;
    try {
      await getPortalCustomer(deps.core, merchant.id, claims.customerId);
    } catch (error) {
      if (isDomainError(error) && error.code === "customer_not_found") {
        throw new ProblemError(401, "session_invalid", "The session's customer does not belong to its merchant.");
      }
      // A payment link stays payable with the portal switched off: its session may do only what checkout does.
      const paymentLink = typeof claims.extra.plo === "string" && claims.extra.plo !== "";
      if (!(isDomainError(error) && error.code === "portal_disabled" && paymentLink && isCheckoutCall(c.req.method, c.req.path))) throw error;
      checkoutOrderId = claims.extra.plo as string;
    }
    const origin = c.req.header("Origin");
    if (origin && origin !== ownOrigin && !isOriginAllowed(merchant.allowedOrigins, origin)) {
      throw new ProblemError(403, "origin_not_allowed", `${origin} is not an allowed origin for this merchant.`);
    }
    c.set("portal", { merchantId: merchant.id, customerId: claims.customerId, expiresAt: claims.expiresAt, ...(checkoutOrderId ? { checkoutOrderId } : {}) });
    await next();
  };
}
