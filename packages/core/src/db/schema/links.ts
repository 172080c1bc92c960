import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Signed links already exchanged for a session (P2): each emailed link works once. */
export const redeemedLinks = pgTable("redeemed_links", {
  jti: text("jti").primaryKey(),
  merchantId: text("merchant_id").notNull(),
  redeemedAt: timestamp("redeemed_at", { withTimezone: true, mode: "date" }).notNull(),
});
