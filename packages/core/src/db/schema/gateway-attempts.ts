import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/** What an attempt asks the gateway for; `none` records an operation settled without the gateway (paid from account credit), so its key still replays it. */
export const GATEWAY_ATTEMPT_KINDS = ["authorize", "preauthorize", "capture", "release", "refund", "void", "none"] as const;
/** What the outcome is booked as; each purpose has one booking function (payments/attempts/finish-attempt.ts). */
export const GATEWAY_ATTEMPT_PURPOSES = ["invoice_payment", "top_up", "renewal", "refund", "void", "support_fee", "support_fee_change", "ticket", "bill_now", "capture", "release", "subscription_start"] as const;

/**
 * Every gateway call, written and committed before it is made (the money
 * pattern): a crash between the call and its booking leaves a `started` row
 * that the resume job finishes by asking the gateway again with the same key.
 * A `done` row keeps the operation's result, so a retry with the same
 * idempotency key answers exactly what the first request did.
 */
export const gatewayAttempts = pgTable(
  "gateway_attempts",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    kind: text("kind", { enum: GATEWAY_ATTEMPT_KINDS }).notNull(),
    purpose: text("purpose", { enum: GATEWAY_ATTEMPT_PURPOSES }).notNull(),
    /** The caller's idempotency key, scoped to the customer: the same key is the same operation. */
    idempotencyKey: text("idempotency_key").notNull(),
    /** Sent to the gateway; stable across every retry of this attempt. */
    gatewayKey: text("gateway_key").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    /** authorize: the card charged. */
    paymentMethodId: text("payment_method_id"),
    /** refund / void: the payment (transaction) it acts on. */
    paymentId: text("payment_id"),
    /** refund: which try of this refund (R4), passed to the gateway. */
    try: integer("try").notNull().default(1),
    /** renewal: the subscription the billing run charges for. */
    subscriptionId: text("subscription_id"),
    /** What the booking needs: the invoices and amounts paid, the refund row, the subscription... */
    target: jsonb("target").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: ["started", "done"] }).notNull(),
    /** The gateway's answer once booked. */
    outcome: jsonb("outcome").$type<Record<string, unknown>>(),
    /** The operation's answer, replayed to a retry with the same idempotency key. */
    result: jsonb("result").$type<Record<string, unknown>>(),
    source: text("source", { enum: ["portal", "staff", "api", "system"] }).notNull(),
    actor: text("actor"),
    /** The operation's time, on the customer's clock (a test clock may say any date). */
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** The database's own time of writing: how long a started attempt has waited, whatever the test clock says. */
    recordedAt: timestamp("recorded_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("gateway_attempts_key").on(t.merchantId, t.customerId, t.idempotencyKey),
    uniqueIndex("gateway_attempts_gateway_key").on(t.gatewayKey),
    index("gateway_attempts_started_idx").on(t.status, t.recordedAt),
    index("gateway_attempts_subscription_idx").on(t.subscriptionId, t.status),
  ],
);
