import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { assertStorable } from "../storable.ts";
import { fieldError, fieldErrors, normaliseChanges, type AccountChanges } from "./account-rules.ts";
import { changedFields } from "./changed-fields.ts";
import { toCustomerView, type CustomerView } from "./create-customer.ts";
import { customerRow } from "./get-account.ts";

/**
 * The merchant (API key or staff) changes a customer's details (A3, M2). Formats
 * are checked as in the portal, but the portal's field access settings do not
 * apply, and a new e-mail address takes effect at once (dropping any change the
 * customer had pending). Unchanged fields are left out.
 */
export async function updateCustomer(ctx: CoreContext, merchantId: string, customerId: string, changes: AccountChanges & { locale?: string | null | undefined }): Promise<CustomerView> {
  assertStorable(changes, "customer");
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
