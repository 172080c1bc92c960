import { sql } from "drizzle-orm";
import { bigint, check, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/**
 * Support incidents a customer holds (H3, H4): lifetime grants, or grants valid
 * for one period of a plan (10 a month for three months = three grants).
 */
export const incidentGrants = pgTable(
  "incident_grants",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    granted: integer("granted").notNull(),
    used: integer("used").notNull().default(0),
    /** Null = lifetime. */
    validFrom: timestamp("valid_from", { withTimezone: true, mode: "date" }),
    validUntil: timestamp("valid_until", { withTimezone: true, mode: "date" }),
    source: text("source").notNull(),
    /** The payment that earned it (H4 packages, H5 automatic grants); a void or full refund of it reverses the grant. */
    paymentId: text("payment_id"),
    orderId: text("order_id"),
    /** H5 funds grants: how this top-up moved the customer's carried remainder, so a reversal can move it back. */
    fundsRemainderDelta: bigint("funds_remainder_delta", { mode: "number" }),
    reversedAt: timestamp("reversed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("incident_grants_customer_idx").on(t.merchantId, t.customerId),
    index("incident_grants_payment_idx").on(t.merchantId, t.paymentId),
    check("incident_grants_used_check", sql`${t.used} >= 0 and ${t.used} <= ${t.granted}`),
  ],
);

/** Which grant paid for which ticket (H3); a ticket on credit (H6) has no grant. */
export const incidentCharges = pgTable(
  "incident_charges",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    ticketId: text("ticket_id").notNull(),
    grantId: text("grant_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("incident_charges_customer_idx").on(t.merchantId, t.customerId)],
);
