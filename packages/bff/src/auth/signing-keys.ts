import { insertSigningKey, listActiveSigningKeys, newId, type CoreContext } from "@billfront/core/server";
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from "jose";

export const SIGNING_ALGORITHM = "EdDSA";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/** The keys that sign and verify portal tokens; the first one signs. */
export interface KeyRing {
  current: SigningKey;
  byKid: Map<string, SigningKey>;
  /** Public keys as a JWKS document (P3). */
  jwks: { keys: JWK[] };
}

/** Loads the signing keys from the database, generating the first one on first start (never committed). */
export async function loadKeyRing(ctx: CoreContext): Promise<KeyRing> {
  let rows = await listActiveSigningKeys(ctx);
  if (rows.length === 0) {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { crv: "Ed25519", extractable: true });
    const kid = newId("sigk");
    await insertSigningKey(ctx, {
      kid,
      algorithm: SIGNING_ALGORITHM,
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALGORITHM, use: "sig" },
      privateJwk: { ...(await exportJWK(privateKey)), kid, alg: SIGNING_ALGORITHM },
    });
    rows = await listActiveSigningKeys(ctx);
  }
  const keys = await Promise.all(
    rows.map(async (row): Promise<SigningKey> => ({
      kid: row.kid,
      privateKey: (await importJWK(row.privateJwk as JWK, row.algorithm)) as CryptoKey,
      publicKey: (await importJWK(row.publicJwk as JWK, row.algorithm)) as CryptoKey,
      publicJwk: row.publicJwk as JWK,
    })),
  );
  return {
    current: keys[0]!,
    byKid: new Map(keys.map((k) => [k.kid, k])),
    jwks: { keys: keys.map((k) => k.publicJwk) },
  };
}
