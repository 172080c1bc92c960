import { createHash, randomInt } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import { randomToken } from "../ids.ts";

/** Tries a sign-in code or an MFA challenge allows before it dies (P4). */
export const MAX_CODE_ATTEMPTS = 5;
/** Minutes an e-mailed sign-in code lives, on the customer's clock. */
export const SIGN_IN_CODE_MINUTES = 15;
/** Minutes the MFA step of a sign-in may take. */
export const MFA_CHALLENGE_MINUTES = 10;

/** Six random digits (leading zeros kept). */
export function newSignInCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** The stored form of a code: an HMAC keyed by BILLFRONT_SECRET and bound to its row, so a database copy does not give it away. */
export function hashSignInCode(box: SecretBox, codeId: string, code: string): string {
  return box.mac("sign_in_code", `${codeId}:${code}`);
}

/** What a customer types may carry spaces or a dash ("123 456"). */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/** The MFA step's token: random, kept only as a SHA-256 hash. */
export function newChallengeToken(): string {
  return `bfmc.${randomToken(43)}`;
}

export function hashChallengeToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
