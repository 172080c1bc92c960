import { recordAction } from "../audit/record-action.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { LINK_AT_SEND } from "../notifications/templates/index.ts";
import { and, count, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import { customers, merchants, orderItems, orders } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { add, money, multiply, sum, type Money } from "../money.ts";
import type { Transaction } from "../db/open.ts";
import { taxOn } from "../documents/rules.ts";
import { issueInvoiceIn, type IssuedDocument } from "../documents/issue-invoice.ts";
import { customerNow } from "../customers/customer-now.ts";
import type { OrderState, OrderType } from "./rules.ts";
import { scheduleOrderBilling, type OrderInterval } from "./schedule-order-billing.ts";
import { assertOrderCatalog } from "./assert-order-catalog.ts";
import { assertStorable } from "../storable.ts";

export interface CreateOrderInput {
  customerId: string;
  type: OrderType;
  state?: OrderState;
  currency: string;
  items: { description: string; quantity: number; unitAmount: number; productId?: string; pricePointId?: string }[];
  /** Taxes on the items' subtotal, each shown as its own line (e.g. VAT 20% = 2000 bps). */
  taxes?: { description: string; rateBps: number }[];
  instalmentCount?: number;
  nextBillingAt?: Date | null;
  /** Recurring: what the next scheduled payment will charge, if not the order total. */
  nextBillingAmount?: number | null;
  /** Recurring and instalment orders placed with their first invoice: how often they bill (default monthly). */
  interval?: OrderInterval | undefined;
  /** The card the billing run charges (else the customer's default). */
  paymentMethodId?: string | undefined;
  placedAt?: Date;
  /**
   * What the hosted checkout does (one-time orders): `charge` the invoice
   * (default), `card_only` — no invoice is issued, the checkout only saves a
   * card and the order waits for the shop — or `pre_authorize`: the checkout
   * holds the amount on the card for the shop to capture (payments/authorizations.ts).
   */
  checkout?: "charge" | "card_only" | "pre_authorize" | undefined;
}

const FIRST_ORDER_NUMBER = 1001;

/** Places an order for a customer; line amounts are quantity x unit price, the total their sum. */
export async function createOrder(ctx: CoreContext, merchantId: string, input: CreateOrderInput): Promise<{ id: string; number: string }>;
/**
 * With `invoice`, the order's first invoice is issued in the same transaction, so there is never an order without it (O7);
 * a recurring or instalment order placed so is put on the billing run's schedule too (orders/schedule-order-billing.ts).
 */
export async function createOrder(
  ctx: CoreContext,
  merchantId: string,
  input: CreateOrderInput & { checkout?: "charge" | "pre_authorize" | undefined },
  options: { invoice: { dueAt?: Date; emailPaymentLink?: boolean } },
): Promise<{ id: string; number: string; invoice: IssuedDocument }>;
/** A `card_only` checkout issues no invoice: `invoice` is null. */
export async function createOrder(ctx: CoreContext, merchantId: string, input: CreateOrderInput, options: { invoice: { dueAt?: Date; emailPaymentLink?: boolean } }): Promise<{ id: string; number: string; invoice: IssuedDocument | null }>;
export async function createOrder(
  ctx: CoreContext,
  merchantId: string,
  input: CreateOrderInput,
  options: { invoice?: { dueAt?: Date; emailPaymentLink?: boolean } } = {},
): Promise<{ id: string; number: string; invoice?: IssuedDocument | null }> {
  assertStorable(input, "order");
  const checkout = input.checkout ?? "charge";
  if (checkout !== "charge" && input.type !== "one_time") {
    throw new DomainError("invalid", "checkout_requires_one_time", "Only a one-time order can be placed with a card-only or pre-authorisation checkout.");
  }
  if (input.items.length === 0) throw new DomainError("invalid", "order_without_items", "An order needs at least one item.");
  if (input.type === "instalment" && !(input.instalmentCount && input.instalmentCount >= 2)) {
    throw new DomainError("invalid", "instalment_count_required", "An instalment order needs an instalment count of at least 2.");
  }
  const lines = input.items.map((item) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new DomainError("invalid", "invalid_quantity", "Quantity must be a whole number of at least 1.");
    }
    const unit = money(item.unitAmount, input.currency);
    return { ...item, unit, amount: multiply(unit, item.quantity) };
  });
  const subtotal = sum(
    lines.map((l) => l.amount),
    input.currency,
  );
  const taxLines = (input.taxes ?? []).map((tax) => {
    if (!Number.isSafeInteger(tax.rateBps) || tax.rateBps < 0 || tax.rateBps > 10_000) {
      throw new DomainError("invalid", "invalid_tax_rate", "A tax rate is a whole number of basis points between 0 and 10000.");
    }
    const amount = money(taxOn(subtotal.amount, tax.rateBps), input.currency);
    return { description: tax.description, rateBps: tax.rateBps, amount };
  });
  const total = add(
    subtotal,
    sum(
      taxLines.map((t) => t.amount),
      input.currency,
    ),
  );

  // An invoice for nothing can never be paid, so such an order would stay pending for ever.
  if (options.invoice && total.amount === 0) throw new DomainError("invalid", "order_total_zero", "An order with a payment link must be for more than nothing.");

  // A test-clock customer's order is placed (and first invoiced) at their clock's time (A10).
  const now = await customerNow(ctx, ctx.db, merchantId, input.customerId);
  const placedAt = input.placedAt ?? now;
  return ctx.db.transaction(async (tx) => {
    await assertOrderCatalog(tx, merchantId, input.items);
    const order = await insertOrder(tx, merchantId, input, { lines, taxLines, total: total.amount }, placedAt);
    await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "order.created", subjectId: order.id, details: { number: order.number, type: input.type, amount: total.amount, currency: input.currency, invoiced: !!options.invoice } });
    if (!options.invoice) return order;
    // A card-registration checkout asks for no payment: the order waits for the shop with nothing due.
    if (checkout === "card_only") return { ...order, invoice: null };
    const invoice = await issueInvoiceIn(tx, merchantId, { orderId: order.id, dueAt: options.invoice.dueAt ?? now, at: now });
    if (options.invoice.emailPaymentLink) {
      // The payment link is signed when the e-mail goes out, so it is valid for its full time from then.
      await queueMessage(tx, {
        merchantId,
        customerId: input.customerId,
        template: "pay_order",
        vars: { order: order.number, amount: { amount: invoice.total, currency: input.currency }, link: LINK_AT_SEND },
        linkPurpose: "pay_order",
        subjectId: order.id,
        at: now,
      });
    }
    if (input.type !== "one_time") {
      await scheduleOrderBilling(
        tx,
        { merchantId, id: order.id, number: order.number, customerId: input.customerId, type: input.type, currency: input.currency, totalAmount: total.amount, instalmentCount: input.instalmentCount ?? null },
        { placedAt, firstInvoiceId: invoice.id, interval: input.interval, nextBillingAt: input.nextBillingAt, paymentMethodId: input.paymentMethodId },
      );
    }
    return { ...order, invoice };
  });
}

