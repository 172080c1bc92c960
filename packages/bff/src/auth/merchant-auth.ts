import { authenticateApiKey, type AuthenticatedMerchant } from "@billfront/core/server";
import type { MiddlewareHandler } from "hono";
import type { AppDeps } from "../deps.ts";

declare module "hono" {
  interface ContextVariableMap {
    merchant: AuthenticatedMerchant;
  }
}

/** Merchant API: `Authorization: Bearer sk_...` -> the merchant, or 401 `invalid_api_key`. */
export function merchantAuth(deps: AppDeps): MiddlewareHandler {
  return async function merchantAuthMiddleware(c, next) {
    const merchant = await authenticateApiKey(deps.core, bearer(c.req.header("Authorization")));
    c.set("merchant", merchant);
    await next();
  };
}

export function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
