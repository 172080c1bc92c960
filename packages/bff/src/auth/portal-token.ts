import { customerTime, type CoreContext } from "@billfront/core/server";
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

/**
 * Signs a token for one customer of one merchant: `aud` = merchant, `sub` = customer.
 * A customer on a test clock (A10) also gets `tcx`, the expiry on that clock, so
 * advancing the clock expires links and sessions as real time would; the wall-clock
 * `exp` still bounds the token, so a clock standing still never stretches its life.
 */
export async function signCustomerToken(
  keys: KeyRing,
  core: CoreContext,
  issuer: string,
  input: { kind: TokenKind; merchantId: string; customerId: string; ttlSeconds: number; extra?: JWTPayload },
): Promise<{ token: string; expiresAt: Date }> {
  const wall = core.clock.now();
  const issuedAt = Math.floor(wall.getTime() / 1000);
  const expiresAt = issuedAt + input.ttlSeconds;
  const clockOfCustomer = await customerTime({ ...core, clock: { now: () => wall } }, core.db, input.merchantId, input.customerId);
  const onTestClock = clockOfCustomer.getTime() !== wall.getTime();
  const claims: JWTPayload = { ...(input.extra ?? {}), ...(onTestClock ? { tcx: Math.floor(clockOfCustomer.getTime() / 1000) + input.ttlSeconds } : {}) };
  const token = await new SignJWT(claims)
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
export function signPortalToken(keys: KeyRing, core: CoreContext, issuer: string, claims: { merchantId: string; customerId: string; ttlSeconds?: number; paymentLinkOrderId?: string }) {
  return signCustomerToken(keys, core, issuer, {
    kind: "portal",
    merchantId: claims.merchantId,
    customerId: claims.customerId,
    ttlSeconds: claims.ttlSeconds ?? PORTAL_SESSION_TTL_SECONDS,
    ...(claims.paymentLinkOrderId ? { extra: { plo: claims.paymentLinkOrderId } } : {}),
  });
}

/** Verifies signature, issuer, kind and expiry (on the injected clock, and on the customer's test clock when it has one); every failure is a 401 with a code. */
export async function verifyCustomerToken(keys: KeyRing, core: CoreContext, issuer: string, token: string, kind: TokenKind): Promise<PortalClaims> {
  const what = kind === "portal" ? "session" : "link";
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters, _input: FlattenedJWSInput) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new ProblemError(401, `${what}_invalid`, `The ${what} was not signed by this server.`);
        return key.publicKey;
      },
      { issuer, algorithms: [SIGNING_ALGORITHM], typ: TOKEN_TYPES[kind], currentDate: core.clock.now(), requiredClaims: ["sub", "aud", "exp"] },
    );
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audience.length !== 1 || typeof audience[0] !== "string" || typeof payload.sub !== "string") {
      throw new ProblemError(401, `${what}_invalid`, `The ${what} does not name one merchant and one customer.`);
    }
    if (typeof payload.tcx === "number") {
      const now = await customerTime(core, core.db, audience[0], payload.sub);
      if (now.getTime() / 1000 > payload.tcx) throw new ProblemError(401, `${what}_expired`, `The ${what} has expired on this customer's test clock; ask the shop for a new one.`);
    }
    return { merchantId: audience[0], customerId: payload.sub, expiresAt: new Date(payload.exp! * 1000), extra: payload };
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    if (error instanceof errors.JWTExpired) throw new ProblemError(401, `${what}_expired`, `The ${what} has expired; ask the shop for a new one.`);
    throw new ProblemError(401, `${what}_invalid`, `The ${what} is not valid.`);
  }
}

/** Verifies a portal session token. */
export function verifyPortalToken(keys: KeyRing, core: CoreContext, issuer: string, token: string): Promise<PortalClaims> {
  return verifyCustomerToken(keys, core, issuer, token, "portal");
}
