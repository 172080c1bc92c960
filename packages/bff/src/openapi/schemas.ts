import { z, type ZodType } from "zod";

// Response shapes of the main objects, for the reference (`doc({ response: { schema } })`). Strict, so
// openapi.test.ts fails when a real answer gains or loses a field the reference does not know of.

const timestamp = z.iso.datetime({ offset: true });
const text = z.string().nullable();

/** One page of a list, newest first; `next_cursor` asks for the rows after the last one (?cursor=). */
export function pageOf<T extends ZodType>(item: T) {
  return z.strictObject({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
}

/** A whole list in one answer (lists that are not paged yet). */
export function listOf<T extends ZodType>(item: T) {
  return z.strictObject({ data: z.array(item) });
}

export const customerSchema = z.strictObject({
  id: z.string().meta({ description: "`cus_...`" }),
  email: z.string(),
  name: text,
  locale: text,
  external_id: text,
  phone: text,
  billing_address: z.strictObject({ line1: text, line2: text, postal_code: text, city: text, region: text, country: text }).partial().nullable(),
  tax_id: z.strictObject({ value: z.string(), type: z.string().nullable() }).nullable(),
  pending_email: text.meta({ description: "An address the customer asked to change to, waiting for its code." }),
  custom_fields: z.record(z.string(), z.string()).meta({ description: "The merchant's own fields for this customer (M2 other info), name → text." }),
  blacklisted: z.boolean(),
  created_at: timestamp,
  deleted_at: timestamp.nullable().meta({ description: "When the customer was deleted (personal data anonymised); null otherwise." }),
});

export const portalSessionSchema = z.strictObject({
  id: z.string().meta({ description: "`pss_...`" }),
  customer: z.string(),
  source: z.string(),
  flow: text,
  flow_subject: text,
  limited: z.boolean(),
  return_url: text,
  locale: text,
  created_at: timestamp,
  last_used_at: timestamp,
  idle_expires_at: timestamp.meta({ description: "When it ends if unused from now on (idle timeout)." }),
  expires_at: timestamp.meta({ description: "When it ends whatever its use (absolute lifetime)." }),
  ended_at: timestamp.nullable(),
  end_reason: text,
});

export const createdPortalSessionSchema = portalSessionSchema.extend({
  token: z.string().meta({ description: "The portal session token (`bfps....`): the bearer of the portal API. Shown once." }),
  url: z.url().meta({ description: "The hosted portal, signed in (the token rides in the fragment)." }),
});

export const healthSchema = z.strictObject({ status: z.literal("ok") });
