import { integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Idempotency keys of money-moving requests (R8): the first definite response is
 * kept (at least 24 hours) and replayed for a retry with the same key and body.
 * A running key is held by a lease its request renews while alive; a request
 * that died (a crashed BFF) lets its lease lapse and the next retry takes over.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    merchantId: text("merchant_id").notNull(),
    /** Who sent the key: `api:<key id>` or `portal:<customer id>`; keys of different callers never collide. */
    caller: text("caller").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: text("status", { enum: ["running", "done"] }).notNull(),
    /** The running request's claim; only it may renew, complete or release the key, so a taken-over request cannot overwrite its successor. */
    claimId: text("claim_id"),
    /** While a request runs: until when it holds the key. Past this instant the request is presumed dead. */
    leaseUntil: timestamp("lease_until", { withTimezone: true, mode: "date" }),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.caller, t.key] })],
);
