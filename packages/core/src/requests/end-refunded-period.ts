import { and, eq } from "drizzle-orm";
import { lockCustomer } from "../balance/ledger.ts";
import type { CoreContext } from "../context.ts";
import { customerNow } from "../customers/customer-now.ts";
import { documents, subscriptions } from "../db/schema/index.ts";
import { cancelSubscriptionNow } from "../subscriptions/cancel-subscription.ts";
import { transition } from "../subscriptions/rules.ts";

/**
 * A customer who asked for the current period's payment back (R5) has given that
 * period up: the subscription ends now, instead of running on, unpaid, until its
 * next renewal. An older period's refund leaves the current, paid one alone, and
 * a refund the shop makes on its own (goodwill) does not come here.
 */
export async function endRefundedPeriod(ctx: CoreContext, merchantId: string, payment: { customerId: string; invoiceId: string | null }): Promise<void> {
  if (!payment.invoiceId) return;
  await ctx.db.transaction(async (tx) => {
    await lockCustomer(tx, merchantId, payment.customerId);
    const [invoice] = await tx
      .select({ subscriptionId: documents.subscriptionId, cycle: documents.billingCycle })
      .from(documents)
      .where(and(eq(documents.merchantId, merchantId), eq(documents.id, payment.invoiceId!)));
    if (!invoice?.subscriptionId) return;
    const [sub] = await tx.select().from(subscriptions).where(and(eq(subscriptions.merchantId, merchantId), eq(subscriptions.id, invoice.subscriptionId))).for("no key update");
    if (!sub || invoice.cycle !== sub.cycle || !transition(sub.status, "cancel")) return;
    const at = await customerNow(ctx, tx, merchantId, payment.customerId);
    await cancelSubscriptionNow(tx, sub, { at, reason: "refunded", why: "refunded" });
  });
}
