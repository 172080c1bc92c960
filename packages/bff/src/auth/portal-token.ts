import type { Clock } from "@billfront/core";
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters, type FlattenedJWSInput } from "jose";
import { ProblemError } from "../http/problem.ts";
import { SIGNING_ALGORITHM, type KeyRing } from "./signing-keys.ts";

/** JOSE `typ` of a portal session token: keeps other token kinds (links, later) from being used as sessions. */
export const PORTAL_TOKEN_TYPE = "billfront-portal+jwt";
export const PORTAL_SESSION_TTL_SECONDS = 30 * 60;

export interface PortalClaims {
  merchantId: string;
  customerId: string;
  expiresAt: Date;
}

/** Signs a short-lived portal session: `aud` = merchant, `sub` = customer. */
export async function signPortalToken(
  keys: KeyRing,
  clock: Clock,
  issuer: string,
  claims: { merchantId: string; customerId: string; ttlSeconds?: number },
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(clock.now().getTime() / 1000);
  const expiresAt = issuedAt + (claims.ttlSeconds ?? PORTAL_SESSION_TTL_SECONDS);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.current.kid, typ: PORTAL_TOKEN_TYPE })
    .setIssuer(issuer)
    .setAudience(claims.merchantId)
    .setSubject(claims.customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(keys.current.privateKey);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** Verifies signature, issuer, type and expiry (on the injected clock); maps every failure to a 401 code. */
export async function verifyPortalToken(keys: KeyRing, clock: Clock, issuer: string, token: string): Promise<PortalClaims> {
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters, _input: FlattenedJWSInput) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new ProblemError(401, "session_invalid", "The session was not signed by this server.");
        return key.publicKey;
      },
      { issuer, algorithms: [SIGNING_ALGORITHM], typ: PORTAL_TOKEN_TYPE, currentDate: clock.now(), requiredClaims: ["sub", "aud", "exp"] },
    );
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audience.length !== 1 || typeof audience[0] !== "string" || typeof payload.sub !== "string") {
      throw new ProblemError(401, "session_invalid", "The session does not name one merchant and one customer.");
    }
    return { merchantId: audience[0], customerId: payload.sub, expiresAt: new Date(payload.exp! * 1000) };
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    if (error instanceof errors.JWTExpired) throw new ProblemError(401, "session_expired", "The session has expired; ask the shop for a new link.");
    throw new ProblemError(401, "session_invalid", "The session token is not valid.");
  }
}
