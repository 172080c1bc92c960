import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { recordAction } from "../audit/record-action.ts";
import { lockCustomer } from "../balance/ledger.ts";
import type { CoreContext, PortalScope } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import type { Transaction } from "../db/open.ts";
import { documents, gatewayAttempts, orders, paymentAuthorizations, paymentMethods } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import type { Money } from "../money.ts";
import { findChargeableMethod } from "../payment-methods/find-payment-method.ts";
import type { GatewayOutcome } from "./attempts/finish-attempt.ts";
import { runMoneyMovement, type GatewayAttempt, type Prepared } from "./attempts/run-attempt.ts";
import { bookInvoiceCharge, type ChargeInvoiceResult, type InvoiceChargeTarget } from "./book-invoice-charge.ts";
import { bookPayment, outstandingOn } from "./record-payment.ts";

/** How long a pre-authorisation can be captured: 7 days from the checkout (card networks hold authorisations about that long). */
export const AUTHORIZATION_VALID_DAYS = 7;
const DAY = 86_400_000;

type Authorization = typeof paymentAuthorizations.$inferSelect;
type Invoice = typeof documents.$inferSelect;

export interface AuthorizationView {
  [key: string]: unknown;
  id: string;
  /** authorized: held on the card; captured: taken (all or part; the rest released); released: nothing taken. */
  status: "authorized" | "captured" | "released";
  amount: Money;
  captured: Money;
  /** What was given back to the card's available funds: the whole hold on release, the uncaptured rest on capture. */
  released: Money;
  order_id: string | null;
  invoice_id: string;
  /** The payment booked by the capture. */
  payment_id: string | null;
  /** After this instant the hold can no longer be captured. */
  expires_at: string;
  expired: boolean;
  created_at: string;
}

export function toAuthorizationView(row: Authorization, now: Date): AuthorizationView {
  const released = row.status === "released" ? row.amount : row.status === "captured" ? row.amount - row.capturedAmount : 0;
  return {
    id: row.id,
    status: row.status,
    amount: { amount: row.amount, currency: row.currency },
    captured: { amount: row.capturedAmount, currency: row.currency },
    released: { amount: released, currency: row.currency },
    order_id: row.orderId,
    invoice_id: row.invoiceId,
    payment_id: row.paymentId,
    expires_at: row.expiresAt.toISOString(),
    expired: row.status === "authorized" && now >= row.expiresAt,
    created_at: row.createdAt.toISOString(),
  };
}

/** What the pre-authorisation attempt carries for its booking: an invoice charge's target (a decline is booked as one), plus the order. */
type HoldTarget = InvoiceChargeTarget & { order_id: string | null };

/**
 * The checkout of a `pre_authorize` order (inside prepareInvoiceCharge, under
 * its locks): the invoice's outstanding amount is held on the card, not taken.
 * Account credit is not used (a hold is on a card). One hold per invoice:
 * while one is held the invoice cannot be paid again (`payment_authorized`).
 */
export async function prepareHold(
  tx: Transaction,
  scope: PortalScope,
  input: { invoice: Invoice; paymentMethodId?: string | undefined; now: Date; by: { source: "portal"; actor: string } },
): Promise<Prepared<ChargeInvoiceResult>> {
  const held = await tx
    .select({ id: paymentAuthorizations.id })
    .from(paymentAuthorizations)
    .where(and(eq(paymentAuthorizations.merchantId, scope.merchantId), eq(paymentAuthorizations.invoiceId, input.invoice.id), inArray(paymentAuthorizations.status, ["authorized", "captured"])))
    .limit(1);
  if (held.length) throw new DomainError("conflict", "payment_authorized", "This order's amount is already authorised on a card; the shop will capture it.");
  const amount = await outstandingOn(tx, input.invoice);
  const method = await findChargeableMethod(tx, scope, input.paymentMethodId, input.now);
  const target: HoldTarget = {
    invoices: [{ id: input.invoice.id, amount }],
    invoice_ids: [input.invoice.id],
    balance_payment_ids: [],
    balance_receipt_ids: [],
    balance_applied: 0,
    single_use: method.singleUse,
    order_id: input.invoice.orderId,
  };
  return { attempt: { kind: "preauthorize", amount, currency: input.invoice.currency, paymentMethodId: method.id, target: { ...target }, ...input.by, at: input.now } };
}

