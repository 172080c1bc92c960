import { z } from "zod";

/**
 * A point in time as the API takes it: ISO 8601 with `Z` or an offset
 * (`2026-06-01T00:00:00+02:00`), years 1 to 9999 (what the database stores;
 * year 0000 would otherwise reach it and fail), as a Date.
 */
export const apiTime = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, "must be a time between the years 1 and 9999");
