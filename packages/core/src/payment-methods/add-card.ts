import { recordAction } from "../audit/record-action.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext, PortalScope } from "../context.ts";
import { customers, paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { CardInput } from "../payments/gateway.ts";
import { liveCardsOf } from "./find-payment-method.ts";
import { listPaymentMethods } from "./list-payment-methods.ts";
import type { PaymentMethodView } from "./views.ts";

/**
 * Saves a card for the customer (R1): the gateway validates and tokenises it;
 * only the token, brand, last four digits and expiry are stored. The first card
 * becomes the default.
 */
export async function addCard(
  ctx: CoreContext,
  scope: PortalScope,
  card: CardInput,
  options: { makeDefault?: boolean; /** false: use the card for the payment at hand only (R1 "save for future use"). */ save?: boolean } = {},
): Promise<PaymentMethodView> {
  const save = options.save ?? true;
  // "Add payment methods" off (P6) stops customers keeping cards for later. Paying with a card now is not that:
  // a single-use card pays the payment at hand, is never listed or charged again, and is removed once it has paid.
  if (save && !(await settingsForCustomer(ctx.db, scope.merchantId, scope.customerId)).addPaymentMethods) {
    throw new DomainError("forbidden", "adding_payment_methods_disabled", "This shop does not let customers add payment methods here.");
  }
  const tokenized = await ctx.gateway.tokenizeCard(card, ctx.clock.now());
  const id = newId("pm");
  await ctx.db.transaction(async (tx) => {
    // Lock the customer so two cards added at once cannot both become the default.
    await tx.select({ id: customers.id }).from(customers).where(and(eq(customers.merchantId, scope.merchantId), eq(customers.id, scope.customerId))).for("no key update");
    const live = await tx
      .select({ id: paymentMethods.id })
      .from(paymentMethods)
      .where(liveCardsOf(scope));
    const makeDefault = save && (live.length === 0 || options.makeDefault === true);
    if (makeDefault) {
      await tx
        .update(paymentMethods)
        .set({ isDefault: false })
        .where(and(eq(paymentMethods.merchantId, scope.merchantId), eq(paymentMethods.customerId, scope.customerId)));
    }
    await tx.insert(paymentMethods).values({
      id,
      merchantId: scope.merchantId,
      customerId: scope.customerId,
      gateway: ctx.gateway.name,
      gatewayToken: tokenized.token,
      brand: tokenized.brand,
      last4: tokenized.last4,
      expMonth: tokenized.expMonth,
      expYear: tokenized.expYear,
      isDefault: makeDefault,
      singleUse: !save,
      createdAt: ctx.clock.now(),
    });
    await recordAction(tx, ctx, { merchantId: scope.merchantId, customerId: scope.customerId, action: "payment_method.added", subjectId: id, details: { brand: tokenized.brand, last4: tokenized.last4, default: makeDefault, single_use: !save } });
  });
  if (!save) {
    return { id, brand: tokenized.brand, last4: tokenized.last4, exp_month: tokenized.expMonth, exp_year: tokenized.expYear, is_default: false, expired: false, assigned_to: [], removal: { orders: [], moves_to: null, refused: false } };
  }
  return (await listPaymentMethods(ctx, scope)).find((m) => m.id === id)!;
}
