import { formatMoney, getOrderDetails, isDomainError, type OrderDetailsView } from "@billfront/core/server";
import { Hono } from "hono";
import { signPortalToken, verifyCustomerToken, type PortalClaims } from "../auth/portal-token.ts";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { checkoutHtml, checkoutErrorHtml } from "./checkout-html.ts";

/**
 * Hosted checkout from a payment link (O7): shows the order by its type, takes a
 * card in Billfront's card form, pays the open invoice (or just registers the
 * card when nothing is due), then continues to the customer's portal.
 */
export function checkoutPage(deps: AppDeps) {
  const verify = (token: string) => verifyCustomerToken(deps.keys, deps.core, deps.publicUrl, token, "checkout");
  return new Hono()
    .get("/checkout/:token", async (c) => {
      let claims: PortalClaims;
      let order: OrderDetailsView;
      try {
        claims = await verify(c.req.param("token"));
        order = await getOrderDetails(deps.core, claims, String(claims.extra.oid ?? ""));
      } catch (error) {
        if (error instanceof ProblemError || isDomainError(error)) {
          const expired = error instanceof ProblemError && error.code === "link_expired";
          return c.html(checkoutErrorHtml(expired ? "This payment link has expired. Ask the shop for a new one." : "This payment link is not valid."), expired ? 410 : 400);
        }
        throw error;
      }
      const nonce = crypto.randomUUID().replaceAll("-", "");
      c.header(
        "Content-Security-Policy",
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      );
      c.header("Referrer-Policy", "no-referrer");
      c.header("Cache-Control", "no-store");
      return c.html(checkoutHtml({ nonce, order, merchantId: claims.merchantId, summary: describeOrder(order, "en") }));
    })
    .post("/checkout/:token/session", async (c) => {
      const claims = await verify(c.req.param("token"));
      const { token, expiresAt } = await signPortalToken(deps.keys, deps.core, deps.publicUrl, { merchantId: claims.merchantId, customerId: claims.customerId, paymentLinkOrderId: String(claims.extra.oid ?? "") });
      c.header("Cache-Control", "no-store");
      return c.json({ session: token, expires_at: expiresAt.toISOString() });
    });
}

/** How the order is sold, in words: once, every period, or in instalments. */
function describeOrder(order: OrderDetailsView, locale: string): string {
  const total = formatMoney(order.total, locale);
  if (order.type === "recurring") return `${total}, billed regularly until you cancel`;
  if (order.type === "instalment" && order.instalments) return `${total} in ${order.instalments.count} instalments`;
  return `${total}, paid once`;
}
