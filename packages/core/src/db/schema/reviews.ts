import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/**
 * A customer's rating of the shop (Zoho "customer reviews"): 1–5 stars and a
 * comment, read only by the shop's staff, never shown to other customers.
 * One per customer, which they may change.
 */
export const shopReviews = pgTable(
  "shop_reviews",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    rating: integer("rating").notNull(),
    /** Null = stars only. */
    comment: text("comment"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("shop_reviews_customer_key").on(t.merchantId, t.customerId),
    index("shop_reviews_merchant_idx").on(t.merchantId, t.updatedAt),
    check("shop_reviews_rating_check", sql`${t.rating} between 1 and 5`),
  ],
);
