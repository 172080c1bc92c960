import type { MessageTemplate } from "../../db/schema/outbox.ts";
import type { Money } from "../../money.ts";

/** Why a subscription ended, in words each catalogue chooses. */
export type CancelReason = "customer" | "end_of_term" | "request_approved" | "refunded" | "payment_failed" | "shop";
/** Which document a forward carries. */
export type ForwardedKind = "invoice" | "receipt" | "credit_note";

/**
 * What each template needs. Money and dates are given as values and written in
 * the recipient's locale; `link` is a URL (or `LINK_AT_SEND`, signed when sent).
 * Every message also knows the merchant and the recipient's name.
 */
export interface TemplateVars {
  welcome: Record<never, never>;
  portal_invite: { link: string };
  resend_link: { link: string };
  sign_in_code: { code: string; link: string };
  /** M1: a staff member's console sign-in code. */
  staff_sign_in_code: { code: string; minutes: number };
  refund_confirmation: { amount: Money; order: string; credit_note: string };
  void_confirmation: { amount: Money; order: string };
  /** To the merchant's notify addresses (R4), not to a customer. */
  refund_dropped: { refund: string; amount: Money; customer: string; order: string };
  card_expiring: { brand: string; last4: string; expiry: string; link: string };
  card_expired: { brand: string; last4: string; expiry: string; link: string };
  support_fee: { amount: Money; ticket: string; balance: Money };
  renewal_declined: { plan: string; invoice: string; amount: Money; retry_on: Date; link: string };
  renewal_invoice: { plan: string; invoice: string; amount: Money; link: string };
  renewal_unpaid: { plan: string; invoice: string; amount: Money; link: string };
  pay_order: { order: string; amount: Money; link: string };
  subscription_cancelled: { plan: string; reason: CancelReason };
  cancellation_scheduled: { plan: string; ends_on: Date };
  subscription_paused: { plan: string; paused_on: Date; resumes_on: Date | null };
  document_forward: { kind: ForwardedKind; document: string; sender: string };
  /** A3: to the new address of an e-mail change. */
  email_change_code: { code: string; minutes: number };
  /** A3: to the old address, with the new one masked. */
  email_change_requested: { new_email: string };
  /** M5: to the merchant's notify addresses, about something a customer did in the portal. */
  merchant_activity: { kind: "payment" | "refund_request" | "cancellation_request" | "ticket" | "ticket_reply"; customer: string; subject: string };
}

// Every template has its variables declared, and nothing else.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _complete: Exact<keyof TemplateVars, MessageTemplate> = true;
void _complete;

/** A variable as a catalogue receives it: money and dates already written out for the locale. */
type Formatted<V> = V extends Money ? string : V extends Date ? string : V;
export type CopyVars<T extends MessageTemplate> = { readonly [K in keyof TemplateVars[T]]: Formatted<TemplateVars[T][K]> } & {
  /** The shop's name. */
  readonly merchant: string;
  /** The recipient's name, or "" when we know none. */
  readonly name: string;
};
