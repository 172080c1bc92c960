import type { AccountView, BillingAddress } from "@billfront/core";
import type { AccountPatch } from "./account-client.ts";

// The form of <account-details> and the request it becomes: only the editable fields the customer changed are sent.

type Fields = AccountView["fields"];

export const ADDRESS_PARTS = ["line1", "line2", "postal_code", "city", "region", "country"] as const satisfies readonly (keyof BillingAddress)[];
export const ADDRESS_AUTOCOMPLETE: Record<(typeof ADDRESS_PARTS)[number], string> = {
  line1: "address-line1",
  line2: "address-line2",
  postal_code: "postal-code",
  city: "address-level2",
  region: "address-level1",
  country: "country",
};
/** Field paths this element has an input (or fieldset) for; an error for any other path goes to the form's summary. */
export const FORM_PATHS = new Set(["name", "email", "phone", "billing_address", "tax_id", "tax_id.value", "tax_id.type", ...ADDRESS_PARTS.map((p) => `billing_address.${p}`)]);

/** The id of the input for an API field path (`billing_address.city` -> `f-billing_address-city`). */
export function fieldId(path: string): string {
  return `f-${path.replace(/\./g, "-")}`;
}

/** The editable fields whose form value differs from the account's: only those are sent. */
export function changesFrom(form: FormData, f: Fields): AccountPatch {
  const get = (name: string) => String(form.get(name) ?? "").trim();
  const patch: AccountPatch = {};
  if (f.name?.editable && get("name") !== (f.name.value ?? "")) patch.name = get("name") || null;
  if (f.email?.editable && get("email") !== f.email.value) patch.email = get("email");
  if (f.phone?.editable && get("phone") !== (f.phone.value ?? "")) patch.phone = get("phone") || null;
  if (f.billing_address?.editable) {
    const current = f.billing_address.value;
    const parts = Object.fromEntries(ADDRESS_PARTS.map((p) => [p, get(`billing_address.${p}`) || null])) as { [K in keyof BillingAddress]: string | null };
    if (ADDRESS_PARTS.some((p) => (parts[p] ?? null) !== (current?.[p] ?? null))) {
      patch.billing_address = ADDRESS_PARTS.every((p) => parts[p] === null) ? null : parts;
    }
  }
  if (f.tax_id?.editable) {
    const value = get("tax_id.value");
    const type = get("tax_id.type") || null;
    if (value !== (f.tax_id.value?.value ?? "") || type !== (f.tax_id.value?.type ?? null)) patch.tax_id = value || type ? { value, type } : null;
  }
  return patch;
}
