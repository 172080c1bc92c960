import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { outboxMessages, type documents } from "../db/schema/index.ts";
import { loadSettings } from "../merchants/get-merchant.ts";
import { queueMessage } from "./queue-message.ts";
import { LINK_AT_SEND } from "./templates/index.ts";

/**
 * P2 auto-invite: once a subscription invoice is paid, a customer who was never
 * invited gets a portal invite, when the merchant has `autoInvite` on. The link
 * is signed when the e-mail is sent, so it is fresh whenever that happens.
 */
export async function inviteOnFirstSubscriptionPayment(tx: Transaction, invoice: typeof documents.$inferSelect, at: Date): Promise<void> {
  if (!invoice.subscriptionId) return;
  if (!(await loadSettings(tx, invoice.merchantId)).autoInvite) return;
  const [invited] = await tx
    .select({ id: outboxMessages.id })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.merchantId, invoice.merchantId), eq(outboxMessages.customerId, invoice.customerId), eq(outboxMessages.template, "portal_invite")))
    .limit(1);
  if (invited) return;
  await queueMessage(tx, {
    merchantId: invoice.merchantId,
    customerId: invoice.customerId,
    template: "portal_invite",
    vars: { link: LINK_AT_SEND },
    linkPurpose: "invite",
    subjectId: invoice.customerId,
    at,
  });
}
