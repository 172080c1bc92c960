import type { BillingAddress, CustomerFieldAccess, FieldAccess, customers } from "../db/schema/customers.ts";
import { ADDRESS_REQUIRED_PARTS, COUNTRY_CODES, EMAIL_CODE_MAX_ATTEMPTS, TAX_ID_TYPES, isEditable, isRequired, type TaxId } from "./account-rules.ts";

/** One customer field as the portal shows it (A3): its value and what the customer may do with it. */
export interface AccountFieldView<T> {
  value: T;
  access: Exclude<FieldAccess, "hidden">;
  editable: boolean;
  /** Editable but never empty: a mandatory field, and the e-mail address always. */
  required: boolean;
}

/** A change of address waiting for the code sent to the new address. */
export interface PendingEmailView {
  email: string;
  /** When the code sent there lapses; after that (or with no attempts left) the customer asks for a new one. */
  expires_at: string;
  attempts_left: number;
}

/**
 * The customer's own account details (A3). A field the merchant hides is absent
 * altogether; the others say whether the customer may change them.
 */
export interface AccountView {
  customer_id: string;
  fields: {
    name?: AccountFieldView<string | null>;
    email?: AccountFieldView<string> & { pending: PendingEmailView | null };
    phone?: AccountFieldView<string | null>;
    /** `countries`: the ISO 3166-1 alpha-2 codes the address may name; `required_parts`: what an address must have. */
    billing_address?: AccountFieldView<BillingAddress | null> & { countries: readonly string[]; required_parts: readonly (keyof BillingAddress)[] };
    /** `types`: the kinds of tax number the customer may choose from. */
    tax_id?: AccountFieldView<TaxId | null> & { types: readonly string[] };
  };
}

type CustomerRow = typeof customers.$inferSelect;

/** The account view of a customer row under the merchant's field access settings. */
export function toAccountView(row: CustomerRow, access: CustomerFieldAccess): AccountView {
  const field = <T>(name: keyof CustomerFieldAccess, value: T): AccountFieldView<T> | undefined => {
    const mode = access[name];
    if (mode === "hidden") return undefined;
    return { value, access: mode, editable: isEditable(mode), required: isRequired(name, mode) };
  };
  const fields: AccountView["fields"] = {};
  const name = field("name", row.name);
  if (name) fields.name = name;
  const email = field("email", row.email);
  if (email) fields.email = { ...email, pending: pendingEmail(row) };
  const phone = field("phone", row.phone);
  if (phone) fields.phone = phone;
  const address = field("billingAddress", row.billingAddress);
  if (address) fields.billing_address = { ...address, countries: COUNTRY_CODES, required_parts: ADDRESS_REQUIRED_PARTS };
  const taxId = field("taxId", row.taxId === null ? null : { value: row.taxId, type: row.taxIdType as TaxId["type"] });
  if (taxId) fields.tax_id = { ...taxId, types: TAX_ID_TYPES };
  return { customer_id: row.id, fields };
}

function pendingEmail(row: CustomerRow): PendingEmailView | null {
  if (!row.pendingEmail || !row.emailCodeExpiresAt) return null;
  return { email: row.pendingEmail, expires_at: row.emailCodeExpiresAt.toISOString(), attempts_left: Math.max(0, EMAIL_CODE_MAX_ATTEMPTS - row.emailCodeAttempts) };
}
