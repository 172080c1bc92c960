import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// W7: the one script a merchant adds must stay small. Deterministic, so checked here; speed lives in bench/.
const BUDGET_GZIP_BYTES = 25_000;

describe("widget bundle size (W7)", () => {
  it(`stays under ${BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const bundle = await readFile(fileURLToPath(import.meta.resolve("@billfront/widgets")));
    const gzipped = gzipSync(bundle, { level: 9 }).byteLength;
    expect(gzipped).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });
});
