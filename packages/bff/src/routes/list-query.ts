import { apiTime } from "../http/time-schema.ts";
import { pageQuerySchema } from "@billfront/core/server";
import { z, type ZodRawShape } from "zod";

/** A prefixed id (`cus_…`, `ord_…`) as list filters and path params take it. */
export const prefixedId = (prefix: string, noun: string) => z.string().max(64).regex(new RegExp(`^${prefix}_[0-9A-Za-z]+$`), `must be ${noun} id (${prefix}_...)`);

/** An ISO 8601 time with an offset (`2026-06-01T00:00:00Z`), as a Date. */
export const queryTime = apiTime;

/** `true` / `false` in a query string. */
export const queryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

/**
 * The query of every merchant list: `limit` (1–100, default 20), `cursor`
 * (opaque, from `next_cursor`), `created_after` (inclusive) / `created_before`
 * (exclusive), plus the list's own filters. Unknown parameters are refused (400),
 * so a misspelt filter never silently lists everything.
 */
export function listQuery<Shape extends ZodRawShape>(filters: Shape) {
  return z.strictObject({ ...pageQuerySchema.shape, created_after: queryTime.optional(), created_before: queryTime.optional(), ...filters });
}

/** The query of a list with no time range: `limit`, `cursor` and its own filters, unknown parameters refused (400). */
export function pageQuery<Shape extends ZodRawShape>(filters: Shape) {
  return z.strictObject({ ...pageQuerySchema.shape, ...filters });
}

/** A list with no filters: only `limit` and `cursor`. */
export const pageOnlyQuery = z.strictObject(pageQuerySchema.shape);

/** A list ordered by another time than its creation (orders: `placed_after` / `placed_before`). */
export function listQueryOn<Shape extends ZodRawShape, Name extends string>(name: Name, filters: Shape) {
  const range = { [`${name}_after`]: queryTime.optional(), [`${name}_before`]: queryTime.optional() } as Record<`${Name}_after` | `${Name}_before`, z.ZodOptional<typeof queryTime>>;
  return z.strictObject({ ...pageQuerySchema.shape, ...range, ...filters });
}

/** The created range of a validated list query. */
export function createdRange(query: { created_after?: Date | undefined; created_before?: Date | undefined }) {
  return { after: query.created_after, before: query.created_before };
}
