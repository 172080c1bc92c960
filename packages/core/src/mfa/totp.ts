import { randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import type { SecretBox } from "../crypto/secret-box.ts";

/** A code from the step before or after the current one still counts (clock drift of phones), ±30 s. */
const TOLERANCE_SECONDS = 30;
/** Recovery codes handed out per confirmed enrolment (P4). */
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A fresh TOTP secret (base32, 160 bits), as authenticator apps take it. */
export function newTotpSecret(): string {
  return generateSecret();
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(input: { issuer: string; label: string; secret: string }): string {
  return generateURI({ issuer: input.issuer, label: input.label, secret: input.secret });
}

/**
 * Checks a six-digit TOTP at `now` (the injected clock). `afterTimeStep` refuses
 * a code of a step already used, so a code seen over a shoulder cannot be replayed.
 */
export async function checkTotp(secret: string, code: string, now: Date, afterTimeStep: number | null): Promise<{ valid: true; timeStep: number } | { valid: false }> {
  if (!/^\d{6}$/.test(code)) return { valid: false };
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  // The TOTP strategy's result always carries the step it matched (the HOTP one does not).
  return result.valid && "timeStep" in result ? { valid: true, timeStep: result.timeStep as number } : { valid: false };
}

/** Ten codes like `k7m2-q9xa`, each usable once instead of a TOTP. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 8 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
}

/** How a recovery code is stored: an HMAC of its normalised form, bound to the customer. */
export function hashRecoveryCode(box: SecretBox, customerId: string, code: string): string {
  return box.mac("mfa_recovery_code", `${customerId}:${code.toLowerCase().replace(/[\s-]/g, "")}`);
}

/** What the TOTP secret of a customer is bound to when sealed. */
export const totpSealContext = (customerId: string) => `totp:${customerId}`;
