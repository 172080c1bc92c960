import { runAs, authenticateApiKey, authenticateStaffToken, findMerchant, type AuthenticatedMerchant, type StaffActor } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";
import { ProblemError } from "../http/problem.ts";
import { countAuthFailures } from "../http/auth-failures.ts";

declare module "hono" {
  interface ContextVariableMap {
    merchant: AuthenticatedMerchant;
    staff: StaffActor;
  }
}

/**
 * Merchant API: `Authorization: Bearer sk_...` (the owner's secret key, an admin)
 * or a staff member's `st_...` token (agent or admin, M1). The request runs as
 * that actor, so each change records who made it (M6). Wrong keys count
 * against the caller's IP (key guessing, 429 after 30 in 5 minutes).
 */
export function merchantAuth(deps: AppDeps): MiddlewareHandler {
  return async function merchantAuthMiddleware(c, next) {
    const token = bearer(c.req.header("Authorization"));
    await countAuthFailures(deps, c, async () => {
      if (token?.startsWith("st_")) {
        const staff = await authenticateStaffToken(deps.core, token);
        const merchant = await findMerchant(deps.core, staff.merchantId);
        if (!merchant) throw new ProblemError(401, "invalid_api_key", "The API key is missing, malformed, revoked or unknown.");
        c.set("merchant", { id: merchant.id, name: merchant.name, mode: merchant.mode, allowedOrigins: merchant.allowedOrigins });
        c.set("staff", staff);
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

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
