import { createHash } from "node:crypto";
import { randomToken } from "../ids.ts";

const SECRET_KEY_SHAPE = /^sk_(test|live)_[0-9A-Za-z]{32}$/;

/** A new secret key, e.g. `sk_test_` + 32 base62 characters (190 bits). */
export function generateSecretKey(mode: "test" | "live"): string {
  return `sk_${mode}_${randomToken(32)}`;
}

/** The stored form of a key. A fast hash is right here: the key has 190 bits of entropy. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** True when the string could be a secret key at all (saves a lookup on garbage). */
export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY_SHAPE.test(key);
}

/** `sk_test_AbCd…` — enough to recognise a key in a list, never enough to use it. */
export function keyHint(key: string): string {
  return `${key.slice(0, 12)}…`;
}
