import { boolean, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/** How a session came to be: minted by the merchant's server (P1), exchanged from a link (P2) or a payment link (O7), or self sign-in (P4). */
export const SESSION_SOURCES = ["api", "link", "payment_link", "sign_in"] as const;
export type SessionSource = (typeof SESSION_SOURCES)[number];

/** Why a session ended before its time (A8). */
export const SESSION_END_REASONS = ["logout", "merchant", "blacklisted", "portal_disabled", "api_key_revoked", "customer_deleted"] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * Portal sessions (P1, A8): an opaque random token of which only a SHA-256 hash
 * is kept. A session ends after `idle` minutes without use, at `expiresAt`
 * whatever its use, or when revoked. Times are on the customer's clock (a test
 * clock's, in a sandbox); `wallExpiresAt` bounds it on the real clock as well.
 */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    tokenHash: text("token_hash").notNull().unique(),
    source: text("source", { enum: SESSION_SOURCES }).notNull(),
    /** The API key that minted it; revoking the key ends the session. */
    apiKeyId: text("api_key_id"),
    /** The link (jti) it was exchanged from. */
    linkJti: text("link_jti"),
    /** Deep-link flow (A5) the portal opens at, and the id it is about (an invoice, a subscription). */
    flow: text("flow"),
    flowSubjectId: text("flow_subject_id"),
    /** A session from an action link may do only what its flow needs (P2). */
    limited: boolean("limited").notNull().default(false),
    /** A payment-link session pays this order only (O7). */
    checkoutOrderId: text("checkout_order_id"),
    /** Validated against the merchant's allowed origins when the session was made (A5). */
    returnUrl: text("return_url"),
    locale: text("locale"),
    idleMinutes: integer("idle_minutes").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    wallExpiresAt: timestamp("wall_expires_at", { withTimezone: true, mode: "date" }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, mode: "date" }),
    endReason: text("end_reason", { enum: SESSION_END_REASONS }),
  },
  (t) => [index("portal_sessions_customer_idx").on(t.merchantId, t.customerId)],
);
