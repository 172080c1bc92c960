import type { BillingAddress, CustomerFieldAccess, CustomerFieldName, FieldAccess } from "../db/schema/customers.ts";
import { DomainError } from "../errors.ts";

// A3: what a customer field may hold, and what the merchant's `customerFields` setting lets a customer do with it.

/** ISO 3166-1 alpha-2: the 249 officially assigned codes. */
export const COUNTRY_CODES: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
  "KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT " +
  "MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
  "UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");
const COUNTRIES = new Set(COUNTRY_CODES);

/** Kinds of tax number a customer may name; the number itself is free text, checked only for `eu_vat`. */
export const TAX_ID_TYPES = ["eu_vat", "gb_vat", "ch_vat", "no_vat", "us_ein", "ca_bn", "au_abn", "in_gst"] as const;
export type TaxIdType = (typeof TAX_ID_TYPES)[number];

// EU VAT numbers per member state prefix (EL = Greece, XI = Northern Ireland), after spaces, dots and dashes are removed.
const EU_VAT: Record<string, RegExp> = {
  AT: /^U\d{8}$/, BE: /^[01]\d{9}$/, BG: /^\d{9,10}$/, CY: /^\d{8}[A-Z]$/, CZ: /^\d{8,10}$/, DE: /^\d{9}$/, DK: /^\d{8}$/,
  EE: /^\d{9}$/, EL: /^\d{9}$/, ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/, FI: /^\d{8}$/, FR: /^[A-Z0-9]{2}\d{9}$/, HR: /^\d{11}$/,
  HU: /^\d{8}$/, IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/, IT: /^\d{11}$/, LT: /^(\d{9}|\d{12})$/, LU: /^\d{8}$/,
  LV: /^\d{11}$/, MT: /^\d{8}$/, NL: /^\d{9}B\d{2}$/, PL: /^\d{10}$/, PT: /^\d{9}$/, RO: /^\d{2,10}$/, SE: /^\d{10}01$/,
  SI: /^\d{8}$/, SK: /^\d{10}$/, XI: /^(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
};

/** A tax number and what kind it is. */
export interface TaxId {
  value: string;
  type: TaxIdType | null;
}

/** What a customer or staff member sends to change an account; absent = unchanged, null or "" = cleared. */
export interface AccountChanges {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  billingAddress?: Partial<Record<keyof BillingAddress, string | null>> | null | undefined;
  taxId?: { value?: string | null; type?: string | null } | null | undefined;
}

/** The changes after trimming and checking: every present field holds its stored form. */
export interface NormalisedChanges {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  billingAddress?: BillingAddress | null;
  taxId?: TaxId | null;
}

/** One refused field, named as the API names it (`billing_address.country`). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export const CUSTOMER_FIELDS: readonly CustomerFieldName[] = ["name", "email", "phone", "billingAddress", "taxId"];

/** The JSON name of each field in requests, views and field errors. */
export const FIELD_KEYS: Record<CustomerFieldName, "name" | "email" | "phone" | "billing_address" | "tax_id"> = {
  name: "name",
  email: "email",
  phone: "phone",
  billingAddress: "billing_address",
  taxId: "tax_id",
};

/** A3 e-mail change: the code sent to the new address lives this long, takes this many wrong tries, and a new one waits this long. */
export const EMAIL_CODE_TTL_MS = 15 * 60_000;
export const EMAIL_CODE_MAX_ATTEMPTS = 5;
export const EMAIL_CODE_RESEND_MS = 60_000;

/** The parts a billing address cannot do without (the others may be left empty). */
export const ADDRESS_REQUIRED_PARTS = ["line1", "city", "country"] as const satisfies readonly (keyof BillingAddress)[];

const LIMITS = { name: 200, email: 254, phone: 32, line: 200, postalCode: 20, city: 100, region: 100, taxId: 64 };

/** The customer may change the field in the portal. */
export function isEditable(access: FieldAccess): boolean {
  return access === "optional" || access === "mandatory";
}

/** The field may not be left empty: a mandatory one, and the e-mail always (every customer has an address). */
export function isRequired(field: CustomerFieldName, access: FieldAccess): boolean {
  return isEditable(access) && (access === "mandatory" || field === "email");
}

/**
 * Trims and checks every field present in `changes`; throws 422 naming each bad
 * field (`validation_failed`, or `field_required` when only required parts are missing).
 */
export function normaliseChanges(changes: AccountChanges): NormalisedChanges {
  const errors: FieldError[] = [];
  const out: NormalisedChanges = {};
  if (changes.name !== undefined) out.name = text(changes.name, "name", LIMITS.name, errors);
  if (changes.email !== undefined) {
    const email = text(changes.email, "email", LIMITS.email, errors);
    if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/.test(email)) errors.push(fieldError("email", "invalid_email", "must be an e-mail address"));
    out.email = email;
  }
  if (changes.phone !== undefined) {
    const phone = text(changes.phone, "phone", LIMITS.phone, errors);
    if (phone !== null && !isPhone(phone)) errors.push(fieldError("phone", "invalid_phone", "must be a phone number: 7 to 15 digits, optionally starting with +"));
    out.phone = phone;
  }
  if (changes.billingAddress !== undefined) out.billingAddress = changes.billingAddress === null ? null : address(changes.billingAddress, errors);
  if (changes.taxId !== undefined) out.taxId = changes.taxId === null ? null : taxId(changes.taxId, errors);
  if (errors.length > 0) throw fieldErrors(errors);
  return out;
}

