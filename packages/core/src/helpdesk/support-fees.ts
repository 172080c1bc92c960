import { recordAction } from "../audit/record-action.ts";
import { and, eq, isNull } from "drizzle-orm";
import { addBalanceEntry, balanceOf, lockCustomer } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import type { Transaction } from "../db/open.ts";
import { supportFees, tickets } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { money, type Money } from "../money.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { runMoneyMovement } from "../payments/attempts/run-attempt.ts";

/**
 * Staff charge a support fee on a ticket (H8): an expense taken from the account
 * balance (which may go negative), and the customer is emailed.
 */
export async function chargeSupportFee(
  ctx: CoreContext,
  merchantId: string,
  input: { ticketId: string; amount: number; currency: string; actor: string; idempotencyKey?: string | undefined },
): Promise<{ id: string; balance: Money }> {
  const amount = money(input.amount, input.currency);
  if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "A fee must be a positive amount.");
  const [ticket] = await ctx.db.select().from(tickets).where(and(eq(tickets.merchantId, merchantId), eq(tickets.id, input.ticketId)));
  if (!ticket) throw new DomainError("not_found", "ticket_not_found", `No ticket ${input.ticketId}.`);
  // Recorded under the caller's key: a retried fee (or one re-run after a crash) is charged once.
  const scope = { merchantId, customerId: ticket.customerId };
  return runMoneyMovement(ctx, scope, { purpose: "support_fee", idempotencyKey: input.idempotencyKey ?? `fee:${newId("fee")}` }, async (tx) => {
    await lockCustomer(tx, merchantId, ticket.customerId);
    const now = ctx.clock.now();
    const id = newId("fee");
    await tx.insert(supportFees).values({ id, merchantId, customerId: ticket.customerId, ticketId: ticket.id, amount: amount.amount, currency: amount.currency, actor: input.actor, createdAt: now });
    await addBalanceEntry(tx, { merchantId, customerId: ticket.customerId, kind: "support_fee", amount: { amount: -amount.amount, currency: amount.currency }, reference: id, actor: input.actor, at: now });
    const balance = money(await balanceOf(tx, merchantId, ticket.customerId, amount.currency), amount.currency);
    await queueMessage(tx, {
      merchantId,
      customerId: ticket.customerId,
      template: "support_fee",
      subjectId: id,
      vars: { amount, ticket: ticket.subject, balance },
      at: now,
    });
    await recordAction(tx, ctx, { merchantId, customerId: ticket.customerId, action: "ticket.fee_charged", subjectId: ticket.id, details: { fee: id, amount: amount.amount, currency: amount.currency } });
    return { result: { id, balance } };
  });
}

/** Changes a fee's amount (H8); lowering it gives the difference back to the balance. */
export async function editSupportFee(ctx: CoreContext, merchantId: string, input: { feeId: string; amount: number; actor: string; idempotencyKey?: string | undefined }): Promise<{ balance: Money }> {
  return changeFee(ctx, merchantId, input, async (tx) => {
    const fee = await lockFee(tx, merchantId, input.feeId);
    const amount = money(input.amount, fee.currency);
    if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "A fee must be a positive amount; delete it to drop it.");
    const now = ctx.clock.now();
    if (amount.amount !== fee.amount) {
      await tx.update(supportFees).set({ amount: amount.amount }).where(eq(supportFees.id, fee.id));
      await addBalanceEntry(tx, { merchantId, customerId: fee.customerId, kind: "support_fee", amount: { amount: fee.amount - amount.amount, currency: fee.currency }, reference: fee.id, note: "Support fee changed", actor: input.actor, at: now });
    }
    await recordAction(tx, ctx, { merchantId, customerId: fee.customerId, action: "ticket.fee_updated", subjectId: fee.id, details: { ticket: fee.ticketId, currency: fee.currency, before: fee.amount, after: amount.amount } });
    return { result: { balance: money(await balanceOf(tx, merchantId, fee.customerId, fee.currency), fee.currency) } };
  });
}

/** Deletes a fee (H8): its whole amount goes back to the balance. */
export async function deleteSupportFee(ctx: CoreContext, merchantId: string, input: { feeId: string; actor: string; idempotencyKey?: string | undefined }): Promise<{ balance: Money }> {
  return changeFee(ctx, merchantId, input, async (tx) => {
    const fee = await lockFee(tx, merchantId, input.feeId);
    const now = ctx.clock.now();
    await tx.update(supportFees).set({ deletedAt: now }).where(eq(supportFees.id, fee.id));
    await addBalanceEntry(tx, { merchantId, customerId: fee.customerId, kind: "support_fee", amount: { amount: fee.amount, currency: fee.currency }, reference: fee.id, note: "Support fee refunded", actor: input.actor, at: now });
    await recordAction(tx, ctx, { merchantId, customerId: fee.customerId, action: "ticket.fee_deleted", subjectId: fee.id, details: { ticket: fee.ticketId, amount: fee.amount, currency: fee.currency } });
    return { result: { balance: money(await balanceOf(tx, merchantId, fee.customerId, fee.currency), fee.currency) } };
  });
}

/** Runs an edit or deletion of a fee under its idempotency key (the fee's customer scopes it). */
async function changeFee(
  ctx: CoreContext,
  merchantId: string,
  input: { feeId: string; idempotencyKey?: string | undefined },
  change: (tx: Transaction) => Promise<{ result: { balance: Money } }>,
): Promise<{ balance: Money }> {
  const [fee] = await ctx.db.select({ customerId: supportFees.customerId }).from(supportFees).where(and(eq(supportFees.merchantId, merchantId), eq(supportFees.id, input.feeId)));
  if (!fee) throw new DomainError("not_found", "fee_not_found", `No support fee ${input.feeId}.`);
  const key = input.idempotencyKey ?? `fee_change:${newId("fee")}`;
  return runMoneyMovement(ctx, { merchantId, customerId: fee.customerId }, { purpose: "support_fee_change", idempotencyKey: key }, change);
}

async function lockFee(tx: Transaction, merchantId: string, feeId: string) {
  const [owner] = await tx.select({ customerId: supportFees.customerId }).from(supportFees).where(and(eq(supportFees.merchantId, merchantId), eq(supportFees.id, feeId)));
  if (!owner) throw new DomainError("not_found", "fee_not_found", `No support fee ${feeId}.`);
  // The fee's customer first (lock order), then the fee itself, re-read under that lock.
  await lockCustomer(tx, merchantId, owner.customerId);
  const [fee] = await tx.select().from(supportFees).where(and(eq(supportFees.merchantId, merchantId), eq(supportFees.id, feeId), isNull(supportFees.deletedAt))).for("no key update");
  if (!fee) throw new DomainError("not_found", "fee_not_found", `No support fee ${feeId}.`);
  return fee;
}
