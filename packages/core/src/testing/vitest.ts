import { fileURLToPath } from "node:url";

const globalSetup = fileURLToPath(new URL("./global-setup.ts", import.meta.url));

/**
 * Vitest projects for a package whose tests use the database: always PGlite,
 * and PostgreSQL as well when DATABASE_URL is set (CI sets it).
 */
export function databaseProjects(include: string[] = ["src/**/*.test.ts"]) {
  const project = (name: "pglite" | "postgres") => ({
    extends: true as const,
    // Real databases on a shared 2-core machine: a generous per-test timeout, so load alone never fails a test.
    test: { name, include, globalSetup: [globalSetup], env: { BILLFRONT_TEST_DB: name }, testTimeout: 30_000 },
  });
  return process.env.DATABASE_URL ? [project("pglite"), project("postgres")] : [project("pglite")];
}

/**
 * Reporters for a package: the default one, plus a JSON file when
 * BILLFRONT_REPORT_DIR is set, from which .ci/run totals "N passed, N failed".
 */
export function reporting(name: string) {
  const dir = process.env.BILLFRONT_REPORT_DIR;
  if (!dir) return { reporters: ["default"] };
  return { reporters: ["default", "json"], outputFile: { json: `${dir}/${name}.vitest.json` } };
}
