import type { Context } from "hono";
import { deleteCookie, setCookie } from "hono/cookie";
import type { AppDeps } from "../deps.ts";

/** The `/staff` page's session cookie (M1): HttpOnly, SameSite=Strict, Path=/, Secure on an https BFF. */
export const STAFF_COOKIE = "billfront_staff";

function secure(deps: AppDeps): boolean {
  return new URL(deps.publicUrl).protocol === "https:";
}

/** Sets the cookie for a new session; it lives no longer than the session's lifetime. */
export function setStaffCookie(c: Context, deps: AppDeps, token: string, expiresAt: string): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - deps.core.clock.now().getTime()) / 1000));
  setCookie(c, STAFF_COOKIE, token, { httpOnly: true, sameSite: "Strict", path: "/", secure: secure(deps), maxAge });
}

/** Tells the browser to forget the cookie (sign-out, an ended session). */
export function clearStaffCookie(c: Context, deps: AppDeps): void {
  deleteCookie(c, STAFF_COOKIE, { httpOnly: true, sameSite: "Strict", path: "/", secure: secure(deps) });
}
