import { afterAll, describe, expect, it } from "vitest";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createTestContext } from "../testing/index.ts";
import { createCustomer, getCustomer } from "./create-customer.ts";

describe("createCustomer", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const { merchantId } = await createMerchant(ctx, { name: "Shop" });

  it("allows an external id once per merchant, also under concurrent requests", async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 5 }, () => createCustomer(ctx, merchantId, { email: "a@example.com", externalId: "crm-1" })));
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    for (const a of attempts) if (a.status === "rejected") expect(a.reason).toMatchObject({ type: "conflict", code: "customer_exists" });
    const other = await createMerchant(ctx, { name: "Other" });
    await expect(createCustomer(ctx, other.merchantId, { email: "a@example.com", externalId: "crm-1" })).resolves.toMatchObject({ external_id: "crm-1" });
  });

  it("finds a customer only under its own merchant", async () => {
    const customer = await createCustomer(ctx, merchantId, { email: "b@example.com" });
    const other = await createMerchant(ctx, { name: "Third" });
    await expect(getCustomer(ctx, other.merchantId, customer.id)).rejects.toMatchObject({ code: "customer_not_found" });
  });
});
