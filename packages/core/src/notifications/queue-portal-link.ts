import type { Executor } from "../db/open.ts";
import type { MessageChannel } from "../db/schema/index.ts";
import { DomainError } from "../errors.ts";
import { queueMessage } from "./queue-message.ts";

/**
 * Queues a message carrying a portal link the caller has just signed (P2, P4):
 * an invite, a new link the customer asked for, or a sign-in code with its
 * link. By e-mail unless `channel` is "sms" (the customer's phone number).
 */
export async function queuePortalLinkEmail(
  tx: Executor,
  input: { merchantId: string; customerId: string; template: "portal_invite" | "resend_link" | "sign_in_code"; link: string; code?: string | undefined; at: Date; channel?: MessageChannel | undefined },
): Promise<string | null> {
  const common = { merchantId: input.merchantId, customerId: input.customerId, subjectId: input.customerId, at: input.at, channels: [input.channel ?? "email"] as const };
  if (input.template === "sign_in_code") {
    if (!input.code) throw new DomainError("invalid", "sign_in_code_required", "A sign-in code message needs the code.");
    return queueMessage(tx, { ...common, template: "sign_in_code", vars: { code: input.code, link: input.link } });
  }
  return queueMessage(tx, { ...common, template: input.template, vars: { link: input.link } });
}
