import { bigint, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    email: text("email").notNull(),
    name: text("name"),
    locale: text("locale"),
    /** For SMS (E.164, e.g. +447700900123); optional. */
    phone: text("phone"),
    /** The merchant's own id for this customer, if they want to look it up by that. */
    externalId: text("external_id"),
    /** Set by an admin (M1): a blacklisted customer cannot open portal sessions. */
    /** Tickets to paid departments allowed on credit when out of incidents (H6); 0 = none. */
    incidentCreditLimit: integer("incident_credit_limit").notNull().default(0),
    /** Funds added that have not yet earned an incident (H5), in the merchant's funds-grant currency. */
    incidentFundsRemainder: bigint("incident_funds_remainder", { mode: "number" }).notNull().default(0),
    /** A sandbox test clock this customer lives on (A10); billing for them runs at its time. */
    testClockId: text("test_clock_id"),
    blacklistedAt: timestamp("blacklisted_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("customers_merchant_idx").on(t.merchantId),
    uniqueIndex("customers_merchant_external_id_key").on(t.merchantId, t.externalId),
  ],
);
