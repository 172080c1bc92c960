import { sql } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { documentSequences, type DocumentKind } from "../db/schema/documents.ts";
import { formatDocumentNumber } from "./rules.ts";

/**
 * Takes the next document number for a merchant and kind inside the caller's
 * transaction. The upsert holds the sequence row's lock until commit, so
 * concurrent issuers queue up, and a rolled-back transaction gives its number back:
 * numbers never repeat and never skip.
 */
export async function takeDocumentNumber(tx: Executor, merchantId: string, kind: DocumentKind): Promise<string> {
  const [row] = await tx
    .insert(documentSequences)
    .values({ merchantId, kind, nextValue: 1 })
    .onConflictDoUpdate({
      target: [documentSequences.merchantId, documentSequences.kind],
      set: { nextValue: sql`${documentSequences.nextValue} + 1` },
    })
    .returning({ value: documentSequences.nextValue });
  return formatDocumentNumber(kind, row!.value);
}