/** The 422 for a list of field errors. */
export function fieldErrors(errors: FieldError[]): DomainError {
  const onlyRequired = errors.every((e) => e.code === "field_required");
  const fields = errors.map((e) => e.field).join(", ");
  return onlyRequired
    ? new DomainError("invalid", "field_required", `Required: ${fields}.`, { errors })
    : new DomainError("invalid", "validation_failed", `Invalid ${fields}.`, { errors });
}

export function fieldError(field: string, code: string, message: string): FieldError {
  return { field, code, message };
}

function text(value: string | null | undefined, field: string, max: number, errors: FieldError[]): string | null {
  const trimmed = (value ?? "").trim();
  if (trimmed.length > max) errors.push(fieldError(field, "too_long", `must be at most ${max} characters`));
  return trimmed === "" ? null : trimmed;
}

function isPhone(phone: string): boolean {
  const digits = phone.replace(/\D/g, "").length;
  return /^\+?[0-9 ()./-]+$/.test(phone) && digits >= 7 && digits <= 15;
}

function address(input: NonNullable<AccountChanges["billingAddress"]>, errors: FieldError[]): BillingAddress | null {
  const part = (key: keyof BillingAddress, max: number) => text(input[key], `billing_address.${key}`, max, errors);
  const line1 = part("line1", LIMITS.line);
  const line2 = part("line2", LIMITS.line);
  const postalCode = part("postal_code", LIMITS.postalCode);
  const city = part("city", LIMITS.city);
  const region = part("region", LIMITS.region);
  const country = part("country", LIMITS.city)?.toUpperCase() ?? null;
  // Every part empty is a cleared address, as null is.
  if ([line1, line2, postalCode, city, region, country].every((p) => p === null)) return null;
  const parts: Record<string, string | null> = { line1, city, country };
  for (const key of ADDRESS_REQUIRED_PARTS) if (parts[key] === null) errors.push(fieldError(`billing_address.${key}`, "field_required", "is required"));
  if (country !== null && !COUNTRIES.has(country)) errors.push(fieldError("billing_address.country", "invalid_country", "must be an ISO 3166-1 alpha-2 country code"));
  if (postalCode !== null && !/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(postalCode)) errors.push(fieldError("billing_address.postal_code", "invalid_postal_code", "may hold letters, digits, spaces and dashes"));
  return { line1: line1 ?? "", line2, postal_code: postalCode, city: city ?? "", region, country: country ?? "" };
}

function taxId(input: NonNullable<AccountChanges["taxId"]>, errors: FieldError[]): TaxId | null {
  const raw = text(input.value, "tax_id.value", LIMITS.taxId, errors);
  const type = (input.type ?? "").trim() || null;
  if (type !== null && !(TAX_ID_TYPES as readonly string[]).includes(type)) {
    errors.push(fieldError("tax_id.type", "invalid_tax_id_type", `must be one of ${TAX_ID_TYPES.join(", ")}`));
  }
  if (raw === null) {
    if (type !== null) errors.push(fieldError("tax_id.value", "field_required", "is required with a type"));
    return null;
  }
  if (type !== "eu_vat") return { value: raw, type: type as TaxIdType | null };
  const value = raw.replace(/[\s.-]/g, "").toUpperCase();
  const pattern = EU_VAT[value.slice(0, 2)];
  if (!pattern?.test(value.slice(2))) errors.push(fieldError("tax_id.value", "invalid_tax_id", "is not an EU VAT number (country prefix and digits, e.g. DE123456789)"));
  return { value, type };
}

/** Refuses (403 `field_not_editable`) every field present in `changes` that the customer may not change. */
export function assertEditable(changes: AccountChanges, access: CustomerFieldAccess): void {
  const errors = CUSTOMER_FIELDS.filter((f) => changes[f] !== undefined && !isEditable(access[f])).map((f) =>
    fieldError(FIELD_KEYS[f], "field_not_editable", access[f] === "hidden" ? "is not available" : "is read-only"),
  );
  if (errors.length > 0) {
    throw new DomainError("forbidden", "field_not_editable", `Not editable: ${errors.map((e) => e.field).join(", ")}.`, { errors });
  }
}

/** Refuses (422 `field_required`) clearing a field the customer must keep filled in. */
export function assertRequiredKept(changes: NormalisedChanges, access: CustomerFieldAccess): void {
  const errors = CUSTOMER_FIELDS.filter((f) => changes[f] === null && isRequired(f, access[f])).map((f) => fieldError(FIELD_KEYS[f], "field_required", "is required"));
  if (errors.length > 0) throw fieldErrors(errors);
}
