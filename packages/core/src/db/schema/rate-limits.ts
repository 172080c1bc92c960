import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Abuse limits (sign-in, link exchange, credential guessing, card saving): one
 * row per limited key (`<limiter>:<subject>`), holding the points used in the
 * current window and when it ends. Kept in the shared database so every BFF
 * process counts against the same numbers.
 */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  points: integer("points").notNull(),
  expire: timestamp("expire", { withTimezone: true, mode: "date" }),
});
