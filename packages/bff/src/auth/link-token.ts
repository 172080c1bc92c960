import { customerTime, type CoreContext } from "@billfront/core/server";
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type FlattenedJWSInput, type JWTHeaderParameters, type JWTPayload } from "jose";
import { ProblemError } from "../http/problem.ts";
import { SIGNING_ALGORITHM, type KeyRing } from "./signing-keys.ts";

/** JOSE `typ` of each token kind: a token of one kind is never accepted as another. */
export const TOKEN_TYPES = {
  /** A payment link for one order (O7). */
  checkout: "billfront-checkout+jwt",
  /** An emailed or SMS link that opens the portal (at one flow), once (P2). */
  link: "billfront-link+jwt",
} as const;
export type TokenKind = keyof typeof TOKEN_TYPES;

export interface PortalClaims {
  merchantId: string;
  customerId: string;
  expiresAt: Date;
  /** Extra claims of the token kind, e.g. `oid` (order) of a payment link. */
  extra: JWTPayload;
}

/**
 * Signs a link token for one customer of one merchant: `aud` = merchant, `sub` = customer.
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

/**
 * Verifies a link token (P2, O7): EdDSA signature by a key of ours (`kid`), issuer,
 * `typ` (a link or a payment link, never anything else), one merchant (`aud`) and
 * customer (`sub`), `jti`, and expiry on the injected clock and on the customer's
 * test clock when they have one. Every failure is a 401 with its own code.
 */
export async function verifyLinkToken(keys: KeyRing, core: CoreContext, issuer: string, token: string): Promise<PortalClaims & { kind: TokenKind; jti: string }> {
  let kind: TokenKind;
  try {
    const header = decodeProtectedHeader(token);
    const found = (Object.keys(TOKEN_TYPES) as TokenKind[]).find((k) => TOKEN_TYPES[k] === header.typ);
    if (!found) throw new ProblemError(401, "link_type_invalid", "This is not a Billfront link.");
    if (header.alg !== SIGNING_ALGORITHM) throw new ProblemError(401, "link_signature_invalid", "The link was not signed by this server.");
    kind = found;
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError(401, "link_invalid", "The link is not valid.");
  }
  try {
    const { payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters, _input: FlattenedJWSInput) => {
        const key = header.kid ? keys.byKid.get(header.kid) : undefined;
        if (!key) throw new ProblemError(401, "link_key_unknown", "The link was not signed by a key of this server.");
        return key.publicKey;
      },
      { issuer, algorithms: [SIGNING_ALGORITHM], typ: TOKEN_TYPES[kind], currentDate: core.clock.now(), requiredClaims: ["sub", "aud", "exp", "jti"] },
    );
    const audience = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (audience.length !== 1 || typeof audience[0] !== "string" || typeof payload.sub !== "string" || typeof payload.jti !== "string") {
      throw new ProblemError(401, "link_invalid", "The link does not name one merchant and one customer.");
    }
    if (typeof payload.tcx === "number") {
      const now = await customerTime(core, core.db, audience[0], payload.sub);
      if (now.getTime() / 1000 > payload.tcx) throw new ProblemError(401, "link_expired", "The link has expired on this customer's test clock; ask the shop for a new one.");
    }
    return { kind, jti: payload.jti, merchantId: audience[0], customerId: payload.sub, expiresAt: new Date(payload.exp! * 1000), extra: payload };
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    if (error instanceof errors.JWTExpired) throw new ProblemError(401, "link_expired", "The link has expired; ask the shop for a new one.");
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JWSSignatureVerificationFailed) throw new ProblemError(401, "link_signature_invalid", "The link was not signed by this server.");
    if (error instanceof errors.JWTClaimValidationFailed) {
      const code = error.claim === "iss" ? "link_issuer_invalid" : error.claim === "typ" ? "link_type_invalid" : "link_invalid";
      throw new ProblemError(401, code, "The link is not valid here.");
    }
    throw new ProblemError(401, "link_invalid", "The link is not valid.");
  }
}
