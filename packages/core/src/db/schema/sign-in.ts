import { boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/** Why a sign-in code or an MFA challenge stopped working before its time. */
export const SIGN_IN_END_REASONS = ["used", "superseded", "too_many_attempts"] as const;
export type SignInEndReason = (typeof SIGN_IN_END_REASONS)[number];

/**
 * Self sign-in codes (P4): six digits e-mailed with a sign-in link; only an
 * HMAC of the code is kept. A code dies when used, when a newer one is sent,
 * after five wrong tries, or at `expiresAt` (the customer's clock). The link
 * e-mailed with it names this row, so link and code are one credential.
 */
export const signInCodes = pgTable(
  "sign_in_codes",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    locale: text("locale"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: SIGN_IN_END_REASONS }),
  },
  (t) => [index("sign_in_codes_customer_idx").on(t.merchantId, t.customerId, t.createdAt)],
);

/**
 * A customer's TOTP authenticator (P4). `confirmedAt` null = enrolment started
 * but not yet proven with a code. The secret is sealed with BILLFRONT_SECRET;
 * `lastTimeStep` stops a code from being used twice.
 */
export const customerMfa = pgTable("customer_mfa", {
  customerId: text("customer_id")
    .primaryKey()
    .references(() => customers.id),
  merchantId: text("merchant_id").notNull().references(() => merchants.id),
  sealedSecret: text("sealed_secret").notNull(),
  lastTimeStep: integer("last_time_step"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true, mode: "date" }),
});

/** One-time recovery codes (P4), ten per confirmed enrolment; only HMACs kept. */
export const mfaRecoveryCodes = pgTable(
  "mfa_recovery_codes",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    codeHash: text("code_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("mfa_recovery_codes_customer_idx").on(t.merchantId, t.customerId)],
);

/**
 * The second step of a sign-in (P4): after the e-mailed code or link, a
 * customer with MFA on gets a challenge token (only its hash kept) to answer
 * with a TOTP or a recovery code, five tries at most.
 */
export const mfaChallenges = pgTable(
  "mfa_challenges",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    tokenHash: text("token_hash").notNull().unique(),
    attempts: integer("attempts").notNull().default(0),
    locale: text("locale"),
    /** Came from the e-mailed link rather than the code (kept for the session's source). */
    viaLink: boolean("via_link").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: SIGN_IN_END_REASONS }),
  },
  (t) => [index("mfa_challenges_customer_idx").on(t.merchantId, t.customerId)],
);
