import { and, asc, desc, eq, gt, gte, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { DomainError } from "./errors.ts";

/** `?limit=&cursor=` of every merchant and portal list: 1–100 rows, 20 by default. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

/** One page of a list, newest first; `next_cursor` asks for the rows after the last one. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

interface CursorPosition {
  at: Date;
  id: string;
}

/** An opaque cursor: the (created_at, id) of the last row of a page, base64url. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const date = new Date(String(at));
    if (typeof id !== "string" || !/^[a-z]+_[0-9A-Za-z]{1,64}$/.test(id) || Number.isNaN(date.getTime())) throw new Error("shape");
    return { at: date, id };
  } catch {
    throw new DomainError("invalid", "cursor_invalid", "The cursor is not one this API returned.");
  }
}

/**
 * The WHERE part and ORDER BY of a keyset page over (at desc, id desc), `at` being
 * the list's ordering time column (`created_at`, `placed_at`):
 * rows strictly after the cursor. Fetch `limit + 1` rows and hand them to `toPage`.
 */
export function pageWhere(columns: { at: PgColumn; id: PgColumn }, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  return or(lt(columns.at, position.at), and(eq(columns.at, position.at), lt(columns.id, position.id)));
}

export function pageOrder(columns: { at: PgColumn; id: PgColumn }): SQL[] {
  return [desc(columns.at), desc(columns.id)];
}

/** The same keyset page the other way round, oldest first (a work queue such as the review queue, M3). */
export function pageWhereOldestFirst(columns: { at: PgColumn; id: PgColumn }, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const position = decodeCursor(cursor);
  return or(gt(columns.at, position.at), and(eq(columns.at, position.at), gt(columns.id, position.id)));
}

export function pageOrderOldestFirst(columns: { at: PgColumn; id: PgColumn }): SQL[] {
  return [asc(columns.at), asc(columns.id)];
}

/**
 * Cuts `limit + 1` fetched rows to a page and its cursor; `view` maps a row to its
 * API shape, `at` names the row's ordering time (its `createdAt` unless given).
 */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  view: (row: Row) => T,
  at: (row: Row) => Date = (row) => (row as unknown as { createdAt: Date }).createdAt,
): Page<T> {
  const hasMore = rows.length > limit;
  const kept = hasMore ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { data: kept.map(view), has_more: hasMore, next_cursor: hasMore && last ? encodeCursor({ at: at(last), id: last.id }) : null };
}

/**
 * The `created_after` / `created_before` (or `placed_…`) filter of a list: a
 * half-open range, `after` inclusive (at or after), `before` exclusive.
 */
export function timeRange(column: PgColumn, range: { after?: Date | undefined; before?: Date | undefined }): SQL[] {
  return [...(range.after ? [gte(column, range.after)] : []), ...(range.before ? [lt(column, range.before)] : [])];
}

/** A `q` search term as an ILIKE pattern matching it anywhere, its own `%`, `_` and `\\` taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
