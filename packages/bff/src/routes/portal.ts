import {
  forwardDocument,
  getDocumentPdf,
  getPortalConfig,
  getInvoice,
  getOrderDetails,
  getOrderSummaryPdf,
  getTransactionDocumentPdf,
  getPortalSessionInfo,
  logoutPortalSession,
  listBillingHistory,
  listOrders,
  MAX_PAGE_SIZE,
  type PdfFile,
} from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppDeps } from "../deps.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";

const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  cursor: z.string().min(1).max(500).optional(),
});

// Ids are looked up, not pattern-checked: an id that does not exist is simply not found (404).
const idParam = z.object({ id: z.string().min(1).max(64) });
const transactionDocumentParam = idParam.extend({ kind: z.enum(["invoice", "receipt", "credit_note"]) });

/** Portal API (customer session, authenticated in app.ts): what one customer sees of one merchant. */
export function portalRoutes(deps: AppDeps) {
  return new Hono()
    // The caller's own session: its flow (A5), validated return URL, expiry; and logout (A8).
    .get("/session", doc({ summary: "Get the current portal session", tag: "Portal" }), async (c) => c.json(await getPortalSessionInfo(deps.core, c.var.portal)))
    .delete("/session", doc({ summary: "Log out (end the current portal session)", tag: "Portal", status: 204 }), async (c) => {
      await logoutPortalSession(deps.core, c.var.portal);
      return c.body(null, 204);
    })
    // The portal's frame (P6, W2): banner, slug, custom tabs and portal-wide actions, with this customer's overrides.
    .get("/config", doc({ summary: "Get the portal's frame: banner, tabs, portal-wide actions", tag: "Portal" }), validate("query", z.strictObject({ locale: z.string().min(2).max(35).optional() })), async (c) => {
      return c.json(await getPortalConfig(deps.core, c.var.portal, { locale: c.req.valid("query").locale }));
    })
    .get("/orders", doc({ summary: "List the customer's orders, newest first", tag: "Portal" }), validate("query", listQuery), async (c) => {
      const query = c.req.valid("query");
      return c.json(await listOrders(deps.core, c.var.portal, { limit: query.limit, cursor: query.cursor }));
    })
    .get("/orders/:id", doc({ summary: "Get an order with its lines, history and actions", tag: "Portal" }), validate("param", idParam), async (c) => {
      return c.json(await getOrderDetails(deps.core, c.var.portal, c.req.valid("param").id));
    })
    .get("/orders/:id/summary.pdf", doc({ summary: "Download an order summary PDF", tag: "Portal", response: { description: "The PDF", contentType: "application/pdf" } }), validate("param", idParam), async (c) => {
      return pdf(c, await getOrderSummaryPdf(deps.core, c.var.portal, c.req.valid("param").id));
    })
    .get("/billing_history", doc({ summary: "List the customer's billing history", tag: "Portal" }), async (c) => {
      return c.json({ data: await listBillingHistory(deps.core, c.var.portal) });
    })
    // One invoice, as a "pay this invoice" link opens it (A5): a limited session may read only its own.
    .get("/invoices/:id", doc({ summary: "Get an invoice", tag: "Portal" }), validate("param", idParam), async (c) => {
      return c.json(await getInvoice(deps.core, c.var.portal, c.req.valid("param").id));
    })
    .get("/documents/:id/pdf", doc({ summary: "Download a document (invoice, receipt, credit note) as PDF", tag: "Portal", response: { description: "The PDF", contentType: "application/pdf" } }), validate("param", idParam), async (c) => {
      return pdf(c, await getDocumentPdf(deps.core, c.var.portal, c.req.valid("param").id));
    })
    .post("/documents/:id/forward", doc({ summary: "E-mail a document to another address", tag: "Portal", status: 202 }), validate("param", idParam), validate("json", z.strictObject({ to: z.email().max(254) })), async (c) => {
      return c.json(await forwardDocument(deps.core, c.var.portal, { documentId: c.req.valid("param").id, to: c.req.valid("json").to }), 202);
    })
    .get("/transactions/:id/documents/:kind", doc({ summary: "Download a transaction's invoice, receipt or credit note PDF", tag: "Portal", response: { description: "The PDF", contentType: "application/pdf" } }), validate("param", transactionDocumentParam), async (c) => {
      const { id, kind } = c.req.valid("param");
      return pdf(c, await getTransactionDocumentPdf(deps.core, c.var.portal, id, kind));
    });
}

/** A PDF download with a readable file name; private, never cached by shared caches. */
export function pdf(c: Context, file: PdfFile): Response {
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "application/pdf",
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    // Lets the widget on the merchant's page read the file name.
    "Access-Control-Expose-Headers": "Content-Disposition",
  });
}
