import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/open.ts";
import { customers, merchants, outboxMessages, type EmailTemplate } from "../db/schema/index.ts";
import { newId } from "../ids.ts";
import { formatMoney, type Money } from "../money.ts";
import { EMAIL_COPY } from "./templates.ts";

/**
 * Writes an email to the outbox inside the caller's transaction (R7): it is sent
 * if and only if the change it reports commits.
 */
export async function queueEmail(
  tx: Executor,
  input: { merchantId: string; customerId?: string | null; to?: string; template: EmailTemplate; subjectId?: string | null; vars: Record<string, string>; at: Date },
): Promise<string | null> {
  const [merchant] = await tx.select({ name: merchants.name }).from(merchants).where(eq(merchants.id, input.merchantId));
  const [customer] = input.customerId
    ? await tx.select({ email: customers.email, name: customers.name }).from(customers).where(and(eq(customers.merchantId, input.merchantId), eq(customers.id, input.customerId)))
    : [];
  const to = input.to ?? customer?.email;
  if (!to || !merchant) return null;
  const copy = EMAIL_COPY[input.template]({ merchant: merchant.name, name: customer?.name ?? customer?.email ?? "", ...input.vars });
  const id = newId("eml");
  await tx.insert(outboxMessages).values({
    id,
    merchantId: input.merchantId,
    customerId: input.customerId ?? null,
    template: input.template,
    to,
    subject: copy.subject,
    body: copy.body,
    subjectId: input.subjectId ?? null,
    status: "pending",
    createdAt: input.at,
  });
  return id;
}

/** Money as an email shows it (en-GB until templates are translated). */
export function emailMoney(value: Money): string {
  return formatMoney(value, "en-GB");
}
