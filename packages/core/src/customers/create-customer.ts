import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers } from "../db/schema/index.ts";
import { isUniqueViolation } from "../db/errors.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { grantOnRegistration } from "../incidents/earned-grants.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { assertStorable } from "../storable.ts";
import type { BillingAddress } from "../db/schema/customers.ts";
import { normaliseChanges, type AccountChanges, type NormalisedChanges, type TaxId } from "./account-rules.ts";
import { settingsForCustomer } from "./customer-settings.ts";

export interface CreateCustomerInput {
  email: string;
  name?: string | undefined;
  locale?: string | undefined;
  externalId?: string | undefined;
  /** A3 fields, checked as a portal edit is (formats), but not restricted by the field access settings. */
  phone?: AccountChanges["phone"];
  billingAddress?: AccountChanges["billingAddress"];
  taxId?: AccountChanges["taxId"];
}

export interface CustomerView {
  id: string;
  email: string;
  name: string | null;
  locale: string | null;
  external_id: string | null;
  phone: string | null;
  billing_address: BillingAddress | null;
  tax_id: TaxId | null;
  /** An address the customer asked to change to, waiting for its code (A3). */
  pending_email: string | null;
  /** M2 "other info": the merchant's own fields for this customer (name → text). */
  custom_fields: Record<string, string>;
  blacklisted: boolean;
  created_at: string;
  /** Set once the merchant deleted the customer: personal fields are anonymised, orders and documents kept. */
  deleted_at: string | null;
}

/** Adds a customer to a merchant; an external id may be used only once per merchant. */
export async function createCustomer(ctx: CoreContext, merchantId: string, input: CreateCustomerInput): Promise<CustomerView> {
  assertStorable(input, "customer");
  const fields = normaliseChanges({ name: input.name, phone: input.phone, billingAddress: input.billingAddress, taxId: input.taxId });
  try {
    return await insertCustomer(ctx, merchantId, input, fields);
  } catch (error) {
    // Two requests with the same external id at once: the unique index decides, the loser gets the same answer as a late one.
    if (isUniqueViolation(error)) throw new DomainError("conflict", "customer_exists", "A customer with this external_id already exists.");
    throw error;
  }
}

async function insertCustomer(ctx: CoreContext, merchantId: string, input: CreateCustomerInput, fields: NormalisedChanges): Promise<CustomerView> {
  return ctx.db.transaction(async (tx) => {
    if (input.externalId) {
      const [existing] = await tx
        .select({ id: customers.id })
        .from(customers)
        .where(and(eq(customers.merchantId, merchantId), eq(customers.externalId, input.externalId)))
        .limit(1);
      if (existing) {
        throw new DomainError("conflict", "customer_exists", "A customer with this external_id already exists.", {
          customer: existing.id,
        });
      }
    }
    const [row] = await tx
      .insert(customers)
      .values({
        id: newId("cus"),
        merchantId,
        email: input.email,
        name: fields.name ?? null,
        locale: input.locale ?? null,
        externalId: input.externalId ?? null,
        phone: fields.phone ?? null,
        billingAddress: fields.billingAddress ?? null,
        taxId: fields.taxId?.value ?? null,
        taxIdType: fields.taxId?.type ?? null,
        createdAt: ctx.clock.now(),
      })
      .returning();
    await grantOnRegistration(tx, merchantId, row!.id, ctx.clock.now());
    await queueMessage(tx, { merchantId, customerId: row!.id, template: "welcome", subjectId: row!.id, vars: {}, at: ctx.clock.now() });
    await recordAction(tx, ctx, { merchantId, customerId: row!.id, action: "customer.created", subjectId: row!.id, details: { external_id: row!.externalId } });
    return toCustomerView(row!);
  });
}

/** One customer of one merchant; another merchant's customer is simply not found. */
export async function getCustomer(ctx: CoreContext, merchantId: string, customerId: string): Promise<CustomerView> {
  const [row] = await ctx.db
    .select()
    .from(customers)
    .where(and(eq(customers.merchantId, merchantId), eq(customers.id, customerId)))
    .limit(1);
  if (!row) throw new DomainError("not_found", "customer_not_found", `No customer ${customerId}.`);
  return toCustomerView(row);
}

/** The merchant's view of a customer row. */
export function toCustomerView(row: typeof customers.$inferSelect): CustomerView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: row.locale,
    external_id: row.externalId,
    phone: row.phone,
    billing_address: row.billingAddress,
    tax_id: row.taxId === null ? null : { value: row.taxId, type: row.taxIdType as TaxId["type"] },
    pending_email: row.pendingEmail,
    custom_fields: row.customFields ?? {},
    blacklisted: row.blacklistedAt !== null,
    created_at: row.createdAt.toISOString(),
    deleted_at: row.deletedAt?.toISOString() ?? null,
  };
}

/**
 * The customer a portal session is for; a blacklisted one is refused (M1) with 403 `customer_blacklisted`,
 * and every customer with 403 `portal_disabled` while the merchant has the portal switched off (P6).
 */
export async function getPortalCustomer(ctx: CoreContext, merchantId: string, customerId: string): Promise<CustomerView> {
  const customer = await getCustomer(ctx, merchantId, customerId);
  if (customer.deleted_at) throw new DomainError("forbidden", "customer_deleted", "This customer was deleted.");
  if (customer.blacklisted) throw new DomainError("forbidden", "customer_blacklisted", "This customer may not use the billing portal.");
  if (!(await settingsForCustomer(ctx.db, merchantId, customerId)).portalEnabled) throw new DomainError("forbidden", "portal_disabled", "This shop's billing portal is switched off.");
  return customer;
}
