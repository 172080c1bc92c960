import type { BillingAddress, customers } from "../db/schema/index.ts";
import type { NormalisedChanges } from "./account-rules.ts";

type CustomerRow = typeof customers.$inferSelect;

/** The column values that differ from the row (the e-mail aside: each caller decides how it changes), and their field names. */
export function changedFields(row: CustomerRow, changes: NormalisedChanges): { set: Partial<CustomerRow>; fields: string[] } {
  const set: Partial<CustomerRow> = {};
  const fields: string[] = [];
  if (changes.name !== undefined && changes.name !== row.name) {
    set.name = changes.name;
    fields.push("name");
  }
  if (changes.phone !== undefined && changes.phone !== row.phone) {
    set.phone = changes.phone;
    fields.push("phone");
  }
  if (changes.billingAddress !== undefined && !sameAddress(changes.billingAddress, row.billingAddress)) {
    set.billingAddress = changes.billingAddress;
    fields.push("billing_address");
  }
  if (changes.taxId !== undefined && (changes.taxId?.value ?? null) + "|" + (changes.taxId?.type ?? null) !== row.taxId + "|" + row.taxIdType) {
    set.taxId = changes.taxId?.value ?? null;
    set.taxIdType = changes.taxId?.type ?? null;
    fields.push("tax_id");
  }
  return { set, fields };
}

// Part by part: jsonb does not keep the order of an object's keys.
function sameAddress(a: BillingAddress | null, b: BillingAddress | null): boolean {
  if (a === null || b === null) return a === b;
  return (["line1", "line2", "postal_code", "city", "region", "country"] as const).every((k) => (a[k] ?? null) === (b[k] ?? null));
}
