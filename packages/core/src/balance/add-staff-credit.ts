import { recordAction } from "../audit/record-action.ts";
import type { CoreContext } from "../context.ts";
import { issueDocument } from "../documents/issue-document.ts";
import { DomainError } from "../errors.ts";
import { money } from "../money.ts";
import { addBalanceEntry, lockCustomer } from "./ledger.ts";

/** Staff add account credit (R6): the balance grows and a credit note documents it; later invoices use it first. */
export async function addStaffCredit(
  ctx: CoreContext,
  merchantId: string,
  input: { customerId: string; amount: number; currency: string; note?: string | undefined; actor: string },
): Promise<{ credit_note_id: string }> {
  const amount = money(input.amount, input.currency);
  if (amount.amount <= 0) throw new DomainError("invalid", "invalid_amount", "Credit must be a positive amount.");
  return ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, input.customerId);
    const now = ctx.clock.now();
    const description = input.note ? `Account credit: ${input.note}` : "Account credit";
    const { id } = await issueDocument(tx, {
      merchantId,
      customerId: input.customerId,
      kind: "credit_note",
      currency: amount.currency,
      lines: [{ kind: "item", description, quantity: 1, unitAmount: amount.amount, amount: amount.amount }],
      issuedAt: now,
    });
    await addBalanceEntry(tx, { merchantId, customerId: input.customerId, kind: "staff_credit", amount, reference: id, note: input.note ?? null, actor: input.actor, at: now });
    await recordAction(tx, ctx, { merchantId, customerId: input.customerId, action: "balance.credited", subjectId: input.customerId, details: { amount: amount.amount, currency: amount.currency, credit_note: id, note: input.note ?? null } });
    return { credit_note_id: id };
  });
}
