import { and, eq, isNull } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { apiKeys, merchants } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { hashApiKey, looksLikeSecretKey } from "./api-keys.ts";

export interface AuthenticatedMerchant {
  id: string;
  name: string;
  mode: "test" | "live";
  allowedOrigins: string[];
  /** The key used, when the caller is a secret key (sessions it mints end when it is revoked). */
  apiKeyId?: string;
}

/** Resolves a secret API key to its merchant, or fails with `invalid_api_key`. */
export async function authenticateApiKey(ctx: CoreContext, key: string | undefined): Promise<AuthenticatedMerchant> {
  if (!key || !looksLikeSecretKey(key)) throw invalidKey();
  const [row] = await ctx.db
    .select({ id: merchants.id, name: merchants.name, mode: merchants.mode, allowedOrigins: merchants.allowedOrigins, apiKeyId: apiKeys.id })
    .from(apiKeys)
    .innerJoin(merchants, eq(merchants.id, apiKeys.merchantId))
    .where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) throw invalidKey();
  return row;
}

function invalidKey(): DomainError {
  return new DomainError("unauthenticated", "invalid_api_key", "The API key is missing, malformed, revoked or unknown.");
}
