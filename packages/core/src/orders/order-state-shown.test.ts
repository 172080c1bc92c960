import { afterAll, describe, expect, it } from "vitest";
import { addCard } from "../payment-methods/add-card.ts";
import { chargeInvoice } from "../payments/charge-invoice.ts";
import { voidPayment } from "../payments/void-payment.ts";
import { setMerchantSettings } from "../merchants/update-merchant.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { createOrder } from "./create-order.ts";
import { getOrderDetails } from "./get-order-details.ts";
import { listOrders } from "./list-orders.ts";

const card = (number: string) => ({ number, expMonth: 12, expYear: 2035, cvc: "123" });

describe("an order's state as the customer sees it (O1, O3, O6, R3)", async () => {
  const ctx = await createTestContext();
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };
  const place = () => createOrder(ctx, shop.merchantId, { customerId: shop.customerId, type: "one_time", currency: "EUR", items: [{ description: "Kettle", quantity: 1, unitAmount: 4500 }] }, { invoice: {} });

  it("shows a payment awaiting the bank (card 4000 0000 0000 3220) as pending with no Pay button (was: Declined, and Pay then failed)", async () => {
    const pendingCard = await addCard(ctx, scope, card("4000000000003220"));
    const order = await place();
    const paid = await chargeInvoice(ctx, scope, { invoiceId: order.invoice.id, paymentMethodId: pendingCard.id, idempotencyKey: `pay-${order.id}` });
    expect(paid.status).toBe("pending");
    const details = await getOrderDetails(ctx, scope, order.id);
    expect(details.status).toBe("pending");
    expect(details.actions).not.toContain("pay");
    const payment = details.history.find((h) => h.type === "payment");
    const invoice = details.history.find((h) => h.type === "invoice");
    expect(payment).toMatchObject({ status: "pending", decline_code: null });
    expect(invoice).toMatchObject({ status: "pending", payable: false });
  });

  it("lets a pending invoice be paid again only when the shop allows duplicate payments (O6)", async () => {
    await setMerchantSettings(ctx, shop.merchantId, { preventDuplicatePayments: false });
    const pendingCard = await addCard(ctx, scope, card("4000000000003220"));
    const order = await place();
    await chargeInvoice(ctx, scope, { invoiceId: order.invoice.id, paymentMethodId: pendingCard.id, idempotencyKey: `pay-${order.id}` });
    const details = await getOrderDetails(ctx, scope, order.id);
    expect(details.history.find((h) => h.type === "invoice")).toMatchObject({ status: "pending", payable: true });
    expect(details.actions).toContain("pay");
    await setMerchantSettings(ctx, shop.merchantId, { preventDuplicatePayments: true });
  });

  it("shows a voided order as Voided, view and download only (was: Pending)", async () => {
    const good = await addCard(ctx, scope, card("4242424242424242"));
    const order = await place();
    const paid = await chargeInvoice(ctx, scope, { invoiceId: order.invoice.id, paymentMethodId: good.id, idempotencyKey: `pay-${order.id}` });
    await voidPayment(ctx, shop.merchantId, { paymentId: paid.payment_id });
    const details = await getOrderDetails(ctx, scope, order.id);
    expect(details).toMatchObject({ status: "voided", actions: ["download"], paid: { amount: 0 } });
    expect((await listOrders(ctx, scope)).data.find((o) => o.id === order.id)!.status).toBe("voided");
  });
});
