import { and, eq, type SQL } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { documents } from "../db/schema/index.ts";
import { assertFilterIds, type TimeFilter } from "../list-filters.ts";
import { pageOrder, pageWhere, timeRange, toPage, type Page, type PageQuery } from "../pagination.ts";
import { toDocumentView, type DocumentView } from "./document-view.ts";

export interface ListInvoicesInput extends PageQuery {
  customerId?: string | undefined;
  orderId?: string | undefined;
  status?: "open" | "paid" | "void" | undefined;
  /** On `issued_at`. */
  created?: TimeFilter | undefined;
}

/** The merchant's invoices, newest issued first. */
export async function listInvoices(ctx: CoreContext, merchantId: string, input: ListInvoicesInput): Promise<Page<DocumentView>> {
  return listDocuments(ctx, merchantId, "invoice", input);
}

export type ListCreditNotesInput = Omit<ListInvoicesInput, "status">;

/** The merchant's credit notes (refunds documented), newest first. */
export async function listCreditNotes(ctx: CoreContext, merchantId: string, input: ListCreditNotesInput): Promise<Page<DocumentView>> {
  return listDocuments(ctx, merchantId, "credit_note", input);
}

async function listDocuments(ctx: CoreContext, merchantId: string, kind: "invoice" | "credit_note", input: ListInvoicesInput): Promise<Page<DocumentView>> {
  await assertFilterIds(ctx.db, merchantId, { customerId: input.customerId, orderId: input.orderId });
  const filters: SQL[] = [eq(documents.merchantId, merchantId), eq(documents.kind, kind), ...timeRange(documents.issuedAt, input.created ?? {})];
  if (input.customerId) filters.push(eq(documents.customerId, input.customerId));
  if (input.orderId) filters.push(eq(documents.orderId, input.orderId));
  if (input.status) filters.push(eq(documents.status, input.status));
  const columns = { at: documents.issuedAt, id: documents.id };
  const rows = await ctx.db
    .select()
    .from(documents)
    .where(and(...filters, pageWhere(columns, input.cursor)))
    .orderBy(...pageOrder(columns))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, toDocumentView, (row) => row.issuedAt);
}
