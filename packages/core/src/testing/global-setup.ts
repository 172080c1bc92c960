import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../db/open.ts";
import { randomToken } from "../ids.ts";
import { buildPgliteSnapshot, requireDatabaseUrl, testDatabaseKind, withAdmin, withDatabase } from "./database.ts";

/**
 * Vitest global setup: migrate once per run. PGlite: a data-dir snapshot every
 * test database is loaded from. PostgreSQL: a template database every test
 * database is copied from. Both are removed afterwards.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (testDatabaseKind() === "postgres") {
    const adminUrl = requireDatabaseUrl();
    const template = `bf_template_${randomToken(12).toLowerCase()}`;
    await withAdmin(adminUrl, (sql) => sql.unsafe(`create database "${template}"`));
    const handle = await openDatabase({ url: withDatabase(adminUrl, template) });
    await handle.close();
    process.env.BILLFRONT_PG_TEMPLATE = template;
    return async () => {
      await withAdmin(adminUrl, (sql) => sql.unsafe(`drop database if exists "${template}" with (force)`));
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "billfront-pglite-"));
  const file = join(dir, "snapshot.tar");
  await writeFile(file, Buffer.from(await (await buildPgliteSnapshot()).arrayBuffer()));
  process.env.BILLFRONT_PGLITE_SNAPSHOT = file;
  return () => rm(dir, { recursive: true, force: true });
}
