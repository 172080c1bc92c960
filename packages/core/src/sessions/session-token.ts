import { createHash } from "node:crypto";
import { randomToken } from "../ids.ts";

/**
 * A portal session token: `bfps.<merchant id>.<43 random characters>`. Only its
 * SHA-256 hash is stored. The merchant id (not a secret) is readable so a widget
 * can frame that merchant's card form; the random part carries ~256 bits.
 */
export function newSessionToken(merchantId: string): string {
  return `bfps.${merchantId}.${randomToken(43)}`;
}

export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** True when the string could be a session token at all (saves a lookup on garbage). */
export function looksLikeSessionToken(token: string): boolean {
  return /^bfps\.[A-Za-z0-9_]{1,64}\.[A-Za-z0-9]{43}$/.test(token);
}
