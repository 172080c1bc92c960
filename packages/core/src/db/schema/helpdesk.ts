import { sql } from "drizzle-orm";
import { bigint, boolean, check, customType, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Raw bytes; both drivers hand bytea over as Uint8Array.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
import { customers } from "./customers.ts";
import { merchants } from "./merchants.ts";

/** Helpdesk departments (H1). The helpdesk issue adds paid departments and incidents. */
export const departments = pgTable(
  "departments",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    name: text("name").notNull(),
    paid: boolean("paid").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    /** Archived by an admin (H1): no new tickets; its tickets stay as they are. */
    archivedAt: timestamp("archived_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [index("departments_merchant_idx").on(t.merchantId)],
);

/** Support tickets; manual refund and cancel requests arrive here for staff (R5, M3). */
export const tickets = pgTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    departmentId: text("department_id").notNull().references(() => departments.id),
    subject: text("subject").notNull(),
    status: text("status", { enum: ["open", "waiting_on_customer", "waiting_on_staff", "closed"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("tickets_customer_idx").on(t.merchantId, t.customerId),
    check("tickets_status_check", sql`${t.status} in ('open', 'waiting_on_customer', 'waiting_on_staff', 'closed')`),
  ],
);

export const ticketMessages = pgTable(
  "ticket_messages",
  {
    id: text("id").primaryKey(),
    /** Order of writing: timestamps can tie (a standing test clock, two messages in one millisecond). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    ticketId: text("ticket_id").notNull().references(() => tickets.id),
    author: text("author", { enum: ["customer", "staff", "system"] }).notNull(),
    body: text("body").notNull(),
    /** Staff notes to each other; never shown to the customer (H1). */
    internal: boolean("internal").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("ticket_messages_ticket_idx").on(t.merchantId, t.ticketId)],
);

/** Files on a ticket message (H1): images and PDF only, typed from their content, size-limited. */
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    ticketId: text("ticket_id").notNull().references(() => tickets.id),
    messageId: text("message_id").notNull().references(() => ticketMessages.id),
    fileName: text("file_name").notNull(),
    /** Detected from the bytes, never taken from the name or the client. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    data: bytea("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("ticket_attachments_ticket_idx").on(t.merchantId, t.ticketId)],
);

/** A customer's refund or cancellation request awaiting (or past) a staff decision (R5, M3). */
export const customerRequests = pgTable(
  "customer_requests",
  {
    id: text("id").primaryKey(),
    merchantId: text("merchant_id").notNull().references(() => merchants.id),
    customerId: text("customer_id").notNull().references(() => customers.id),
    kind: text("kind", { enum: ["refund", "cancellation"] }).notNull(),
    orderId: text("order_id").notNull(),
    paymentId: text("payment_id"),
    status: text("status", { enum: ["pending", "approved", "rejected"] }).notNull(),
    reason: text("reason"),
    decisionNote: text("decision_note"),
    ticketId: text("ticket_id").references(() => tickets.id),
    decidedBy: text("decided_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    index("customer_requests_merchant_idx").on(t.merchantId, t.status),
    check("customer_requests_kind_check", sql`${t.kind} in ('refund', 'cancellation')`),
    check("customer_requests_status_check", sql`${t.status} in ('pending', 'approved', 'rejected')`),
  ],
);
