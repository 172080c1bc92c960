import { describe, expect, it } from "vitest";
import { generateSecret, isSealed, parseSecret, secretBoxFrom } from "./secret-box.ts";

describe("SecretBox (BILLFRONT_SECRET)", () => {
  const box = secretBoxFrom(generateSecret());

  it("seals with AES-256-GCM bound to its row: another context, another secret or a changed byte does not open", () => {
    const sealed = box.seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "totp:cus_1");
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain("JBSWY3DP");
    expect(box.seal("same", "c")).not.toBe(box.seal("same", "c"));
    expect(box.open(sealed, "totp:cus_1")).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(() => box.open(sealed, "totp:cus_2")).toThrow(/BILLFRONT_SECRET is not the one/);
    expect(() => secretBoxFrom(generateSecret()).open(sealed, "totp:cus_1")).toThrow(/not the one/);
    const parts = sealed.split(".");
    parts[2] = parts[2]!.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    expect(() => box.open(parts.join("."), "totp:cus_1")).toThrow();
  });

  it("keys hashes by purpose", () => {
    const mac = box.mac("sign_in_code", "sic_1:123456");
    expect(mac).toMatch(/^[0-9a-f]{64}$/);
    expect(box.verifyMac("sign_in_code", "sic_1:123456", mac)).toBe(true);
    expect(box.verifyMac("mfa_recovery_code", "sic_1:123456", mac)).toBe(false);
  });

  it("takes 32+ bytes of hex or base64 and refuses short or constant secrets", () => {
    expect(parseSecret("0123456789abcdef".repeat(4))).toHaveLength(32);
    expect(parseSecret(generateSecret())).toHaveLength(32);
    expect(() => parseSecret("abcd")).toThrow(/at least 32 bytes/);
    expect(() => parseSecret("00".repeat(32))).toThrow(/one byte repeated/);
  });
});
