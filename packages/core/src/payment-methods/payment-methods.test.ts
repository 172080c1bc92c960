import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { merchants } from "../db/schema/index.ts";
import { createOrder } from "../orders/create-order.ts";
import { createMerchantWithCustomer, createTestContext } from "../testing/index.ts";
import { addCard } from "./add-card.ts";
import { assignPaymentMethod } from "./assign-payment-method.ts";
import { listPaymentMethods } from "./list-payment-methods.ts";
import { removePaymentMethod } from "./remove-payment-method.ts";
import { setDefaultPaymentMethod } from "./set-default-payment-method.ts";

const card = (number: string, expYear = 2030) => ({ number, expMonth: 12, expYear, cvc: "123" });

describe("payment methods (R1)", async () => {
  const ctx = await createTestContext("2026-06-15T12:00:00.000Z");
  afterAll(() => ctx.handle.close());
  const shop = await createMerchantWithCustomer(ctx);
  const other = await createMerchantWithCustomer(ctx);
  const scope = { merchantId: shop.merchantId, customerId: shop.customerId };

  it("saves only token, brand, last4 and expiry; the first card becomes the default", async () => {
    const visa = await addCard(ctx, scope, card("4242 4242 4242 4242"));
    const mc = await addCard(ctx, scope, card("5555555555554444"));
    expect(visa).toMatchObject({ brand: "visa", last4: "4242", exp_month: 12, exp_year: 2030, is_default: true });
    expect(mc).toMatchObject({ brand: "mastercard", last4: "4444", is_default: false });
    const dump = JSON.stringify(await ctx.db.execute("select * from payment_methods"));
    expect(dump).not.toContain("4242424242424242");
    expect(dump).not.toContain("5555555555554444");
    await setDefaultPaymentMethod(ctx, scope, mc.id);
    expect((await listPaymentMethods(ctx, scope)).map((m) => [m.last4, m.is_default])).toEqual([
      ["4444", true],
      ["4242", false],
    ]);
  });

  it("refuses an expired card and another customer's card", async () => {
    await expect(addCard(ctx, scope, card("4242424242424242", 2025))).rejects.toMatchObject({ code: "card_expired" });
    const [mine] = await listPaymentMethods(ctx, scope);
    await expect(setDefaultPaymentMethod(ctx, other, mine!.id)).rejects.toMatchObject({ code: "payment_method_not_found" });
  });

  it("assigns a card to a subscription and refuses to remove the only card of an active autocharged one", async () => {
    const solo = await createMerchantWithCustomer(ctx);
    const soloScope = { merchantId: solo.merchantId, customerId: solo.customerId };
    const only = await addCard(ctx, soloScope, card("4242424242424242"));
    const sub = await createOrder(ctx, solo.merchantId, { customerId: solo.customerId, type: "recurring", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 2400 }] });
    await assignPaymentMethod(ctx, soloScope, { orderId: sub.id, paymentMethodId: only.id });
    expect((await listPaymentMethods(ctx, soloScope))[0]!.assigned_to).toEqual([sub.number]);
    await expect(removePaymentMethod(ctx, soloScope, only.id)).rejects.toMatchObject({ type: "conflict", code: "payment_method_required" });

    const spare = await addCard(ctx, soloScope, card("5555555555554444"));
    await removePaymentMethod(ctx, soloScope, only.id);
    expect(await listPaymentMethods(ctx, soloScope)).toEqual([expect.objectContaining({ id: spare.id, is_default: true, assigned_to: [] })]);
  });

  it("says before removing what removal would do: which subscriptions the card pays, the card that takes over, or that it is refused (R1)", async () => {
    const solo = await createMerchantWithCustomer(ctx);
    const soloScope = { merchantId: solo.merchantId, customerId: solo.customerId };
    const first = await addCard(ctx, soloScope, card("4242424242424242"));
    const sub = await createOrder(ctx, solo.merchantId, { customerId: solo.customerId, type: "recurring", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 2400 }] });
    expect((await listPaymentMethods(ctx, soloScope))[0]!.removal).toEqual({ orders: [sub.number], moves_to: null, refused: true });

    // A minute apart: "oldest" is by when a card was added (the frozen test clock would tie them).
    ctx.clock.advance({ minutes: 1 });
    const second = await addCard(ctx, soloScope, card("5555555555554444"));
    ctx.clock.advance({ minutes: 1 });
    const third = await addCard(ctx, soloScope, card("4000056655665556"));
    const byId = async () => new Map((await listPaymentMethods(ctx, soloScope)).map((m) => [m.id, m.removal]));
    // The default pays the unassigned subscription; removing it hands the default to the oldest other card.
    expect((await byId()).get(first.id)).toEqual({ orders: [sub.number], moves_to: { brand: "mastercard", last4: "4444" }, refused: false });
    expect((await byId()).get(third.id)).toEqual({ orders: [], moves_to: { brand: "visa", last4: "4242" }, refused: false });

    await assignPaymentMethod(ctx, soloScope, { orderId: sub.id, paymentMethodId: third.id });
    expect((await byId()).get(third.id)).toEqual({ orders: [sub.number], moves_to: { brand: "visa", last4: "4242" }, refused: false });
    expect((await byId()).get(first.id)!.orders).toEqual([]);

    // What the list said is what happens.
    await removePaymentMethod(ctx, soloScope, first.id);
    expect((await listPaymentMethods(ctx, soloScope)).find((m) => m.is_default)!.id).toBe(second.id);
  });

  it("lets a merchant switch adding cards off", async () => {
    await ctx.db.update(merchants).set({ settings: { addPaymentMethods: false } }).where(eq(merchants.id, shop.merchantId));
    await expect(addCard(ctx, scope, card("4242424242424242"))).rejects.toMatchObject({ type: "forbidden", code: "adding_payment_methods_disabled" });
  });
});
