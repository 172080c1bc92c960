import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { merchants } from "../db/schema/index.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { issueInvoice } from "../documents/issue-invoice.ts";
import { recordPayment } from "../payments/record-payment.ts";
import { refundPayment } from "../payments/refund-payment.ts";
import { recordSkippedPayment } from "../payments/record-skipped-payment.ts";
import { createMerchantWithCustomer, createTestContext, placeBilledOrder } from "../testing/index.ts";
import { createOrder } from "./create-order.ts";
import { getOrderDetails } from "./get-order-details.ts";
import { listBillingHistory } from "../billing/list-billing-history.ts";

describe("order details, totals and billing history (O2, O3, O5, O8)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const neighbour = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };

  it("shows a declined payment with its reason and no documents, an approved one with invoice and receipt", async () => {
    const { orderId, invoiceNumber, payments } = await placeBilledOrder(
      ctx,
      shop.merchantId,
      { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Grinder", quantity: 1, unitAmount: 8900 }], taxes: [{ description: "VAT 20%", rateBps: 2000 }] },
      ["declined", "approved"],
    );
    ctx.clock.advance({ days: 1 });
    await refundPayment(ctx, shop.merchantId, { paymentId: payments[1]!, amount: 1068 });
    const details = await getOrderDetails(ctx, scope, orderId);
    expect(details).toMatchObject({
      status: "partially_refunded",
      total: { amount: 10680 },
      paid: { amount: 10680 },
      refunded: { amount: 1068 },
      // The refund's credit note documents the same money: counted once, as refunded.
      credited: { amount: 0 },
      taxes: [{ description: "VAT 20%", rate_bps: 2000, amount: { amount: 1780 } }],
      actions: ["download"],
      // Nothing to do here, yet not a closed order: no "can no longer be changed" notice (O8).
      view_only: false,
    });
    const [refund, approved, declined] = details.history;
    expect(refund).toMatchObject({ type: "refund", status: "approved", amount: { amount: 1068 }, documents: [{ kind: "credit_note", number: "CN-000001" }] });
    expect(approved).toMatchObject({ type: "payment", status: "partially_refunded", decline_code: null });
    expect(approved!.documents.map((d) => [d.kind, d.number])).toEqual([
      ["invoice", invoiceNumber],
      ["receipt", "RCT-000001"],
    ]);
    expect(declined).toMatchObject({ type: "payment", status: "declined", decline_code: "card_declined", documents: [] });
  });

  it("counts a refund's money once: its credit note is not more credit; a credit note with no refund behind it is (O5, R6)", async () => {
    const { orderId, payments } = await placeBilledOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Kettle", quantity: 1, unitAmount: 5000 }] });
    await refundPayment(ctx, shop.merchantId, { paymentId: payments[0]!, amount: 1000 });
    const refunded = await getOrderDetails(ctx, scope, orderId);
    expect([refunded.refunded.amount, refunded.credited.amount]).toEqual([1000, 0]);
    expect(refunded.history.find((h) => h.type === "refund")!.documents.map((d) => d.kind)).toEqual(["credit_note"]);
    await ctx.db.transaction((tx) =>
      issueDocument(tx, {
        merchantId: shop.merchantId,
        customerId: shop.customerId,
        orderId,
        kind: "credit_note",
        currency: "EUR",
        lines: [{ kind: "item", description: "Goodwill", quantity: 1, unitAmount: 300, amount: 300 }],
        issuedAt: ctx.clock.now(),
      } as Parameters<typeof issueDocument>[1]),
    );
    const credited = await getOrderDetails(ctx, scope, orderId);
    expect([credited.refunded.amount, credited.credited.amount]).toEqual([1000, 300]);
  });

  it("gives an instalment plan's balance and next instalment, and lists skipped payments", async () => {
    const order = await createOrder(ctx, shop.merchantId, {
      customerId: shop.customerId,
      type: "instalment",
      currency: "EUR",
      instalmentCount: 3,
      items: [{ description: "Espresso machine", quantity: 1, unitAmount: 10000 }],
      nextBillingAt: new Date("2026-07-15T00:00:00Z"),
    });
    const first = await issueInvoice(ctx, shop.merchantId, { orderId: order.id });
    await recordPayment(ctx, shop.merchantId, { invoiceId: first.id, status: "approved" });
    await recordSkippedPayment(ctx, shop.merchantId, { orderId: order.id, dueAt: new Date("2026-06-20T00:00:00Z"), amount: 3333 });
    const details = await getOrderDetails(ctx, scope, order.id);
    expect(first.total).toBe(3334);
    expect(details).toMatchObject({
      status: "in_progress",
      instalments: { count: 3, paid: 1 },
      balance: { amount: 6666, currency: "EUR" },
      next_payment: { due_at: "2026-07-15T00:00:00.000Z", amount: { amount: 3333 } },
      skipped_payments: [{ due_at: "2026-06-20T00:00:00.000Z", amount: { amount: 3333 } }],
    });
    expect(details.history.map((h) => h.type)).toEqual(["skipped_payment", "payment"]);
  });

  it("gives a subscription's next billing date and amount, and an unpaid invoice as an open row", async () => {
    const order = await createOrder(ctx, shop.merchantId, {
      customerId: shop.customerId,
      type: "recurring",
      currency: "EUR",
      items: [{ description: "Beans", quantity: 2, unitAmount: 1200 }],
      nextBillingAt: new Date("2026-07-01T00:00:00Z"),
      nextBillingAmount: 2600,
    });
    const invoice = await issueInvoice(ctx, shop.merchantId, { orderId: order.id, period: { start: new Date("2026-06-01"), end: new Date("2026-06-30") } });
    const details = await getOrderDetails(ctx, scope, order.id);
    expect(details.next_payment).toEqual({ due_at: "2026-07-01T00:00:00.000Z", amount: { amount: 2600, currency: "EUR" } });
    expect(details.history).toMatchObject([{ type: "invoice", id: invoice.id, status: "open", documents: [{ kind: "invoice" }] }]);
  });

  it("keeps a cancelled order without a subscription view-and-download only, even with reactivation allowed: nothing could restart it (O8, S2)", async () => {
    const order = await createOrder(ctx, shop.merchantId, {
      customerId: shop.customerId,
      type: "recurring",
      state: "cancelled",
      currency: "EUR",
      items: [{ description: "Tea", quantity: 1, unitAmount: 1500 }],
    });
    expect((await getOrderDetails(ctx, scope, order.id)).actions).toEqual(["download"]);
    await ctx.db.update(merchants).set({ settings: { reactivate: true, cancellation: "automatic" } }).where(eq(merchants.id, shop.merchantId));
    expect(await getOrderDetails(ctx, scope, order.id)).toMatchObject({ actions: ["download"], view_only: true });
    await ctx.db.update(merchants).set({ settings: {} }).where(eq(merchants.id, shop.merchantId));
  });

  it("hides credit notes from the history when the merchant turns them off", async () => {
    await ctx.db.update(merchants).set({ settings: { showCreditNotes: false } }).where(eq(merchants.id, shop.merchantId));
    const refunds = (await listBillingHistory(ctx, scope)).filter((h) => h.type === "refund");
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((r) => r.documents.length === 0)).toBe(true);
    await ctx.db.update(merchants).set({ settings: {} }).where(eq(merchants.id, shop.merchantId));
  });

  it("answers order_not_found for another customer's order", async () => {
    const theirs = await placeBilledOrder(ctx, neighbour.merchantId, {
      customerId: neighbour.customerId,
      type: "one_time",
      currency: "EUR",
      items: [{ description: "Not yours", quantity: 1, unitAmount: 100 }],
    });
    await expect(getOrderDetails(ctx, scope, theirs.orderId)).rejects.toMatchObject({ type: "not_found", code: "order_not_found" });
    expect((await listBillingHistory(ctx, scope)).some((h) => h.order_id === theirs.orderId)).toBe(false);
  });
});