/** Writes a validated order inside the caller's transaction (so a subscription and its order commit together). */
export async function placeOrder(tx: Transaction, merchantId: string, input: CreateOrderInput, placedAt: Date): Promise<{ id: string; number: string }> {
  const lines = input.items.map((item) => {
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1) {
      throw new DomainError("invalid", "invalid_quantity", "Quantity must be a whole number of at least 1.");
    }
    const unit = money(item.unitAmount, input.currency);
    return { ...item, unit, amount: multiply(unit, item.quantity) };
  });
  const total = sum(lines.map((l) => l.amount), input.currency);
  await assertOrderCatalog(tx, merchantId, input.items);
  return insertOrder(tx, merchantId, input, { lines, taxLines: [], total: total.amount }, placedAt);
}

async function insertOrder(
  tx: Transaction,
  merchantId: string,
  input: CreateOrderInput,
  priced: { lines: (CreateOrderInput["items"][number] & { unit: Money; amount: Money })[]; taxLines: { description: string; rateBps: number; amount: Money }[]; total: number },
  placedAt: Date,
): Promise<{ id: string; number: string }> {
  const { lines, taxLines } = priced;
  {
    // Locking the merchant row serialises numbering, so order numbers never repeat or skip. NO KEY UPDATE:
    // rows that reference the merchant (a customer's ledger entry, say) may still be written meanwhile —
    // FOR UPDATE here deadlocked against a customer paying at the same moment.
    const [merchant] = await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for("no key update");
    if (!merchant) throw new DomainError("not_found", "merchant_not_found", `No merchant ${merchantId}.`);
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.merchantId, merchantId), eq(customers.id, input.customerId)));
    if (!customer) throw new DomainError("not_found", "customer_not_found", `No customer ${input.customerId}.`);

    const [{ value: existing } = { value: 0 }] = await tx.select({ value: count() }).from(orders).where(eq(orders.merchantId, merchantId));
    const number = String(FIRST_ORDER_NUMBER + existing);
    const orderId = newId("ord");
    await tx.insert(orders).values({
      id: orderId,
      merchantId,
      customerId: input.customerId,
      number,
      type: input.type,
      state: input.state ?? (input.type === "one_time" ? "open" : "active"),
      currency: input.currency,
      totalAmount: priced.total,
      instalmentCount: input.instalmentCount ?? null,
      nextBillingAt: input.nextBillingAt ?? null,
      nextBillingAmount: input.nextBillingAmount ?? null,
      placedAt,
      checkout: input.checkout ?? "charge",
    });
    await tx.insert(orderItems).values([
      ...lines.map((line, position) => ({
        id: newId("item"),
        merchantId,
        orderId,
        productId: line.productId ?? null,
        pricePointId: line.pricePointId ?? null,
        kind: "item" as const,
        description: line.description,
        quantity: line.quantity,
        unitAmount: line.unit.amount,
        amount: line.amount.amount,
        currency: input.currency,
        position,
      })),
      ...taxLines.map((tax, i) => ({
        id: newId("item"),
        merchantId,
        orderId,
        kind: "tax" as const,
        description: tax.description,
        taxRateBps: tax.rateBps,
        quantity: 1,
        unitAmount: tax.amount.amount,
        amount: tax.amount.amount,
        currency: input.currency,
        position: lines.length + i,
      })),
    ]);
    return { id: orderId, number };
  }
}
