import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// W7: the one script a merchant adds must stay small; views a page may never
// show (order details, the helpdesk) are chunks fetched on first use.
// Deterministic, so checked here; speed lives in bench/.
const ENTRY_BUDGET_GZIP_BYTES = 29_000;
/**
 * What a page showing the three customer elements (orders with their details,
 * payment methods, helpdesk) loads, in any one language (W7). Issue 15 aims at
 * 40 000; this holds today's size from growing while that work is open.
 */
const THREE_ELEMENTS_BUDGET_GZIP_BYTES = 49_000;
/** The same page in another language: English still travels in the entry (issue 15 moves it to a chunk of its own). */
const THREE_ELEMENTS_OTHER_LANGUAGE_BUDGET_GZIP_BYTES = 58_000;
/** <account-details>, a chunk of its own with its texts, loaded only where a page shows it. */
const ACCOUNT_BUDGET_GZIP_BYTES = 8_000;
/** The hosted portal's frame (tabs, banner, language switch, sign-out), only on Billfront's own page. */
const HOSTED_PORTAL_BUDGET_GZIP_BYTES = 6_500;
const LANGUAGES = ["de", "fr", "es"];
const entry = fileURLToPath(import.meta.resolve("@billfront/widgets/billfront.js"));
const gzipped = async (path: string) => gzipSync(await readFile(path), { level: 9 }).byteLength;

describe("widget bundle size (W7)", async () => {
  const chunks = await readdir(join(dirname(entry), "chunks"));
  const chunk = (prefix: string) => {
    const name = chunks.find((n) => n.startsWith(`${prefix}-`));
    if (!name) throw new Error(`no chunk ${prefix}-*.js`);
    return join(dirname(entry), "chunks", name);
  };
  const sum = async (paths: string[]) => (await Promise.all(paths.map(gzipped))).reduce((a, b) => a + b, 0);

  it(`keeps the script-tag entry under ${ENTRY_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    expect(await gzipped(entry)).toBeLessThanOrEqual(ENTRY_BUDGET_GZIP_BYTES);
  });

  it(`keeps what a page with the three customer elements loads under ${THREE_ELEMENTS_BUDGET_GZIP_BYTES} bytes gzipped, in English and in every other language`, async () => {
    const views = [entry, chunk("order-details"), chunk("payment-methods"), chunk("helpdesk-tickets"), chunk("download")];
    expect(await sum(views)).toBeLessThanOrEqual(THREE_ELEMENTS_BUDGET_GZIP_BYTES);
    // English travels in the entry; every other language is one more chunk, fetched only for that locale.
    for (const language of LANGUAGES) expect(await sum([...views, chunk(language)])).toBeLessThanOrEqual(THREE_ELEMENTS_OTHER_LANGUAGE_BUDGET_GZIP_BYTES);
  });

  it(`keeps <account-details> under ${ACCOUNT_BUDGET_GZIP_BYTES} bytes gzipped in any language`, async () => {
    for (const language of LANGUAGES) expect(await sum([chunk("account-details"), chunk(`account-${language}`)])).toBeLessThanOrEqual(ACCOUNT_BUDGET_GZIP_BYTES);
  });

  it(`keeps the hosted portal's frame under ${HOSTED_PORTAL_BUDGET_GZIP_BYTES} bytes gzipped`, async () => {
    expect(await gzipped(chunk("hosted-portal"))).toBeLessThanOrEqual(HOSTED_PORTAL_BUDGET_GZIP_BYTES);
  });

  it("names every chunk, the console's too, as the BFF serves them (letters, digits, - and _)", async () => {
    for (const dir of ["chunks", "console-chunks"]) {
      const names = await readdir(join(dirname(entry), dir));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name, `${dir}/${name}`).toMatch(/^[A-Za-z0-9_-]+\.js$/);
    }
  });
});
