import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

/** One signing secret of an endpoint, sealed at rest; a rotated-out secret keeps signing until `expiresAt` (24 h). */
export interface WebhookSecret {
  sealed: string;
  createdAt: string;
  expiresAt: string | null;
}

/** Where a merchant wants to hear about actions (M4): an https URL and the event types it wants (`["*"]` = all). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    url: text("url").notNull(),
    description: text("description"),
    enabledEvents: jsonb("enabled_events").$type<string[]>().notNull().default(sql`'["*"]'::jsonb`),
    disabled: boolean("disabled").notNull().default(false),
    /** Newest first; every secret whose `expiresAt` is unset or in the future signs each delivery. */
    secrets: jsonb("secrets").$type<WebhookSecret[]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("webhook_endpoints_merchant_idx").on(t.merchantId, t.createdAt)],
);

/** One event per recorded action (the audit row's webhook twin), written in the action's transaction. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    type: text("type").notNull(),
    /** Exactly the JSON body every endpoint receives. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("webhook_events_merchant_idx").on(t.merchantId, t.createdAt), index("webhook_events_merchant_type_idx").on(t.merchantId, t.type, t.createdAt)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

/** One event to one endpoint: claimed under a lease, sent with no transaction open, retried with backoff; `failed` is the dead letter. */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    eventId: text("event_id").notNull().references(() => webhookEvents.id),
    endpointId: text("endpoint_id").notNull().references(() => webhookEndpoints.id),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    claimedUntil: timestamp("claimed_until", { withTimezone: true, mode: "date" }),
    claimToken: text("claim_token"),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);

/** Each try of a delivery: status code, time taken, error class and a short snippet of the answer, never more. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: text("id").primaryKey(),
    deliveryId: text("delivery_id").notNull().references(() => webhookDeliveries.id),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, mode: "date" }).notNull(),
    statusCode: integer("status_code"),
    durationMs: integer("duration_ms").notNull(),
    /** `http_500`, `timeout`, `ECONNREFUSED`, `blocked_address`... null on success. */
    error: text("error"),
    responseSnippet: text("response_snippet"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.attemptedAt)],
);
