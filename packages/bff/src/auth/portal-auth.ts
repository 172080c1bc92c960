import { runAs, authenticatePortalSession, isOriginAllowed, type AuthenticatedSession } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { countAuthFailures } from "../http/auth-failures.ts";
import { bearer } from "./merchant-auth.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The caller's session; `checkoutOrderId` is set on a payment-link session, which may pay that order only. */
    portal: Omit<AuthenticatedSession, "allowedOrigins" | "checkoutOrderId"> & { checkoutOrderId?: string };
  }
}

type Call = [method: string, path: RegExp];
const id = "[^/]+";
// Every session may read and end itself, and read the portal's frame (banner, tabs, portal-wide actions).
const SESSION_CALLS: Call[] = [
  ["GET", /^\/v1\/portal\/session$/],
  ["GET", /^\/v1\/portal\/config$/],
  ["DELETE", /^\/v1\/portal\/session$/],
];
// What <payment-methods> and the card form need: list, add, make default, assign, remove.
const CARD_CALLS: Call[] = [
  ["GET", /^\/v1\/portal\/payment_methods$/],
  ["GET", /^\/v1\/portal\/balance$/],
  ["GET", /^\/v1\/portal\/orders$/],
  ["POST", new RegExp(`^/v1/portal/payment_methods/${id}/default$`)],
  ["DELETE", new RegExp(`^/v1/portal/payment_methods/${id}$`)],
  ["PUT", new RegExp(`^/v1/portal/orders/${id}/payment_method$`)],
  ["POST", /^\/card-form\/cards$/],
];

// What a session limited to MFA enrolment (P4: the shop requires MFA) may call besides itself.
const MFA_ENROL_CALLS: Call[] = [
  ["GET", /^\/v1\/portal\/mfa$/],
  ["POST", /^\/v1\/portal\/mfa\/enrol$/],
  ["POST", /^\/v1\/portal\/mfa\/confirm$/],
];

/**
 * What a limited session (from an action link or a payment link, P2/O7) may call:
 * its flow and nothing else. `subject` is the invoice or order the flow is about.
 */
function limitedCalls(flow: string | null, subject: string | null): Call[] {
  const own = subject ? subject.replace(/[^A-Za-z0-9_]/g, "") : "-";
  switch (flow) {
    case "update_card":
      return CARD_CALLS;
    case "pay_invoice":
      return [
        ...CARD_CALLS,
        ["GET", new RegExp(`^/v1/portal/invoices/${own}$`)],
        ["POST", new RegExp(`^/v1/portal/invoices/${own}/pay$`)],
        ["GET", new RegExp(`^/v1/portal/documents/${own}/pdf$`)],
      ];
    case "checkout":
      // The hosted checkout: list cards, add one in the card form, pay the order's invoice (core holds it to the order).
      return [
        ["GET", /^\/v1\/portal\/payment_methods$/],
        ["POST", new RegExp(`^/v1/portal/invoices/${id}/pay$`)],
        ["POST", /^\/card-form\/cards$/],
      ];
    case "mfa_enrol":
      return MFA_ENROL_CALLS;
    default:
      return [];
  }
}

function isAllowedCall(session: AuthenticatedSession, method: string, path: string): boolean {
  if (!session.limited) return true;
  return [...SESSION_CALLS, ...limitedCalls(session.flow, session.flowSubjectId)].some(([m, pattern]) => m === method && pattern.test(path));
}

/**
 * Portal API: an opaque session token (P1) names one customer of one merchant.
 * Core resolves it (idle timeout, lifetime, revocation, blacklist, portal off);
 * a limited session may call only its flow's routes; a browser caller must be on
 * one of the merchant's allowed origins (P5) or on this server's hosted pages.
 * Unknown tokens count against the caller's IP (session guessing, 429 after 30).
 */
export function portalAuth(deps: AppDeps): MiddlewareHandler {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return async function portalAuthMiddleware(c, next) {
    const session = await countAuthFailures(deps, c, () => authenticatePortalSession(deps.core, bearer(c.req.header("Authorization"))));
    const origin = c.req.header("Origin");
    if (origin && origin !== ownOrigin && !isOriginAllowed(session.allowedOrigins, origin)) {
      throw new ProblemError(403, "origin_not_allowed", `${origin} is not an allowed origin for this merchant.`);
    }
    if (!isAllowedCall(session, c.req.method, c.req.path)) {
      throw new ProblemError(403, "session_flow_only", "This link opens one step only; open the full billing portal from the shop to do more.");
    }
    const { allowedOrigins: _origins, checkoutOrderId, ...scope } = session;
    c.set("portal", { ...scope, ...(checkoutOrderId ? { checkoutOrderId } : {}) });
    await runAs({ source: "portal", id: `customer:${scope.customerId}` }, next);
  };
}
