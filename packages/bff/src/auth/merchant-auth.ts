import {
  runAs,
  authenticateApiKey,
  authenticateStaffSession,
  authenticateStaffToken,
  csrfMatches,
  findMerchant,
  type AuthenticatedMerchant,
  type StaffActor,
  type StaffSessionView,
} from "@billfront/core/server";
import { isDomainError } from "@billfront/core";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { countAuthFailures } from "../http/auth-failures.ts";
import { clearStaffCookie, STAFF_COOKIE } from "./staff-cookie.ts";

declare module "hono" {
  interface ContextVariableMap {
    merchant: AuthenticatedMerchant;
    staff: StaffActor;
    /** The staff console session the request came with (cookie or `sts_` bearer), when it came with one. */
    staffSession: (StaffSessionView & { token: string }) | undefined;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Merchant API: `Authorization: Bearer sk_...` (the owner's secret key, an admin),
 * a staff member's `st_...` token (agent or admin, M1), an embedding token
 * `sts_...` (a console session minted by the merchant's server), or the
 * `/staff` page's `billfront_staff` cookie. A cookie-authenticated unsafe
 * request must carry the session's CSRF token in `X-CSRF-Token` and an
 * `Origin` equal to this BFF's own, else 403 `csrf_failed`. The request runs
 * as that actor, so each change records who made it (M6). Wrong keys count
 * against the caller's IP (key guessing, 429 after 30 in 5 minutes).
 */
export function merchantAuth(deps: AppDeps): MiddlewareHandler {
  const ownOrigin = new URL(deps.publicUrl).origin;
  return async function merchantAuthMiddleware(c, next) {
    const header = c.req.header("Authorization");
    const token = bearer(header);
    const cookie = header ? undefined : getCookie(c, STAFF_COOKIE);
    c.set("staffSession", undefined);
    await countAuthFailures(deps, c, async () => {
      if (cookie !== undefined || token?.startsWith("sts_")) {
        const kind = cookie !== undefined ? "cookie" : "embed";
        const value = cookie ?? token!;
        // CSRF first: a forged request must not even move the session's idle deadline.
        const csrfHeader = c.req.header("X-CSRF-Token");
        let auth;
        try {
          auth = await authenticateStaffSession(deps.core, value, kind);
        } catch (error) {
          if (kind === "cookie" && isDomainError(error)) clearStaffCookie(c, deps);
          throw error;
        }
        if (kind === "cookie" && !SAFE_METHODS.has(c.req.method) && (!csrfMatches(csrfHeader, auth.csrfHash) || c.req.header("Origin") !== ownOrigin)) {
          throw new ProblemError(403, "csrf_failed", "This request did not come from the staff console: its CSRF token or origin is missing or wrong. Reload the page.");
        }
        await setMerchant(c, deps, auth.actor);
        c.set("staffSession", { ...auth.session, token: value });
      } else if (token?.startsWith("st_")) {
        await setMerchant(c, deps, await authenticateStaffToken(deps.core, token));
      } else {
        const merchant = await authenticateApiKey(deps.core, token);
        c.set("merchant", merchant);
        c.set("staff", { merchantId: merchant.id, role: "admin", actor: `api_key:${merchant.id}` });
      }
    });
    const staff = c.get("staff");
    // Every core operation the request runs records its own action under this actor, in its own transaction (M6, A9).
    await runAs({ source: staff.actor.startsWith("staff:") ? "staff" : "api", id: staff.actor }, next);
  };
}

async function setMerchant(c: Context, deps: AppDeps, staff: StaffActor): Promise<void> {
  const merchant = await findMerchant(deps.core, staff.merchantId);
  if (!merchant) throw new ProblemError(401, "invalid_api_key", "The API key is missing, malformed, revoked or unknown.");
  c.set("merchant", { id: merchant.id, name: merchant.name, mode: merchant.mode, allowedOrigins: merchant.allowedOrigins });
  c.set("staff", staff);
}

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
