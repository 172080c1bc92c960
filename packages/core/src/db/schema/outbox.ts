import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { merchants } from "./merchants.ts";

export const EMAIL_TEMPLATES = ["welcome", "refund_confirmation", "void_confirmation", "refund_dropped", "card_expiring", "card_expired", "support_fee", "renewal_declined", "renewal_invoice", "subscription_cancelled", "renewal_unpaid", "sign_in_code"] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/**
 * Outgoing email (R7), written in the same transaction as the change it reports,
 * so a message exists if and only if the change committed. A job delivers it.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id"),
    template: text("template", { enum: EMAIL_TEMPLATES }).notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    /** What the message is about (a refund, a payment...), for staff to find and resend it. */
    subjectId: text("subject_id"),
    status: text("status", { enum: ["pending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** The message this one resends, if any. */
    resendOf: text("resend_of"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("outbox_messages_pending_idx").on(t.status, t.createdAt), index("outbox_messages_customer_idx").on(t.merchantId, t.customerId)],
);
