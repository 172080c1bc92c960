import { recordAction } from "../audit/record-action.ts";
import { and, eq } from "drizzle-orm";
import type { CoreContext } from "../context.ts";
import type { Executor } from "../db/open.ts";
import { customers, documents, orders, portalSessions, subscriptions, type SessionSource } from "../db/schema/index.ts";
import { customerNow } from "../customers/customer-now.ts";
import { DomainError } from "../errors.ts";
import { newId } from "../ids.ts";
import { settingsForCustomer } from "../customers/customer-settings.ts";
import { newSessionToken, hashSessionToken } from "./session-token.ts";
import { toSessionView, type PortalSessionView } from "./views.ts";

/**
 * Deep-link flows (A5): where the portal opens, and what a limited session may do (P2).
 * `mfa_enrol`: a self sign-in where the shop requires MFA and the customer has none yet;
 * limited to enrolment until confirmed (P4).
 */
export const SESSION_FLOWS = ["orders", "update_card", "pay_invoice", "cancel_subscription", "change_plan", "open_ticket", "checkout", "mfa_enrol"] as const;
export type SessionFlow = (typeof SESSION_FLOWS)[number];
/** Flows that name the invoice or subscription they are about. */
export const FLOWS_WITH_SUBJECT: readonly SessionFlow[] = ["pay_invoice", "cancel_subscription", "change_plan", "checkout"];

export interface CreateSessionInput {
  merchantId: string;
  customerId: string;
  source: SessionSource;
  apiKeyId?: string | null | undefined;
  linkJti?: string | null | undefined;
  flow?: SessionFlow | null | undefined;
  /** The invoice (pay_invoice), subscription (cancel_subscription, change_plan) or order (checkout) of the flow. */
  flowSubjectId?: string | null | undefined;
  limited?: boolean | undefined;
  returnUrl?: string | null | undefined;
  locale?: string | null | undefined;
  /** Shorter or longer than the merchant's settings (test fixtures); minutes. */
  idleMinutes?: number | undefined;
  lifetimeMinutes?: number | undefined;
}

export interface CreatedSession {
  /** Shown once: only its hash is stored. */
  token: string;
  session: PortalSessionView;
}

/**
 * Opens a portal session for one customer (P1). The customer must belong to the
 * merchant, not be blacklisted, and the portal be on (a payment-link session is
 * the exception: checkout stays payable with the portal off, O7). Idle timeout
 * and lifetime come from the merchant's settings, on the customer's clock.
 */
export async function createPortalSession(ctx: CoreContext, input: CreateSessionInput, db: Executor = ctx.db): Promise<CreatedSession> {
  // The session and its audit record commit together.
  if (db === ctx.db) return ctx.db.transaction((tx) => createPortalSession(ctx, input, tx));
  const [customer] = await db
    .select({ id: customers.id, blacklistedAt: customers.blacklistedAt, deletedAt: customers.deletedAt })
    .from(customers)
    .where(and(eq(customers.merchantId, input.merchantId), eq(customers.id, input.customerId)));
  if (!customer) throw new DomainError("not_found", "customer_not_found", `No customer ${input.customerId}.`);
  if (customer.deletedAt) throw new DomainError("forbidden", "customer_deleted", "This customer was deleted.");
  if (customer.blacklistedAt) throw new DomainError("forbidden", "customer_blacklisted", "This customer may not use the billing portal.");
  const settings = await settingsForCustomer(db, input.merchantId, input.customerId);
  if (!settings.portalEnabled && input.source !== "payment_link") throw new DomainError("forbidden", "portal_disabled", "This shop's billing portal is switched off.");
  if (input.flow) await assertFlowSubject(db, input);
  const now = await customerNow(ctx, db, input.merchantId, input.customerId);
  const wall = ctx.clock.now();
  const lifetimeMs = (input.lifetimeMinutes ?? settings.sessionLifetimeHours * 60) * 60_000;
  const token = newSessionToken(input.merchantId);
  const [row] = await db
    .insert(portalSessions)
    .values({
      id: newId("pss"),
      merchantId: input.merchantId,
      customerId: input.customerId,
      tokenHash: hashSessionToken(token),
      source: input.source,
      apiKeyId: input.apiKeyId ?? null,
      linkJti: input.linkJti ?? null,
      flow: input.flow ?? null,
      flowSubjectId: input.flowSubjectId ?? null,
      limited: input.limited ?? false,
      checkoutOrderId: input.flow === "checkout" ? (input.flowSubjectId ?? null) : null,
      returnUrl: input.returnUrl ?? null,
      locale: input.locale ?? null,
      idleMinutes: input.idleMinutes ?? settings.sessionIdleMinutes,
      createdAt: now,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
      wallExpiresAt: new Date(wall.getTime() + lifetimeMs),
    })
    .returning();
  // A merchant's server mints "api" sessions; the others are the customer's own doing (a link, a sign-in).
  await recordAction(db as never, ctx, {
    merchantId: input.merchantId,
    customerId: input.customerId,
    action: input.source === "sign_in" ? "customer.signed_in" : "session.created",
    subjectId: row!.id,
    details: { source: input.source, flow: input.flow ?? null, limited: input.limited ?? false },
    actor: input.source === "api" ? undefined : { source: "portal", id: `customer:${input.customerId}` },
  });
  return { token, session: toSessionView(row!) };
}

/** A flow's subject must be this customer's own invoice or subscription; another's is "not found" (tenancy). */
async function assertFlowSubject(db: Executor, input: CreateSessionInput): Promise<void> {
  const flow = input.flow!;
  const id = input.flowSubjectId;
  if (!FLOWS_WITH_SUBJECT.includes(flow)) {
    if (id) throw new DomainError("invalid", "flow_subject_not_expected", `The ${flow} flow takes no subject.`);
    return;
  }
  if (!id) throw new DomainError("invalid", "flow_subject_required", `The ${flow} flow needs the id it is about.`);
  if (flow === "pay_invoice") {
    const [invoice] = await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.merchantId, input.merchantId), eq(documents.customerId, input.customerId), eq(documents.id, id), eq(documents.kind, "invoice")));
    if (!invoice) throw new DomainError("not_found", "invoice_not_found", `No invoice ${id}.`);
  } else if (flow === "cancel_subscription" || flow === "change_plan") {
    const [subscription] = await db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.merchantId, input.merchantId), eq(subscriptions.customerId, input.customerId), eq(subscriptions.id, id)));
    if (!subscription) throw new DomainError("not_found", "subscription_not_found", `No subscription ${id}.`);
  } else {
    const [order] = await db.select({ id: orders.id }).from(orders).where(and(eq(orders.merchantId, input.merchantId), eq(orders.customerId, input.customerId), eq(orders.id, id)));
    if (!order) throw new DomainError("not_found", "order_not_found", `No order ${id}.`);
  }
}
