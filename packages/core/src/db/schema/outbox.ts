import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

/** Every message Billfront sends; each has copy in every catalogue (notifications/templates). */
export const MESSAGE_TEMPLATES = [
  "welcome",
  "portal_invite",
  "resend_link",
  "sign_in_code",
  "staff_sign_in_code",
  "refund_confirmation",
  "void_confirmation",
  "refund_dropped",
  "card_expiring",
  "card_expired",
  "support_fee",
  "renewal_declined",
  "renewal_invoice",
  "renewal_unpaid",
  "pay_order",
  "subscription_cancelled",
  "cancellation_scheduled",
  "subscription_paused",
  "document_forward",
  "email_change_code",
  "email_change_requested",
  "merchant_activity",
] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];
/** @deprecated the outbox carries SMS too; use MESSAGE_TEMPLATES. */
export const EMAIL_TEMPLATES = MESSAGE_TEMPLATES;
export type EmailTemplate = MessageTemplate;

export const MESSAGE_CHANNELS = ["email", "sms"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** `failed` is the dead letter: every attempt used, kept for staff to see and resend. */
export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Something sent with a message, by reference: the bytes are made when it is sent. */
export type OutboxAttachment = { kind: "document"; documentId: string };

/**
 * Outgoing e-mail and SMS (R7), written in the same transaction as the change it
 * reports, so a message exists if and only if the change committed. The
 * outbox-dispatch job delivers it: claimed under a lease, sent with no
 * transaction open, then marked sent, or retried with backoff until it is dead.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id"),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull().default("email"),
    template: text("template", { enum: MESSAGE_TEMPLATES }).notNull(),
    /** An e-mail address, or a phone number for SMS. */
    to: text("to").notNull(),
    /** The locale the copy was written in (the customer's, else the merchant's default). */
    locale: text("locale"),
    subject: text("subject").notNull(),
    /** The plain-text part; the whole message for SMS. */
    body: text("body").notNull(),
    /** The HTML part of an e-mail. */
    html: text("html"),
    attachments: jsonb("attachments").$type<OutboxAttachment[]>().notNull().default(sql`'[]'::jsonb`),
    /**
     * A link the message carries that is signed only when it is sent (portal
     * invite, pay order), so no usable token waits in this table; the copy
     * holds a placeholder until then.
     */
    linkPurpose: text("link_purpose"),
    /** What the message is about (a refund, a payment...), for staff to find and resend it. */
    subjectId: text("subject_id"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull(),
    /** Delivery attempts started (a claim counts, so a message that crashes its worker still runs out). */
    attempts: integer("attempts").notNull().default(0),
    /** The last failure as a short code (`smtp_550`, `ECONNECTION`), never a server's text: it can quote addresses. */
    lastError: text("last_error"),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    /** Not before this time (exponential backoff after a failure); null = now. */
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }),
    /** A worker's lease on the message while it talks to the provider; a lapsed lease is claimed again. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true, mode: "date" }),
    claimToken: text("claim_token"),
    /** The message this one resends, if any. */
    resendOf: text("resend_of"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("outbox_messages_pending_idx").on(t.status, t.createdAt),
    index("outbox_messages_customer_idx").on(t.merchantId, t.customerId),
    index("outbox_messages_merchant_status_idx").on(t.merchantId, t.status, t.createdAt),
  ],
);
