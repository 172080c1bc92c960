import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { customers, merchants, outboxMessages, type MessageChannel, type MessageTemplate, type OutboxAttachment } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { resolveSettings } from "../settings.ts";
import { LINK_AT_SEND, renderMessage, type TemplateVars } from "./templates/index.ts";

/** Links the dispatcher signs when it sends (the BFF owns the keys): what each opens is the BFF's to decide. */
export type LinkPurpose = "invite" | "pay_order";

export interface QueueMessageInput<T extends MessageTemplate> {
  merchantId: string;
  customerId?: string | null | undefined;
  /** Another address than the customer's own: the merchant's notify addresses, a forwarded document. */
  to?: string | undefined;
  template: T;
  vars: TemplateVars[T];
  /** What the message is about (a refund, an order...), for staff to find it; a send-time link is made for it. */
  subjectId?: string | null | undefined;
  at: Date;
  /** The link is signed at send time for this purpose; `vars.link` is then LINK_AT_SEND. */
  linkPurpose?: LinkPurpose | undefined;
  attachments?: OutboxAttachment[] | undefined;
  /** The language to write in when there is no customer (a staff member's sign-in code); else the customer's, else the merchant's. */
  locale?: string | undefined;
  /**
   * Where it goes. By default an e-mail, plus an SMS when the merchant sends
   * SMS (`smsNotifications`), the customer has a phone number and the template
   * has a short form. `["sms"]` sends the SMS alone (a sign-in code by text).
   */
  channels?: readonly MessageChannel[] | undefined;
}

/**
 * Writes a message to the outbox inside the caller's transaction (R7): it is
 * sent if and only if the change it reports commits. The copy is rendered now,
 * in the customer's locale (else the merchant's default) with the merchant's
 * brand. Returns the e-mail's id (the SMS's when only an SMS was queued), or
 * null when there is nobody to send to.
 */
export async function queueMessage<T extends MessageTemplate>(tx: Executor, input: QueueMessageInput<T>): Promise<string | null> {
  const [merchant] = await tx
    .select({ name: merchants.name, defaultLocale: merchants.defaultLocale, timeZone: merchants.timeZone, logoUrl: merchants.logoUrl, brandColor: merchants.brandColor, settings: merchants.settings })
    .from(merchants)
    .where(eq(merchants.id, input.merchantId));
  const [customer] = input.customerId
    ? await tx
        .select({ email: customers.email, name: customers.name, locale: customers.locale, phone: customers.phone })
        .from(customers)
        .where(and(eq(customers.merchantId, input.merchantId), eq(customers.id, input.customerId)))
    : [];
  if (!merchant) return null;
  const usesSendTimeLink = Object.values(input.vars as Record<string, unknown>).includes(LINK_AT_SEND);
  if (usesSendTimeLink !== !!input.linkPurpose) throw new Error(`Message ${input.template}: a send-time link needs both LINK_AT_SEND and a linkPurpose.`);
  const toCustomer = !input.to || input.to === customer?.email;
  const rendered = renderMessage(input.template, input.vars, {
    locale: customer?.locale ?? input.locale ?? merchant.defaultLocale,
    brand: { name: merchant.name, logoUrl: merchant.logoUrl, brandColor: merchant.brandColor },
    name: toCustomer ? (customer?.name ?? "") : "",
    timeZone: merchant.timeZone,
  });
  const settings = resolveSettings(merchant.settings);
  const channels = input.channels ?? (settings.smsNotifications ? ["email", "sms"] : ["email"]);
  const base = {
    merchantId: input.merchantId,
    customerId: input.customerId ?? null,
    template: input.template,
    locale: rendered.locale,
    subject: rendered.subject,
    subjectId: input.subjectId ?? null,
    linkPurpose: input.linkPurpose ?? null,
    status: "pending" as const,
    createdAt: input.at,
  };
  let first: string | null = null;
  const email = input.to ?? customer?.email;
  if (channels.includes("email") && email) {
    first = newId("eml");
    await tx.insert(outboxMessages).values({ ...base, id: first, channel: "email", to: email, body: rendered.text, html: rendered.html, attachments: input.attachments ?? [] });
  }
  if (channels.includes("sms") && toCustomer && customer?.phone && rendered.sms) {
    const id = newId("sms");
    await tx.insert(outboxMessages).values({ ...base, id, channel: "sms", to: customer.phone, body: rendered.sms, html: null });
    first ??= id;
  }
  return first;
}
