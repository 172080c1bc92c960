import type { AccountChanges } from "@billfront/core/server";
import { z } from "zod";

// Shapes only, with a generous bound; lengths and formats are core's rules (A3), which name each bad field with a code.
const text = z.string().max(1000).nullable().optional();

/** The A3 customer fields as the merchant API and the portal take them; absent = unchanged, null or "" = cleared. */
export const accountFields = {
  name: text,
  email: text,
  phone: text,
  billing_address: z.strictObject({ line1: text, line2: text, postal_code: text, city: text, region: text, country: text }).nullable().optional(),
  tax_id: z.strictObject({ value: text, type: text }).nullable().optional(),
};

type AccountBody = { [K in keyof typeof accountFields]?: z.infer<(typeof accountFields)[K]> };

/** The request's fields in core's words. */
export function toAccountChanges(body: AccountBody): AccountChanges {
  return { name: body.name, email: body.email, phone: body.phone, billingAddress: body.billing_address, taxId: body.tax_id };
}
