import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createCustomer } from "../customers/create-customer.ts";
import { dispatchOutbox, listCustomerEmails, resendEmail, type Mailer, type OutgoingEmail } from "./dispatch-outbox.ts";

describe("email outbox (R7)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx, { email: "ada@example.com" });

  it("queues a welcome email with the customer, delivers it once, and resends a copy for staff", async () => {
    const delivered: OutgoingEmail[] = [];
    const mailer: Mailer = { send: async (email) => void delivered.push(email) };
    const [welcome] = await listCustomerEmails(ctx, shop.merchantId, shop.customerId);
    expect(welcome).toMatchObject({ template: "welcome", to: "ada@example.com", status: "pending", subject: "Welcome to Test Merchant" });
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 1, failed: 0 });
    expect(await dispatchOutbox(ctx, mailer)).toEqual({ sent: 0, failed: 0 });
    expect(delivered.map((d) => d.to)).toEqual(["ada@example.com"]);

    const copy = await resendEmail(ctx, shop.merchantId, welcome!.id);
    await dispatchOutbox(ctx, mailer);
    expect(delivered).toHaveLength(2);
    const emails = await listCustomerEmails(ctx, shop.merchantId, shop.customerId);
    expect(emails.find((e) => e.id === copy.id)).toMatchObject({ status: "sent", resend_of: welcome!.id });
    await expect(resendEmail(ctx, "mer_other", welcome!.id)).rejects.toMatchObject({ code: "email_not_found" });
  });

  it("keeps a failing email pending for the next run", async () => {
    await createCustomer(ctx, shop.merchantId, { email: "bob@example.com" });
    const broken: Mailer = { send: async () => Promise.reject(new Error("smtp down")) };
    expect(await dispatchOutbox(ctx, broken, { limit: 1 })).toEqual({ sent: 0, failed: 1 });
    const [row] = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.to, "bob@example.com"));
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
  });
});
