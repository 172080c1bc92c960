import { and, eq } from "drizzle-orm";
import { lockCustomer } from "../../balance/ledger.ts";
import { bookTopUp } from "../../balance/book-top-up.ts";
import type { CoreContext } from "../../context.ts";
import type { Transaction } from "../../db/open.ts";
import { gatewayAttempts, paymentAuthorizations, paymentMethods, transactions } from "../../db/schema/index.ts";
import { DomainError } from "../../errors.ts";
import { bookInvoiceCharge } from "../book-invoice-charge.ts";
import { bookRefund } from "../book-refund.ts";
import { bookVoid } from "../book-void.ts";
import { bookCapture, bookHold, bookRelease } from "../authorizations.ts";
import type { GatewayAttempt } from "./run-attempt.ts";
import { recordMoneyAction } from "./record-money-action.ts";

/** The gateway's answer to one attempt, as stored on the attempt row (dates as ISO strings). */
export type GatewayOutcome =
  | { status: "approved"; reference: string; settlesAt?: string }
  | { status: "pending"; reference: string }
  | { status: "declined"; reference: string; declineCode: string }
  | { status: "failed"; reference: string; failureCode: string }
  | { status: "voided"; reference: string }
  | { status: "released"; reference: string };

type Booker = (tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome, ctx: Pick<CoreContext, "clock">) => Promise<Record<string, unknown>>;

/**
 * One booking per purpose that calls the gateway. The renewal booking lives with
 * the billing engine (it owns dunning); support fees move only the balance, so
 * their rows are written done and never booked here.
 */
const BOOKERS: Partial<Record<GatewayAttempt["purpose"], Booker>> = {
  invoice_payment: bookInvoiceCharge,
  top_up: bookTopUp,
  refund: bookRefund,
  void: bookVoid,
  capture: bookCapture,
  release: bookRelease,
};

/**
 * The second half of the money pattern: asks the gateway with no transaction
 * open (the attempt's own key, so asking twice is one charge), then books the
 * outcome once under the customer's lock. Called right after the attempt is
 * committed, by a retry with the same idempotency key, and by the resume job
 * for attempts a crash left started. Returns the operation's result.
 */
export async function finishAttempt(ctx: CoreContext, attemptId: string): Promise<Record<string, unknown>> {
  const [attempt] = await ctx.db.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attemptId));
  if (!attempt) throw new DomainError("not_found", "attempt_not_found", `No gateway attempt ${attemptId}.`);
  if (attempt.status === "done") return attempt.result!;
  // A pre-authorisation checkout pays an invoice with a hold instead of a charge.
  const book = attempt.kind === "preauthorize" ? bookHold : BOOKERS[attempt.purpose];
  if (!book) throw new DomainError("conflict", "attempt_owned_by_billing", "Renewal charges are finished by the billing run.");
  const outcome = await callGateway(ctx, attempt);
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, attempt.merchantId, attempt.customerId);
    const [current] = await tx.select().from(gatewayAttempts).where(eq(gatewayAttempts.id, attempt.id)).for("no key update");
    if (!current || current.status === "done") return current?.result ?? {};
    const result = await book(tx, current, outcome, ctx);
    await recordMoneyAction(tx, ctx, { merchantId: current.merchantId, customerId: current.customerId }, current, outcome.status, result);
    await tx.update(gatewayAttempts).set({ status: "done", outcome, result, finishedAt: ctx.clock.now() }).where(eq(gatewayAttempts.id, current.id));
    return result;
  });
}

/** Makes the attempt's gateway request. Never called with a transaction open: a slow acquirer holds no locks. */
export async function callGateway(ctx: CoreContext, attempt: GatewayAttempt): Promise<GatewayOutcome> {
  const amount = { amount: attempt.amount, currency: attempt.currency };
  try {
    if (attempt.kind === "authorize") {
      const token = await cardToken(ctx, attempt.merchantId, attempt.paymentMethodId);
      const result = await ctx.gateway.authorize({ token: token ?? "", amount, at: attempt.createdAt, idempotencyKey: attempt.gatewayKey });
      return result.status === "approved" ? { status: "approved", reference: result.reference, settlesAt: result.settlesAt.toISOString() } : result;
    }
    if (attempt.kind === "preauthorize") {
      if (!ctx.gateway.hold) throw new DomainError("not_allowed", "pre_authorization_not_supported", "This payment provider cannot hold an amount without taking it.");
      const token = await cardToken(ctx, attempt.merchantId, attempt.paymentMethodId);
      const result = await ctx.gateway.hold({ token: token ?? "", amount, at: attempt.createdAt, idempotencyKey: attempt.gatewayKey });
      return result.status === "authorized" ? { status: "approved", reference: result.reference } : result;
    }
    if (attempt.kind === "capture" || attempt.kind === "release") {
      const [auth] = await ctx.db
        .select({ reference: paymentAuthorizations.gatewayReference })
        .from(paymentAuthorizations)
        .where(and(eq(paymentAuthorizations.merchantId, attempt.merchantId), eq(paymentAuthorizations.id, String(attempt.target.authorization_id))));
      if (attempt.kind === "capture") {
        if (!ctx.gateway.capture) throw new DomainError("not_allowed", "pre_authorization_not_supported", "This payment provider cannot capture a held amount.");
        const result = await ctx.gateway.capture({ reference: auth!.reference, amount, at: attempt.createdAt, idempotencyKey: attempt.gatewayKey });
        return result.status === "captured" ? { status: "approved", reference: result.reference, settlesAt: result.settlesAt.toISOString() } : result;
      }
      if (!ctx.gateway.release) throw new DomainError("not_allowed", "pre_authorization_not_supported", "This payment provider cannot release a held amount.");
      return await ctx.gateway.release({ reference: auth!.reference, at: attempt.createdAt, idempotencyKey: attempt.gatewayKey });
    }
    const [payment] = await ctx.db
      .select({ reference: transactions.gatewayReference, paymentMethodId: transactions.paymentMethodId })
      .from(transactions)
      .where(and(eq(transactions.merchantId, attempt.merchantId), eq(transactions.id, attempt.paymentId!)));
    if (attempt.kind === "void") {
      await ctx.gateway.void({ reference: payment!.reference! });
      return { status: "voided", reference: payment!.reference! };
    }
    const token = await cardToken(ctx, attempt.merchantId, payment!.paymentMethodId);
    return await ctx.gateway.refund({ reference: payment!.reference!, token, amount, attempt: attempt.try, idempotencyKey: attempt.gatewayKey });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // The acquirer did not answer: the attempt stays started and is finished later (a retry, or the resume job).
    throw new DomainError("gateway", "gateway_unavailable", "The payment provider did not answer; nothing was booked twice — try again shortly.");
  }
}

/** The card's gateway token, even for a card removed since (a single-use card is forgotten after its charge). */
async function cardToken(ctx: CoreContext, merchantId: string, paymentMethodId: string | null): Promise<string | null> {
  if (!paymentMethodId) return null;
  const [card] = await ctx.db
    .select({ token: paymentMethods.gatewayToken })
    .from(paymentMethods)
    .where(and(eq(paymentMethods.merchantId, merchantId), eq(paymentMethods.id, paymentMethodId)));
  return card?.token ?? null;
}