/** Books the hold's answer: an authorisation row (valid 7 days), or a declined payment like any declined charge. */
export async function bookHold(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome, ctx: Pick<CoreContext, "clock">): Promise<ChargeInvoiceResult> {
  if (outcome.status !== "approved") return bookInvoiceCharge(tx, attempt, outcome);
  const target = attempt.target as unknown as HoldTarget;
  const id = newId("auth");
  const [row] = await tx
    .insert(paymentAuthorizations)
    .values({
      id,
      merchantId: attempt.merchantId,
      customerId: attempt.customerId,
      orderId: target.order_id,
      invoiceId: target.invoice_ids[0]!,
      paymentMethodId: attempt.paymentMethodId,
      status: "authorized",
      amount: attempt.amount,
      currency: attempt.currency,
      gatewayReference: outcome.reference,
      expiresAt: new Date(attempt.createdAt.getTime() + AUTHORIZATION_VALID_DAYS * DAY),
      createdAt: attempt.createdAt,
    })
    .returning();
  // A card not saved for future use is forgotten once used (R1); the hold lives on at the gateway by its reference.
  if (target.single_use && attempt.paymentMethodId) {
    await tx.update(paymentMethods).set({ removedAt: attempt.createdAt }).where(and(eq(paymentMethods.merchantId, attempt.merchantId), eq(paymentMethods.id, attempt.paymentMethodId)));
  }
  await recordAction(tx, ctx, {
    merchantId: attempt.merchantId,
    action: "payment.authorized",
    subjectId: id,
    customerId: attempt.customerId,
    details: { amount: { amount: attempt.amount, currency: attempt.currency }, order_id: target.order_id, invoice_id: row!.invoiceId },
  });
  return {
    payment_id: id,
    payment_ids: [],
    status: "authorized",
    decline_code: null,
    receipt_id: null,
    receipt_ids: [],
    balance_applied: 0,
    charged: 0,
    authorization: toAuthorizationView(row!, attempt.createdAt),
  };
}

async function authorizationScope(ctx: CoreContext, merchantId: string, authorizationId: string): Promise<PortalScope> {
  const [row] = await ctx.db.select({ customerId: paymentAuthorizations.customerId }).from(paymentAuthorizations).where(and(eq(paymentAuthorizations.merchantId, merchantId), eq(paymentAuthorizations.id, authorizationId)));
  if (!row) throw new DomainError("not_found", "payment_not_found", `No payment ${authorizationId}.`);
  return { merchantId, customerId: row.customerId };
}

/** Locks customer, order, then the authorisation (DESIGN.md lock order) and refuses one no longer held. */
async function lockHeld(tx: Transaction, scope: PortalScope, authorizationId: string): Promise<Authorization> {
  await lockCustomer(tx, scope.merchantId, scope.customerId);
  const [peek] = await tx.select({ orderId: paymentAuthorizations.orderId }).from(paymentAuthorizations).where(and(eq(paymentAuthorizations.merchantId, scope.merchantId), eq(paymentAuthorizations.id, authorizationId)));
  if (peek?.orderId) await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.merchantId, scope.merchantId), eq(orders.id, peek.orderId))).for("no key update");
  const [auth] = await tx.select().from(paymentAuthorizations).where(and(eq(paymentAuthorizations.merchantId, scope.merchantId), eq(paymentAuthorizations.id, authorizationId))).for("no key update");
  if (!auth) throw new DomainError("not_found", "payment_not_found", `No payment ${authorizationId}.`);
  if (auth.status === "captured") throw new DomainError("conflict", "authorization_captured", "This authorisation was captured already.");
  if (auth.status === "released") throw new DomainError("conflict", "authorization_released", "This authorisation was released; nothing can be captured.");
  const inFlight = await tx
    .select({ id: gatewayAttempts.id })
    .from(gatewayAttempts)
    .where(
      and(
        eq(gatewayAttempts.merchantId, scope.merchantId),
        eq(gatewayAttempts.status, "started"),
        inArray(gatewayAttempts.purpose, ["capture", "release"]),
        sql`${gatewayAttempts.target}->>'authorization_id' = ${auth.id}`,
      ),
    )
    .limit(1);
  if (inFlight.length) throw new DomainError("conflict", "payment_in_progress", "A capture or release of this authorisation is being processed.");
  return auth;
}

/**
 * Captures a held authorisation (money pattern): all of it, or `amount` of it
 * (at most what was held) with the rest released. Refused once captured or
 * released, after it expired (409 `authorization_expired`) or while another
 * capture or release of it is in flight. The captured amount is booked as a
 * card payment of the order's invoice (a receipt once it covers it); with a
 * partial capture the invoice keeps the rest open.
 */
export async function capturePayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; amount?: number | undefined; source?: "staff" | "api" | "system"; actor?: string | null; idempotencyKey: string },
): Promise<AuthorizationView> {
  const scope = await authorizationScope(ctx, merchantId, input.paymentId);
  return runMoneyMovement<AuthorizationView>(ctx, scope, { purpose: "capture", idempotencyKey: input.idempotencyKey }, async (tx) => {
    const auth = await lockHeld(tx, scope, input.paymentId);
    const now = await customerNow(ctx, tx, merchantId, scope.customerId);
    if (now >= auth.expiresAt) throw new DomainError("conflict", "authorization_expired", `This authorisation expired at ${auth.expiresAt.toISOString()}; it can no longer be captured.`);
    const amount = input.amount ?? auth.amount;
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > auth.amount) {
      throw new DomainError("invalid", "capture_exceeds_authorization", "Capture between 1 and the authorised amount.", { authorized: { amount: auth.amount, currency: auth.currency } });
    }
    return {
      attempt: { kind: "capture", amount, currency: auth.currency, paymentMethodId: auth.paymentMethodId, target: { authorization_id: auth.id }, source: input.source ?? "api", actor: input.actor ?? null, at: now },
    };
  });
}

