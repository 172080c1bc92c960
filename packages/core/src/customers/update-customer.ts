import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertStorable } from "../storable.ts";
import { fieldError, fieldErrors, normaliseChanges, type AccountChanges, type FieldError } from "./account-rules.ts";
import { changedFields } from "./changed-fields.ts";
import { toCustomerView, type CustomerView } from "./create-customer.ts";
import { customerRow } from "./get-account.ts";

/**
 * The merchant (API key or staff) changes a customer's details (A3, M2). Formats
 * are checked as in the portal, but the portal's field access settings do not
 * apply, and a new e-mail address takes effect at once (dropping any change the
 * customer had pending). Unchanged fields are left out.
 */
export async function updateCustomer(
  ctx: CoreContext,
  merchantId: string,
  customerId: string,
  changes: AccountChanges & { locale?: string | null | undefined; customFields?: Record<string, string> | undefined },
): Promise<CustomerView> {
  assertStorable(changes, "customer");
  const customFields = changes.customFields === undefined ? undefined : normaliseCustomFields(changes.customFields);
  const normalised = normaliseChanges(changes);
  if (normalised.email === null) throw fieldErrors([fieldError("email", "field_required", "is required")]);
  return ctx.db.transaction(async (tx) => {
    const scope = { merchantId, customerId };
    const row = await customerRow(tx, scope, { lock: true });
    if (row.deletedAt) throw new DomainError("not_allowed", "customer_deleted", "This customer was deleted; their details can no longer change.");
    const { set } = changedFields(row, normalised);
    if (normalised.email !== undefined && normalised.email !== row.email) {
      Object.assign(set, { email: normalised.email, pendingEmail: null, emailCodeHash: null, emailCodeExpiresAt: null, emailCodeAttempts: 0 });
    }
    if (changes.locale !== undefined) set.locale = changes.locale?.trim() || null;
    if (customFields !== undefined && JSON.stringify(customFields) !== JSON.stringify(row.customFields ?? {})) set.customFields = customFields;
    // Which fields changed, not their values: the audit log and webhooks carry no personal data.
    const changed = Object.keys(set).filter((key) => !["pendingEmail", "emailCodeHash", "emailCodeExpiresAt", "emailCodeAttempts"].includes(key)).sort();
    // Nothing changed: nothing to record.
    if (Object.keys(set).length === 0) return toCustomerView(row);
    await recordAction(tx, ctx, { merchantId, customerId, action: "customer.updated", subjectId: customerId, details: { changed } });
    const [updated] = await tx
      .update(customers)
      .set(set)
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)))
      .returning();
    return toCustomerView(updated!);
  });
}

/** Most custom fields one customer carries, and their sizes. */
export const CUSTOM_FIELDS_LIMITS = { fields: 20, name: 40, value: 500 } as const;

/**
 * M2 "other info": the whole set of the merchant's fields for a customer, replacing
 * what was there. Names are trimmed and unique; an empty value drops the field.
 * Stored sorted by name, so an unchanged set compares equal.
 */
export function normaliseCustomFields(input: Record<string, string>): Record<string, string> {
  const errors: FieldError[] = [];
  const out: Record<string, string> = {};
  for (const [rawName, rawValue] of Object.entries(input)) {
    const name = rawName.trim();
    const value = typeof rawValue === "string" ? rawValue.trim() : null;
    if (value === null) errors.push(fieldError(`custom_fields.${rawName}`, "invalid_custom_field", "must be text"));
    else if (!name || name.length > CUSTOM_FIELDS_LIMITS.name) errors.push(fieldError(`custom_fields.${rawName}`, "invalid_custom_field", `a field name is 1 to ${CUSTOM_FIELDS_LIMITS.name} characters`));
    else if (value.length > CUSTOM_FIELDS_LIMITS.value) errors.push(fieldError(`custom_fields.${name}`, "invalid_custom_field", `a value is at most ${CUSTOM_FIELDS_LIMITS.value} characters`));
    else if (name in out) errors.push(fieldError(`custom_fields.${name}`, "invalid_custom_field", "a field name is used twice"));
    else if (value) out[name] = value;
  }
  if (Object.keys(out).length > CUSTOM_FIELDS_LIMITS.fields) errors.push(fieldError("custom_fields", "invalid_custom_field", `at most ${CUSTOM_FIELDS_LIMITS.fields} fields`));
  if (errors.length > 0) throw fieldErrors(errors);
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}
