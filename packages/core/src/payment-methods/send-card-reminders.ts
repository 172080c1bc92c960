import { and, eq, isNull, or } from "drizzle-orm";
import { customerNow } from "../customers/customer-now.ts";
import type { CoreContext } from "../context.ts";
import { paymentMethods } from "../db/schema/index.ts";
import { queueMessage } from "../notifications/queue-message.ts";
import { cardExpired } from "../payments/card-rules.ts";

/** How long before the end of its expiry month a card counts as expiring (R2). */
const EXPIRING_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** Makes a signed "update your card" link for one customer; the BFF owns the signing keys. */
/** Signs a link for one customer; `invoiceId` makes it a link to pay that invoice. */
export type CardLinkSigner = (input: { merchantId: string; customerId: string; invoiceId?: string }) => Promise<string>;

/** Whether a card is fine, expiring within the window, or expired, at `now`. */
export function cardExpiryState(expMonth: number, expYear: number, now: Date): "valid" | "expiring" | "expired" {
  if (cardExpired(expMonth, expYear, now)) return "expired";
  return Date.UTC(expYear, expMonth, 1) - now.getTime() <= EXPIRING_WINDOW_MS ? "expiring" : "valid";
}

/**
 * The daily card reminder run (R2): an email with a signed link to update the
 * card, once when a saved card is about to expire and once when it has expired.
 * Cards are claimed with SKIP LOCKED, so parallel workers never send twice.
 */
export async function sendCardReminders(ctx: CoreContext, signLink: CardLinkSigner): Promise<{ expiring: number; expired: number }> {
  const sent = { expiring: 0, expired: 0 };
  const candidates = await ctx.db
    .select({ id: paymentMethods.id })
    .from(paymentMethods)
    .where(and(isNull(paymentMethods.removedAt), or(isNull(paymentMethods.expiringRemindedAt), isNull(paymentMethods.expiredRemindedAt))));
  for (const { id } of candidates) {
    await ctx.db.transaction(async (tx) => {
      const [card] = await tx.select().from(paymentMethods).where(eq(paymentMethods.id, id)).for("update", { skipLocked: true });
      if (!card) return;
      // Expiry is judged on the customer's clock (a test clock's, in a sandbox).
      const now = await customerNow(ctx, tx, card.merchantId, card.customerId);
      const state = cardExpiryState(card.expMonth, card.expYear, now);
      const due = (state === "expiring" && !card.expiringRemindedAt) || (state === "expired" && !card.expiredRemindedAt);
      if (state === "valid" || !due) return;
      const link = await signLink({ merchantId: card.merchantId, customerId: card.customerId });
      await queueMessage(tx, {
        merchantId: card.merchantId,
        customerId: card.customerId,
        template: state === "expired" ? "card_expired" : "card_expiring",
        subjectId: card.id,
        vars: { brand: card.brand, last4: card.last4, expiry: `${String(card.expMonth).padStart(2, "0")}/${card.expYear}`, link },
        at: now,
      });
      // An expired card needs no "expiring" reminder any more.
      await tx
        .update(paymentMethods)
        .set(state === "expired" ? { expiredRemindedAt: now, expiringRemindedAt: card.expiringRemindedAt ?? now } : { expiringRemindedAt: now })
        .where(eq(paymentMethods.id, card.id));
      sent[state]++;
    });
  }
  return sent;
}
