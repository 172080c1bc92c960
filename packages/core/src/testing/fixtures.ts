import { TestClock } from "../clock.ts";
import type { CoreContext } from "../context.ts";
import type { DatabaseHandle } from "../db/open.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { createMerchant } from "../merchants/create-merchant.ts";
import { createOrder, type CreateOrderInput } from "../orders/create-order.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { SandboxGateway } from "../payments/sandbox-gateway.ts";
import { createTestDatabase } from "./database.ts";
import { generateSecret, secretBoxFrom } from "../crypto/secret-box.ts";

/** A test database plus a standing-still clock: the context every core test needs. */
export async function createTestContext(start = "2026-06-15T12:00:00.000Z"): Promise<CoreContext & { clock: TestClock; handle: DatabaseHandle }> {
  const handle = await createTestDatabase();
  return { db: handle.db, clock: new TestClock(start), gateway: new SandboxGateway(), secrets: secretBoxFrom(generateSecret()), handle };
}

/** A merchant with one customer, for tests that need someone to act for. */
export async function createMerchantWithCustomer(ctx: CoreContext, options: { allowedOrigins?: string[]; email?: string } = {}) {
  const merchant = await createMerchant(ctx, { name: "Test Merchant", allowedOrigins: options.allowedOrigins ?? [] });
  const customer = await createCustomer(ctx, merchant.merchantId, { email: options.email ?? "customer@example.com", name: "Test Customer" });
  return { merchantId: merchant.merchantId, secretKey: merchant.secretKey, customerId: customer.id };
}

/**
 * Places an order, invoices it and records payment attempts on that invoice in
 * turn (e.g. ["declined", "approved"]), a minute apart. Returns the order, invoice and payment ids.
 */
export async function placeBilledOrder(
  ctx: CoreContext,
  merchantId: string,
  order: CreateOrderInput,
  attempts: ("approved" | "declined" | "pending")[] = ["approved"],
) {
  const placed = await createOrder(ctx, merchantId, order);
  const invoice = await issueInvoice(ctx, merchantId, { orderId: placed.id, ...(order.placedAt ? { at: order.placedAt } : {}) });
  const payments: string[] = [];
  const start = (order.placedAt ?? ctx.clock.now()).getTime();
  // A minute apart, so the history's order is the order of the attempts.
  for (const [i, status] of attempts.entries()) {
    payments.push((await recordPayment(ctx, merchantId, { invoiceId: invoice.id, status, at: new Date(start + i * 60_000) })).id);
  }
  return { orderId: placed.id, number: placed.number, invoiceId: invoice.id, invoiceNumber: invoice.number, payments };
}
