import type { Transaction } from "../db/open.ts";
import { documents, type DocumentLine } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { takeDocumentNumber } from "./numbering.ts";

type DocumentRow = typeof documents.$inferInsert;

/** What a caller says about a new document; id, number, totals and the issued status follow from it. */
export type DocumentDraft = Omit<DocumentRow, "id" | "number" | "status" | "subtotalAmount" | "taxAmount" | "totalAmount"> & {
  status?: DocumentRow["status"];
  lines: DocumentLine[];
  /** When the lines do not say it (a partial receipt of a taxed invoice, say). */
  totals?: { subtotal: number; tax: number; total: number };
};

/**
 * Issues one document (invoice, receipt, credit note) in the caller's
 * transaction: the next number of its kind (no gaps: a rollback gives it back)
 * and totals that are the sum of its lines — items as subtotal, tax lines as tax.
 */
export async function issueDocument(tx: Transaction, draft: DocumentDraft): Promise<typeof documents.$inferSelect> {
  const subtotal = draft.lines.filter((l) => l.kind !== "tax").reduce((s, l) => s + l.amount, 0);
  const tax = draft.lines.filter((l) => l.kind === "tax").reduce((s, l) => s + l.amount, 0);
  const totals = draft.totals ?? { subtotal, tax, total: subtotal + tax };
  const id = newId("doc");
  const number = await takeDocumentNumber(tx, draft.merchantId, draft.kind);
  const { totals: _totals, ...row } = draft;
  const [issued] = await tx
    .insert(documents)
    .values({ ...row, id, number, status: draft.status ?? "issued", subtotalAmount: totals.subtotal, taxAmount: totals.tax, totalAmount: totals.total })
    .returning();
  return issued!;
}
