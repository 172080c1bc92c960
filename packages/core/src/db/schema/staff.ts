import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

/** Merchant support staff (M1): agents answer customers; admins also blacklist, change settings and manage keys. */
export const staffUsers = pgTable(
  "staff_users",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    email: text("email").notNull(),
    name: text("name"),
    role: text("role", { enum: ["agent", "admin"] }).notNull(),
    /** SHA-256 of the staff member's API token; the token is shown once. */
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("staff_users_merchant_idx").on(t.merchantId)],
);

/** Who did what, from where (M6, A9): one row per action of a customer, staff member, API key or job. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    /** `api_key:<merchant>` for the owner's secret key, `staff:<id>` for a staff member. */
    actor: text("actor").notNull(),
    source: text("source", { enum: ["portal", "staff", "api", "system"] }).notNull(),
    action: text("action").notNull(),
    subjectId: text("subject_id"),
    /** The customer the action concerns, when there is one (audit log filter). */
    customerId: text("customer_id"),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("audit_log_merchant_idx").on(t.merchantId, t.createdAt),
    index("audit_log_merchant_customer_idx").on(t.merchantId, t.customerId, t.createdAt),
    index("audit_log_merchant_action_idx").on(t.merchantId, t.action, t.createdAt),
  ],
);
