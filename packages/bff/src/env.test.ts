import { describe, expect, it } from "vitest";
import { readEnv } from "./env.ts";

describe("configuration (BILLFRONT_SECRET, TRUST_PROXY)", () => {
  it("requires BILLFRONT_SECRET in production, naming it but never echoing a value", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/BILLFRONT_SECRET: is required in production/);
    expect(() => readEnv({ BILLFRONT_SECRET: "c2hvcnQ=" })).toThrow(/BILLFRONT_SECRET.*at least 32 bytes/);
    expect(() => readEnv({ BILLFRONT_SECRET: "a".repeat(64) })).toThrow(/one byte repeated/);
    try {
      readEnv({ BILLFRONT_SECRET: "not base64 at all!" });
    } catch (error) {
      expect((error as Error).message).not.toContain("not base64 at all!");
    }
  });

  it("takes a 32-byte secret as hex or base64, and TRUST_PROXY=1", () => {
    const hex = "0123456789abcdef".repeat(4);
    expect(readEnv({ NODE_ENV: "production", BILLFRONT_SECRET: hex }).BILLFRONT_SECRET).toBe(hex);
    expect(readEnv({ BILLFRONT_SECRET: Buffer.from(hex, "hex").toString("base64") }).TRUST_PROXY).toBe(false);
    expect(readEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(true);
  });
});
