import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";
import { staffUsers } from "./staff.ts";

/** Why a staff sign-in code or MFA step stopped working before its time. */
export const STAFF_SIGN_IN_END_REASONS = ["used", "superseded", "too_many_attempts"] as const;

/**
 * Staff sign-in codes (M1): six digits e-mailed to a staff member; only an
 * HMAC is kept. A code dies when used, when a newer one is sent, after five
 * wrong tries, or at `expiresAt`.
 */
export const staffSignInCodes = pgTable(
  "staff_sign_in_codes",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    staffId: text("staff_id").notNull().references(() => staffUsers.id),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: STAFF_SIGN_IN_END_REASONS }),
  },
  (t) => [index("staff_sign_in_codes_staff_idx").on(t.staffId, t.createdAt)],
);

/**
 * A staff member's TOTP authenticator (M1). `confirmedAt` null = enrolment
 * started, not proven yet. The secret is sealed with BILLFRONT_SECRET;
 * `lastTimeStep` stops a code from being used twice.
 */
export const staffMfa = pgTable("staff_mfa", {
  staffId: text("staff_id")
    .primaryKey()
    .references(() => staffUsers.id),
  merchantId: text("merchant_id").notNull().references(() => merchants.id),
  sealedSecret: text("sealed_secret").notNull(),
  lastTimeStep: integer("last_time_step"),
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  confirmedAt: timestamp("confirmed_at", { withTimezone: true, mode: "date" }),
});

/**
 * The second step of a staff sign-in (M1): after the e-mailed code, a TOTP
 * check (`totp`) or, where the merchant requires TOTP and the staff member has
 * none, enrolment (`enrol`). Only the token's SHA-256 is kept; five tries.
 */
export const staffMfaChallenges = pgTable(
  "staff_mfa_challenges",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    staffId: text("staff_id").notNull().references(() => staffUsers.id),
    kind: text("kind", { enum: ["totp", "enrol"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    attempts: integer("attempts").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: STAFF_SIGN_IN_END_REASONS }),
  },
  (t) => [index("staff_mfa_challenges_staff_idx").on(t.staffId)],
);

/** Why a staff session ended before its time. */
export const STAFF_SESSION_END_REASONS = ["logout", "idle", "expired", "staff_disabled"] as const;
export type StaffSessionEndReason = (typeof STAFF_SESSION_END_REASONS)[number];

/**
 * Staff console sessions (M1): `cookie` ones from the `/staff` sign-in (the
 * HttpOnly `billfront_staff` cookie, with a CSRF token), `embed` ones minted by
 * the merchant's server for `<billfront-console token>` (`sts_…` bearer). Only
 * SHA-256 hashes of the token and the CSRF token are kept. A session ends
 * after `idleMinutes` without use, at `expiresAt`, on logout, or when the
 * staff member is disabled; times are on the injected clock.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    staffId: text("staff_id").notNull().references(() => staffUsers.id),
    kind: text("kind", { enum: ["cookie", "embed"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    csrfHash: text("csrf_hash"),
    idleMinutes: integer("idle_minutes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: STAFF_SESSION_END_REASONS }),
  },
  (t) => [index("staff_sessions_staff_idx").on(t.merchantId, t.staffId)],
);
