import {
  getMerchantDocumentPdf,
  getMerchantOrder,
  getMerchantOrderSummaryPdf,
  listCreditNotes,
  listInvoices,
  listMerchantOrders,
  listPayments,
  listStaffTickets,
  listSubscriptions,
  listSupportFees,
  ORDER_STATUSES,
  schema,
} from "@billfront/core/server";
import type { OrderStatus } from "@billfront/core";
import { Hono } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { doc } from "../http/doc.ts";
import { validate } from "../http/validate.ts";
import { pdf } from "./portal.ts";
import { createdRange, listQuery, listQueryOn, prefixedId } from "./list-query.ts";

const customer = prefixedId("cus", "a customer").optional();
const order = prefixedId("ord", "an order");
const ticket = prefixedId("tkt", "a ticket");

const ordersQuery = listQueryOn("placed", {
  customer,
  /** The stored lifecycle state (the derived `status` of each row follows from it and the payments). */
  state: z.enum(schema.ORDER_STATES).optional(),
  /** The derived status each row shows (paid, past_due, refunded, ...). */
  status: z.enum(ORDER_STATUSES as [OrderStatus, ...OrderStatus[]]).optional(),
  type: z.enum(schema.ORDER_TYPES).optional(),
});
const subscriptionsQuery = listQuery({ customer, status: z.enum(schema.SUBSCRIPTION_STATUSES).optional() });
const paymentsQuery = listQuery({ customer, order: order.optional(), status: z.enum(schema.TRANSACTION_STATUSES).optional(), kind: z.enum(schema.TRANSACTION_KINDS).optional() });
const invoicesQuery = listQuery({ customer, order: order.optional(), status: z.enum(["open", "paid", "void"]).optional() });
const creditNotesQuery = listQuery({ customer, order: order.optional() });
const ticketsQuery = listQuery({
  customer,
  department: prefixedId("dep", "a department").optional(),
  status: z.enum(["open", "waiting_on_customer", "waiting_on_staff", "closed"]).optional(),
});
const supportFeesQuery = listQuery({ customer, ticket: ticket.optional() });

/**
 * Merchant API back office lists (Bearer sk_/st_): cursor pages `{data, has_more,
 * next_cursor}`, newest first; a filter id that is not this merchant's is 404.
 * Plus one order for staff and any document or order summary as PDF.
 */
export function merchantListRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  return new Hono()
    .get("/orders", doc({ summary: "List orders", tag: "Orders" }), authenticated, validate("query", ordersQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await listMerchantOrders(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, state: q.state, status: q.status, type: q.type, placed: { after: q.placed_after, before: q.placed_before } }),
      );
    })
    .get("/orders/:id", doc({ summary: "Get an order with lines, totals, history and documents", tag: "Orders" }), authenticated, validate("param", z.object({ id: order })), async (c) => {
      return c.json(await getMerchantOrder(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .get("/orders/:id/summary.pdf", doc({ summary: "Download an order summary PDF", tag: "Orders", response: { description: "The PDF", contentType: "application/pdf" } }), authenticated, validate("param", z.object({ id: order })), async (c) => {
      return pdf(c, await getMerchantOrderSummaryPdf(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .get("/documents/:id/pdf", doc({ summary: "Download a document (invoice, receipt, credit note) as PDF", tag: "Orders", response: { description: "The PDF", contentType: "application/pdf" } }), authenticated, validate("param", z.object({ id: prefixedId("doc", "a document") })), async (c) => {
      return pdf(c, await getMerchantDocumentPdf(deps.core, c.var.merchant.id, c.req.valid("param").id));
    })
    .get("/subscriptions", doc({ summary: "List subscriptions", tag: "Subscriptions" }), authenticated, validate("query", subscriptionsQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listSubscriptions(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, status: q.status, created: createdRange(q) }));
    })
    .get("/payments", doc({ summary: "List payments and refunds", tag: "Payments" }), authenticated, validate("query", paymentsQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listPayments(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, orderId: q.order, status: q.status, kind: q.kind, created: createdRange(q) }));
    })
    .get("/invoices", doc({ summary: "List invoices", tag: "Orders" }), authenticated, validate("query", invoicesQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listInvoices(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, orderId: q.order, status: q.status, created: createdRange(q) }));
    })
    .get("/credit_notes", doc({ summary: "List credit notes", tag: "Payments" }), authenticated, validate("query", creditNotesQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listCreditNotes(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, orderId: q.order, created: createdRange(q) }));
    })
    .get("/tickets", doc({ summary: "List tickets", tag: "Helpdesk" }), authenticated, validate("query", ticketsQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(
        await listStaffTickets(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, departmentId: q.department, status: q.status, created: createdRange(q) }),
      );
    })
    .get("/support_fees", doc({ summary: "List support-fee expenses", tag: "Helpdesk" }), authenticated, validate("query", supportFeesQuery), async (c) => {
      const q = c.req.valid("query");
      return c.json(await listSupportFees(deps.core, c.var.merchant.id, { limit: q.limit, cursor: q.cursor, customerId: q.customer, ticketId: q.ticket, created: createdRange(q) }));
    });
}
