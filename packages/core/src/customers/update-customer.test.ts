import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { customers } from "../db/schema/index.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createCustomer } from "./create-customer.ts";
import { updateAccount } from "./update-account.ts";
import { updateCustomer } from "./update-customer.ts";

describe("the merchant edits a customer's details (A3, M2)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const address = { line1: "1 Main St", line2: "Suite 2", postal_code: "94105", city: "San Francisco", region: "CA", country: "US" };

  it("creates a customer with phone, billing address and tax id, checked like a portal edit", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Shop" });
    const customer = await createCustomer(ctx, merchantId, { email: "a@example.com", phone: "+1 415 555 0100", billingAddress: address, taxId: { value: "12-3456789", type: "us_ein" } });
    expect(customer).toMatchObject({ phone: "+1 415 555 0100", billing_address: address, tax_id: { value: "12-3456789", type: "us_ein" }, pending_email: null });
    await expect(createCustomer(ctx, merchantId, { email: "b@example.com", billingAddress: { ...address, country: "USA" } })).rejects.toMatchObject({
      code: "validation_failed",
      details: { errors: [{ field: "billing_address.country", code: "invalid_country" }] },
    });
  });

  it("changes fields the portal may not (field access does not apply to staff), and the e-mail at once", async () => {
    const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
    await setMerchantSettings(ctx, shop.merchantId, { customerFields: { name: "read_only", phone: "hidden", email: "read_only" } });
    const updated = await updateCustomer(ctx, shop.merchantId, shop.customerId, { name: "Ada L.", phone: "+44 20 7946 0000", email: "ada@new.example", billingAddress: address });
    expect(updated).toMatchObject({ name: "Ada L.", phone: "+44 20 7946 0000", email: "ada@new.example", billing_address: address });
    await expect(updateCustomer(ctx, shop.merchantId, shop.customerId, { email: null })).rejects.toMatchObject({ code: "field_required" });
    await expect(updateCustomer(ctx, shop.merchantId, shop.customerId, { phone: "12" })).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("drops a change of address the customer had pending when staff set the e-mail", async () => {
    const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });
    const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
    await updateAccount(ctx, scope, { email: "ada@new.example" });
    const updated = await updateCustomer(ctx, shop.merchantId, shop.customerId, { email: "ada@staff.example" });
    expect(updated).toMatchObject({ email: "ada@staff.example", pending_email: null });
    const [row] = await ctx.db.select().from(customers).where(eq(customers.id, shop.customerId));
    expect(row).toMatchObject({ emailCodeHash: null });
  });

  it("does not find another merchant's customer", async () => {
    const mine = await createMerchantWithCustomer(ctx);
    const theirs = await createMerchantWithCustomer(ctx);
    await expect(updateCustomer(ctx, mine.merchantId, theirs.customerId, { name: "Mallory" })).rejects.toMatchObject({ type: "not_found", code: "customer_not_found" });
  });
});
