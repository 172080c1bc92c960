import type { EmailTemplate } from "../db/schema/outbox.ts";

/** The words of each email. English for now; translated templates come with the notifications issue. */
export const EMAIL_COPY: Record<EmailTemplate, (v: Record<string, string>) => { subject: string; body: string }> = {
  welcome: (v) => ({
    subject: `Welcome to ${v.merchant}`,
    body: `Hello ${v.name},\n\nyour account with ${v.merchant} is ready. You can see your orders, invoices and payment methods at any time from the shop's website.\n\n${v.merchant}`,
  }),
  refund_confirmation: (v) => ({
    subject: `Your refund of ${v.amount} from ${v.merchant}`,
    body: `Hello ${v.name},\n\nwe have refunded ${v.amount} for order ${v.order}. Credit note ${v.credit_note} is in your billing history. Depending on your bank it takes a few days to appear on your statement.\n\n${v.merchant}`,
  }),
  void_confirmation: (v) => ({
    subject: `Your payment of ${v.amount} to ${v.merchant} was cancelled`,
    body: `Hello ${v.name},\n\nwe cancelled your payment of ${v.amount} for order ${v.order} before it was collected, so it will not be charged.\n\n${v.merchant}`,
  }),
  card_expiring: (v) => ({
    subject: `Your card ending ${v.last4} expires soon`,
    body: `Hello ${v.name},\n\nthe ${v.brand} card ending ${v.last4} that you use with ${v.merchant} expires at the end of ${v.expiry}. To keep your subscriptions running, add a new card here:\n\n${v.link}\n\n${v.merchant}`,
  }),
  card_expired: (v) => ({
    subject: `Your card ending ${v.last4} has expired`,
    body: `Hello ${v.name},\n\nthe ${v.brand} card ending ${v.last4} that you use with ${v.merchant} has expired, so we cannot charge it any more. Please add a new card here:\n\n${v.link}\n\n${v.merchant}`,
  }),
  support_fee: (v) => ({
    subject: `A support fee of ${v.amount} from ${v.merchant}`,
    body: `Hello ${v.name},\n\n${v.merchant} charged a support fee of ${v.amount} for your ticket "${v.ticket}". It was taken from your account balance, which is now ${v.balance}.\n\n${v.merchant}`,
  }),
  renewal_declined: (v) => ({
    subject: `We could not collect ${v.amount} for your ${v.plan} subscription`,
    body: `Hello ${v.name},\n\nyour card was declined for invoice ${v.invoice} (${v.amount}). We will try again on ${v.retry_on}. To avoid an interruption, update your card here:\n\n${v.link}\n\n${v.merchant}`,
  }),
  renewal_invoice: (v) => ({
    subject: `Invoice ${v.invoice} for your ${v.plan} subscription`,
    body: `Hello ${v.name},\n\nyour ${v.plan} subscription has renewed. Invoice ${v.invoice} for ${v.amount} is ready to pay here:\n\n${v.link}\n\n${v.merchant}`,
  }),
  subscription_cancelled: (v) => ({
    subject: `Your ${v.plan} subscription has ended`,
    body: `Hello ${v.name},\n\nyour ${v.plan} subscription with ${v.merchant} has been cancelled: ${v.reason}. You can subscribe again at any time from the shop's website.\n\n${v.merchant}`,
  }),
  renewal_unpaid: (v) => ({
    subject: `Invoice ${v.invoice} is still unpaid`,
    body: `Hello ${v.name},\n\nwe could not collect ${v.amount} for invoice ${v.invoice} after several tries. Your subscription continues; please pay the invoice or update your card here:\n\n${v.link}\n\n${v.merchant}`,
  }),
  sign_in_code: (v) => ({
    subject: `Your sign-in code for ${v.merchant}`,
    body: `Hello ${v.name},\n\nyour code to sign in to your account with ${v.merchant} is:\n\n${v.code}\n\nOr open this link to sign in:\n\n${v.link}\n\nThe code and the link work once, for ${v.minutes ?? "15"} minutes. If you did not ask to sign in, you can ignore this e-mail.\n\n${v.merchant}`,
  }),
  refund_dropped: (v) => ({
    subject: `Refund ${v.refund} could not be completed`,
    body: `The payment gateway refused refund ${v.refund} of ${v.amount} to ${v.customer} (order ${v.order}) on every attempt, so it was removed from the retry queue. Please refund this customer another way.`,
  }),
};