/** Releases a held authorisation in full (money pattern): nothing is taken and the invoice stays open. */
export async function releasePayment(
  ctx: CoreContext,
  merchantId: string,
  input: { paymentId: string; source?: "staff" | "api" | "system"; actor?: string | null; idempotencyKey: string },
): Promise<AuthorizationView> {
  const scope = await authorizationScope(ctx, merchantId, input.paymentId);
  return runMoneyMovement<AuthorizationView>(ctx, scope, { purpose: "release", idempotencyKey: input.idempotencyKey }, async (tx) => {
    const auth = await lockHeld(tx, scope, input.paymentId);
    const now = await customerNow(ctx, tx, merchantId, scope.customerId);
    return {
      attempt: { kind: "release", amount: auth.amount, currency: auth.currency, paymentMethodId: auth.paymentMethodId, target: { authorization_id: auth.id }, source: input.source ?? "api", actor: input.actor ?? null, at: now },
    };
  });
}

async function lockAuthorization(tx: Transaction, attempt: GatewayAttempt): Promise<Authorization> {
  const id = (attempt.target as { authorization_id: string }).authorization_id;
  const [auth] = await tx.select().from(paymentAuthorizations).where(and(eq(paymentAuthorizations.merchantId, attempt.merchantId), eq(paymentAuthorizations.id, id))).for("no key update");
  return auth!;
}

/**
 * Books a capture: the authorisation is captured (the rest released) and a card
 * payment of the captured amount is booked on its invoice. A failed capture
 * (the gateway says the hold expired, say) changes nothing and says why.
 */
export async function bookCapture(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome, ctx: Pick<CoreContext, "clock">): Promise<AuthorizationView> {
  const auth = await lockAuthorization(tx, attempt);
  if (outcome.status !== "approved") {
    const code = outcome.status === "failed" ? outcome.failureCode : outcome.status === "declined" ? outcome.declineCode : "capture_failed";
    return { ...toAuthorizationView(auth, attempt.createdAt), capture_failed: code };
  }
  const [invoice] = await tx.select().from(documents).where(and(eq(documents.merchantId, attempt.merchantId), eq(documents.id, auth.invoiceId))).for("no key update");
  const booked = await bookPayment(tx, invoice!, {
    amount: attempt.amount,
    funding: "card",
    status: "approved",
    declineCode: null,
    at: attempt.createdAt,
    settledAt: null,
    settlesAt: outcome.settlesAt ? new Date(outcome.settlesAt) : null,
    gatewayReference: outcome.reference,
    paymentMethodId: auth.paymentMethodId,
    source: attempt.source,
    actor: attempt.actor,
  });
  const [after] = await tx
    .update(paymentAuthorizations)
    .set({ status: "captured", capturedAmount: attempt.amount, paymentId: booked.id, finishedAt: attempt.createdAt })
    .where(eq(paymentAuthorizations.id, auth.id))
    .returning();
  await recordAction(tx, ctx, {
    merchantId: attempt.merchantId,
    action: "payment.captured",
    subjectId: auth.id,
    customerId: auth.customerId,
    details: { captured: { amount: attempt.amount, currency: auth.currency }, released: { amount: auth.amount - attempt.amount, currency: auth.currency }, payment_id: booked.id },
  });
  return { ...toAuthorizationView(after!, attempt.createdAt), receipt_id: booked.receiptId };
}

/** Books a release: the authorisation is released in full. */
export async function bookRelease(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome, ctx: Pick<CoreContext, "clock">): Promise<AuthorizationView> {
  const auth = await lockAuthorization(tx, attempt);
  if (outcome.status === "failed") return { ...toAuthorizationView(auth, attempt.createdAt), release_failed: outcome.failureCode };
  const [after] = await tx.update(paymentAuthorizations).set({ status: "released", finishedAt: attempt.createdAt }).where(eq(paymentAuthorizations.id, auth.id)).returning();
  await recordAction(tx, ctx, {
    merchantId: attempt.merchantId,
    action: "payment.released",
    subjectId: auth.id,
    customerId: auth.customerId,
    details: { released: { amount: auth.amount, currency: auth.currency } },
  });
  return toAuthorizationView(after!, attempt.createdAt);
}

/** The authorisations held for one of the merchant's orders, newest first. */
export async function listOrderAuthorizations(ctx: CoreContext, merchantId: string, orderId: string): Promise<{ data: AuthorizationView[] }> {
  const [order] = await ctx.db.select({ customerId: orders.customerId }).from(orders).where(and(eq(orders.merchantId, merchantId), eq(orders.id, orderId)));
  if (!order) throw new DomainError("not_found", "order_not_found", `No order ${orderId}.`);
  const now = await customerNow(ctx, ctx.db, merchantId, order.customerId);
  const rows = await ctx.db.select().from(paymentAuthorizations).where(and(eq(paymentAuthorizations.merchantId, merchantId), eq(paymentAuthorizations.orderId, orderId))).orderBy(desc(paymentAuthorizations.createdAt), desc(paymentAuthorizations.id));
  return { data: rows.map((r) => toAuthorizationView(r, now)) };
}
