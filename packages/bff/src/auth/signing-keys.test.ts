import { generateSecret, listActiveSigningKeys, schema, secretBoxFrom } from "@billfront/core/server";
import { SignJWT, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { loadKeyRing } from "./signing-keys.ts";

// Issue 11 item 9: private signing keys are sealed at rest with BILLFRONT_SECRET.
describe("signing keys at rest", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());

  it("stores no plaintext private JWK, and the keys still sign and verify after a restart (loadKeyRing twice)", async () => {
    const rows = await t.core.db.select().from(schema.signingKeys);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.privateJwk).toBeNull();
    expect(rows[0]!.sealedPrivateJwk).toMatch(/^bfsb1\./);
    const [opened] = await listActiveSigningKeys(t.core);
    const privateD = String(opened!.privateJwk.d);
    expect(privateD.length).toBeGreaterThan(20);
    expect(JSON.stringify(rows[0])).not.toContain(privateD);

    const restarted = await loadKeyRing(t.core);
    expect(restarted.current.kid).toBe(t.deps.keys.current.kid);
    const token = await new SignJWT({ sub: "x" }).setProtectedHeader({ alg: "EdDSA", kid: restarted.current.kid }).sign(restarted.current.privateKey);
    await expect(jwtVerify(token, t.deps.keys.current.publicKey)).resolves.toBeTruthy();
    const older = await new SignJWT({ sub: "y" }).setProtectedHeader({ alg: "EdDSA" }).sign(t.deps.keys.current.privateKey);
    await expect(jwtVerify(older, restarted.current.publicKey)).resolves.toBeTruthy();
  });

  it("seals a key stored in plaintext (before encryption) on the next start, and keeps using it", async () => {
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const kid = "sigk_legacy";
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: "EdDSA" };
    await t.core.db.insert(schema.signingKeys).values({
      kid,
      algorithm: "EdDSA",
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" },
      privateJwk,
      sealedPrivateJwk: null,
      createdAt: t.clock.advance({ minutes: 1 }),
    });
    const ring = await loadKeyRing(t.core);
    expect(ring.current.kid).toBe(kid);
    const signed = await new SignJWT({ sub: "z" }).setProtectedHeader({ alg: "EdDSA" }).sign(ring.current.privateKey);
    await expect(jwtVerify(signed, publicKey)).resolves.toBeTruthy();
    const rows = await t.core.db.select().from(schema.signingKeys);
    expect(rows.every((r) => r.privateJwk === null && r.sealedPrivateJwk?.startsWith("bfsb1."))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(privateJwk.d!);
    expect((await loadKeyRing(t.core)).byKid.size).toBe(2);
  });

  it("stops with a readable error under another BILLFRONT_SECRET, and without one", async () => {
    await expect(loadKeyRing({ ...t.core, secrets: secretBoxFrom(generateSecret()) })).rejects.toThrow(/BILLFRONT_SECRET is not the one/);
    await expect(loadKeyRing({ ...t.core, secrets: undefined })).rejects.toThrow(/BILLFRONT_SECRET is not configured/);
  });
});
