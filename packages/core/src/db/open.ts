import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { isTransientConflict } from "./errors.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The drizzle database both drivers produce; core code never needs to know which one it has. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export interface OpenDatabaseOptions {
  /** `postgres://...`: use that PostgreSQL server. Without it, the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; omitted = in memory. */
  dataDir?: string | undefined;
  /** PGlite: start from a `dumpDataDir()` snapshot (fast test databases). */
  loadDataDir?: Blob | undefined;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** The PGlite instance when embedded (for snapshots and pg-boss), otherwise undefined. */
  pglite: PGlite | undefined;
  /** The PostgreSQL URL when on a server (pg-boss opens its own pool), otherwise undefined. */
  url: string | undefined;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL("./migrations", import.meta.url));

/** Opens the one database Billfront runs on: PostgreSQL when a URL is given, else embedded PGlite. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<DatabaseHandle> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    const client = postgres(options.url, { onnotice: () => {}, max: 10 });
    const db = drizzlePostgres(client, { schema, casing: "snake_case" });
    if (shouldMigrate) await migratePostgres(db, { migrationsFolder });
    retryTransientConflicts(db as unknown as Database);
    return {
      db: db as unknown as Database,
      kind: "postgres",
      pglite: undefined,
      url: options.url,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite(pglite, { schema, casing: "snake_case" });
  if (shouldMigrate) await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Database,
    kind: "pglite",
    pglite,
    url: undefined,
    close: () => pglite.close(),
  };
}

/** How often a transaction aborted by a concurrent one is run again before the error reaches the caller. */
const TRANSACTION_RETRIES = 5;

/**
 * Core transactions never call out (the gateway is called between them), so a
 * transaction the server aborted for a deadlock or a serialization failure can
 * simply run again: callers see the outcome, never the conflict. Only the
 * outermost transaction is retried; savepoints are left alone.
 */
function retryTransientConflicts(db: Database): void {
  const run = db.transaction.bind(db);
  db.transaction = (async (work: Parameters<Database["transaction"]>[0], config?: Parameters<Database["transaction"]>[1]) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(work, config);
      } catch (error) {
        if (attempt >= TRANSACTION_RETRIES || !isTransientConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      }
    }
  }) as Database["transaction"];
}
