import type { Clock } from "@billfront/core";
import { errors, jwtVerify, SignJWT, type FlattenedJWSInput, type JWTHeaderParameters, type JWTPayload } from "jose";
import { ProblemError } from "../http/problem.ts";
import { SIGNING_ALGORITHM, type KeyRing } from "./signing-keys.ts";

/** JOSE `typ` of each token kind: a token of one kind is never accepted as another. */
export const TOKEN_TYPES = {
  /** A short portal session (P1). */
  portal: "billfront-portal+jwt",
  /** A payment link for one order (O7). */
  checkout: "billfront-checkout+jwt",
  /** An emailed link that opens the portal at one flow, once (P2, R2). */
  link: "billfront-link+jwt",
} as const;
export type TokenKind = keyof typeof TOKEN_TYPES;

export const PORTAL_TOKEN_TYPE = TOKEN_TYPES.portal;
export const PORTAL_SESSION_TTL_SECONDS = 30 * 60;

export interface PortalClaims {
  merchantId: string;
  customerId: string;
  expiresAt: Date;
  /** Extra claims of the token kind, e.g. `oid` (order) of a payment link. */
  extra: JWTPayload;
}

/** Signs a token for one customer of one merchant: `aud` = merchant, `sub` = customer. */
export async function signCustomerToken(
  keys: KeyRing,
  clock: Clock,
  issuer: string,
  input: { kind: TokenKind; merchantId: string; customerId: string; ttlSeconds: number; extra?: JWTPayload },
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(clock.now().getTime() / 1000);
  const expiresAt = issuedAt + input.ttlSeconds;
  const token = await new SignJWT(input.extra ?? {})
    .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.current.kid, typ: TOKEN_TYPES[input.kind] })
    .setIssuer(issuer)
    .setAudience(input.merchantId)
    .setSubject(input.customerId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(crypto.randomUUID())
    .sign(keys.current.privateKey);
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

/** Signs a short-lived portal session (P1); `paymentLinkOrderId` marks one opened from a payment link (O7). */
export function signPortalToken(keys: KeyRing, clock: Clock, issuer: string, claims: { merchantId: string; customerId: string; ttlSeconds?: number; paymentLinkOrderId?: string }) {
  return signCustomerToken(keys, clock, issuer, {
    kind: "portal",
    merchantId: claims.merchantId,
    customerId: claims.customerId,
    ttlSeconds: claims.ttlSeconds ?? PORTAL_SESSION_TTL_SECONDS,
    ...(claims.paymentLinkOrderId ? { extra: { plo: claims.paymentLinkOrderId } } : {}),
  });
}

/** Verifies signature, issuer, kind and expiry (on the injected clock); every failure is a 401 with a code. */
export async function verifyCustomerToken(keys: KeyRing, clock: Clock, issuer: string, token: string, kind: TokenKind): Promise<PortalClaims> {
  const what = kind === "portal" ? "session" : "link";
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters, _input: FlattenedJWSInput) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new ProblemError(401, `${what}_invalid`, `The ${what} was not signed by this server.`);
        return key.publicKey;
      },
      { issuer, algorithms: [SIGNING_ALGORITHM], typ: TOKEN_TYPES[kind], currentDate: clock.now(), requiredClaims: ["sub", "aud", "exp"] },
    );
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audience.length !== 1 || typeof audience[0] !== "string" || typeof payload.sub !== "string") {
      throw new ProblemError(401, `${what}_invalid`, `The ${what} does not name one merchant and one customer.`);
    }
    return { merchantId: audience[0], customerId: payload.sub, expiresAt: new Date(payload.exp! * 1000), extra: payload };
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    if (error instanceof errors.JWTExpired) throw new ProblemError(401, `${what}_expired`, `The ${what} has expired; ask the shop for a new one.`);
    throw new ProblemError(401, `${what}_invalid`, `The ${what} is not valid.`);
  }
}

/** Verifies a portal session token. */
export function verifyPortalToken(keys: KeyRing, clock: Clock, issuer: string, token: string): Promise<PortalClaims> {
  return verifyCustomerToken(keys, clock, issuer, token, "portal");
}
