import { and, desc, eq, isNull } from "drizzle-orm";
import { secretsOf, type CoreContext } from "../context.ts";
import { signingKeys } from "../db/schema/index.ts";

/** A signing key as the BFF uses it: the private half opened, never as stored. */
export interface SigningKeyMaterial {
  kid: string;
  algorithm: string;
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
}

/** What the private half of a key is bound to when sealed: its own kid, so a sealed key moved to another row does not open. */
const sealContext = (kid: string) => `signing_key:${kid}`;

/**
 * Keys not yet retired, newest first: the first signs, all of them verify. The
 * private halves are stored sealed with BILLFRONT_SECRET (AES-256-GCM); a row
 * from before that (a plaintext JWK) is sealed here, on first load, and its
 * plaintext removed. A different BILLFRONT_SECRET stops the load with a readable error.
 */
export async function listActiveSigningKeys(ctx: CoreContext): Promise<SigningKeyMaterial[]> {
  const box = secretsOf(ctx);
  const rows = await ctx.db.select().from(signingKeys).where(isNull(signingKeys.retiredAt)).orderBy(desc(signingKeys.createdAt));
  const keys: SigningKeyMaterial[] = [];
  for (const row of rows) {
    let privateJwk: Record<string, unknown>;
    if (row.sealedPrivateJwk) {
      privateJwk = JSON.parse(box.open(row.sealedPrivateJwk, sealContext(row.kid))) as Record<string, unknown>;
    } else if (row.privateJwk) {
      privateJwk = row.privateJwk;
      await ctx.db
        .update(signingKeys)
        .set({ sealedPrivateJwk: box.seal(JSON.stringify(privateJwk), sealContext(row.kid)), privateJwk: null })
        .where(and(eq(signingKeys.kid, row.kid), isNull(signingKeys.sealedPrivateJwk)));
    } else {
      continue;
    }
    keys.push({ kid: row.kid, algorithm: row.algorithm, publicJwk: row.publicJwk, privateJwk });
  }
  return keys;
}

/** Stores a freshly generated key pair, its private half sealed. */
export async function insertSigningKey(ctx: CoreContext, key: SigningKeyMaterial): Promise<void> {
  const sealed = secretsOf(ctx).seal(JSON.stringify(key.privateJwk), sealContext(key.kid));
  await ctx.db.insert(signingKeys).values({ kid: key.kid, algorithm: key.algorithm, publicJwk: key.publicJwk, privateJwk: null, sealedPrivateJwk: sealed, createdAt: ctx.clock.now(), retiredAt: null });
}
