import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// W7: the one script a merchant adds must stay small; views a page may never
// show (order details, the helpdesk) are chunks fetched on first use.
// Deterministic, so checked here; speed lives in bench/.
const ENTRY_BUDGET_GZIP_BYTES = 25_000;
const TOTAL_BUDGET_GZIP_BYTES = 45_000;
const entry = fileURLToPath(import.meta.resolve("@billfront/widgets"));
const gzipped = async (path: string) => gzipSync(await readFile(path), { level: 9 }).byteLength;

describe("widget bundle size (W7)", () => {
  it(`keeps the script-tag entry under ${ENTRY_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    expect(await gzipped(entry)).toBeLessThanOrEqual(ENTRY_BUDGET_GZIP_BYTES);
  });

  it(`keeps the entry and every lazy chunk together under ${TOTAL_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    const chunks = await readdir(join(dirname(entry), "chunks"));
    expect(chunks.some((name) => name.startsWith("helpdesk-tickets-"))).toBe(true);
    const sizes = await Promise.all([entry, ...chunks.map((name) => join(dirname(entry), "chunks", name))].map(gzipped));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TOTAL_BUDGET_GZIP_BYTES);
  });
});
