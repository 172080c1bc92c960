import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { randomToken } from "../ids.ts";

/** A fresh six-digit code for confirming a new e-mail address (A3), and its stored form. */
export function newEmailCode(): { code: string; hash: string } {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  return { code, hash: hashEmailCode(code, randomToken(16)) };
}

/** `salt:sha256(salt:code)`: the code itself is kept only in the e-mail. */
function hashEmailCode(code: string, salt: string): string {
  return `${salt}:${createHash("sha256").update(`${salt}:${code}`).digest("hex")}`;
}

/** Whether `code` is the one `stored` was made from, compared in constant time. */
export function emailCodeMatches(code: string, stored: string): boolean {
  const salt = stored.split(":")[0] ?? "";
  const expected = Buffer.from(stored);
  const actual = Buffer.from(hashEmailCode(code, salt));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
