import { TestClock } from "../clock.ts";
import type { CoreContext } from "../context.ts";
import type { DatabaseHandle } from "../db/open.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createTestDatabase } from "./database.ts";

/** A test database plus a standing-still clock: the context every core test needs. */
export async function createTestContext(start = "2026-06-15T12:00:00.000Z"): Promise<CoreContext & { clock: TestClock; handle: DatabaseHandle }> {
  const handle = await createTestDatabase();
  return { db: handle.db, clock: new TestClock(start), handle };
}

/** A merchant with one customer, for tests that need someone to act for. */
export async function createMerchantWithCustomer(ctx: CoreContext, options: { allowedOrigins?: string[]; email?: string } = {}) {
  const merchant = await createMerchant(ctx, { name: "Test Merchant", allowedOrigins: options.allowedOrigins ?? [] });
  const customer = await createCustomer(ctx, merchant.merchantId, { email: options.email ?? "customer@example.com", name: "Test Customer" });
  return { merchantId: merchant.merchantId, secretKey: merchant.secretKey, customerId: customer.id };
}
