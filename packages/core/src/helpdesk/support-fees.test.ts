import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getBalances } from "../balance/ledger.ts";
import { outboxMessages } from "../db/schema/index.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { chargeSupportFee, deleteSupportFee, editSupportFee } from "./support-fees.ts";
import { createDepartment, openTicket } from "./tickets.ts";

describe("per-ticket support fees (H8)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const department = await createDepartment(ctx, shop.merchantId, { name: "General" });
  const ticket = await openTicket(ctx, scope, { departmentId: department.id, subject: "Setup call", body: "Please call me" });

  it("charges a fee as an expense (the balance may go negative), tells the customer, and refunds edits and deletion", async () => {
    const fee = await chargeSupportFee(ctx, shop.merchantId, { ticketId: ticket.id, amount: 2500, currency: "EUR", actor: "staff:x" });
    expect(fee.balance).toEqual({ amount: -2500, currency: "EUR" });
    const [mail] = await ctx.db.select().from(outboxMessages).where(eq(outboxMessages.subjectId, fee.id));
    expect(mail).toMatchObject({ template: "support_fee", subject: "A support fee of €25.00 from Test Merchant" });

    expect((await editSupportFee(ctx, shop.merchantId, { feeId: fee.id, amount: 1000, actor: "staff:x" })).balance.amount).toBe(-1000);
    expect((await editSupportFee(ctx, shop.merchantId, { feeId: fee.id, amount: 1500, actor: "staff:x" })).balance.amount).toBe(-1500);
    expect((await deleteSupportFee(ctx, shop.merchantId, { feeId: fee.id, actor: "staff:x" })).balance.amount).toBe(0);
    expect(await getBalances(ctx, scope)).toEqual([]);
    await expect(deleteSupportFee(ctx, shop.merchantId, { feeId: fee.id, actor: "staff:x" })).rejects.toMatchObject({ code: "fee_not_found" });
  });

  it("refuses a fee on another merchant's ticket and a non-positive amount", async () => {
    const other = await createMerchantWithCustomer(ctx);
    await expect(chargeSupportFee(ctx, other.merchantId, { ticketId: ticket.id, amount: 100, currency: "EUR", actor: "x" })).rejects.toMatchObject({ code: "ticket_not_found" });
    await expect(chargeSupportFee(ctx, shop.merchantId, { ticketId: ticket.id, amount: 0, currency: "EUR", actor: "x" })).rejects.toMatchObject({ code: "invalid_amount" });
  });
});
