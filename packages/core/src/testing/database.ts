import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { randomToken } from "../ids.ts";
import { openDatabase, type DatabaseHandle } from "../db/open.ts";

/**
 * Test databases are real: PGlite in process by default, or a fresh PostgreSQL
 * database (copied from a migrated template) when BILLFRONT_TEST_DB=postgres.
 * The global setup (./global-setup.ts) prepares the snapshot or template once per run.
 */
export type TestDatabaseKind = "pglite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.BILLFRONT_TEST_DB === "postgres" ? "postgres" : "pglite";
}

let snapshot: Promise<Blob> | undefined;

/** A migrated, empty database of its own, for one test file or one test. */
export async function createTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<DatabaseHandle> {
  return kind === "postgres" ? createPostgresTestDatabase() : createPgliteTestDatabase();
}

async function createPgliteTestDatabase(): Promise<DatabaseHandle> {
  snapshot ??= loadOrBuildSnapshot();
  return openDatabase({ loadDataDir: await snapshot, migrate: false });
}

async function loadOrBuildSnapshot(): Promise<Blob> {
  const path = process.env.BILLFRONT_PGLITE_SNAPSHOT;
  if (path) return new Blob([await readFile(path)]);
  return buildPgliteSnapshot();
}

/** Migrates an in-memory PGlite and dumps it, so each test database starts in ~0.4 s instead of ~3 s. */
export async function buildPgliteSnapshot(): Promise<Blob> {
  const handle = await openDatabase();
  try {
    return await handle.pglite!.dumpDataDir("none");
  } finally {
    await handle.close();
  }
}

async function createPostgresTestDatabase(): Promise<DatabaseHandle> {
  const adminUrl = requireDatabaseUrl();
  const template = process.env.BILLFRONT_PG_TEMPLATE;
  const name = `bf_test_${randomToken(12).toLowerCase()}`;
  await withAdmin(adminUrl, async (sql) => {
    if (template) await sql.unsafe(`create database "${name}" template "${template}"`);
    else await sql.unsafe(`create database "${name}"`);
  });
  const handle = await openDatabase({ url: withDatabase(adminUrl, name), migrate: !template });
  return {
    ...handle,
    async close() {
      await handle.close();
      await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}

export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("BILLFRONT_TEST_DB=postgres needs DATABASE_URL (postgres://user@host:port/db).");
  return url;
}

/** The same server URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withAdmin<T>(url: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { onnotice: () => {}, max: 1 });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
