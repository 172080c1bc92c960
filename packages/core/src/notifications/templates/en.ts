import type { Catalogue } from "./catalogue.ts";
import type { CancelReason, ForwardedKind } from "./vars.ts";

const kind: Record<ForwardedKind, string> = { invoice: "invoice", receipt: "receipt", credit_note: "credit note" };
const ended: Record<CancelReason, string> = {
  customer: "as you asked",
  end_of_term: "as you asked, at the end of the term",
  request_approved: "the shop approved your request",
  refunded: "you asked for this period's payment back",
  payment_failed: "we could not collect the payment",
  shop: "the shop ended it",
};

/** English copy of every message. */
export const en: Catalogue = {
  language: "en",
  greeting: (name) => (name ? `Hello ${name},` : "Hello,"),
  signOff: (merchant) => ["Kind regards,", merchant],
  footer: (merchant) => `You receive this e-mail because you have an account with ${merchant}.`,
  linkHelp: "If the button does not work, copy this address into your browser:",
  templates: {
    welcome: (v) => ({
      subject: `Welcome to ${v.merchant}`,
      paragraphs: [`Your account with ${v.merchant} is ready. You can see your orders, invoices and payment methods at any time from the shop's website.`],
    }),
    portal_invite: (v) => ({
      subject: `Your billing account with ${v.merchant}`,
      paragraphs: [`Thank you for your order. In your billing account you can see your orders and invoices, pay, update your card and manage your subscription.`],
      action: { label: "Open my billing account", url: v.link },
      after: ["For your security the link works once and only for a short time; if it has expired, ask the shop for a new one."],
      sms: `${v.merchant}: your billing account is ready: ${v.link}`,
    }),
    resend_link: (v) => ({
      subject: `Your new link to ${v.merchant}`,
      paragraphs: ["Here is the new link you asked for. It opens your billing account."],
      action: { label: "Open my billing account", url: v.link },
      after: ["The link works once. If you did not ask for it, you can ignore this e-mail."],
      sms: `${v.merchant}: your new link: ${v.link}`,
    }),
    sign_in_code: (v) => ({
      subject: `Your sign-in code for ${v.merchant}: ${v.code}`,
      paragraphs: ["Enter this code to sign in to your billing account:"],
      code: v.code,
      action: { label: "Sign in", url: v.link },
      after: ["The code expires in a few minutes. If you did not try to sign in, you can ignore this e-mail."],
      sms: `${v.code} is your ${v.merchant} sign-in code. Or sign in here: ${v.link}`,
    }),
    refund_confirmation: (v) => ({
      subject: `Your refund of ${v.amount} from ${v.merchant}`,
      paragraphs: [
        `We have refunded ${v.amount} for order ${v.order}. Credit note ${v.credit_note} is in your billing history.`,
        "Depending on your bank it takes a few days to appear on your statement.",
      ],
    }),
    void_confirmation: (v) => ({
      subject: `Your payment of ${v.amount} to ${v.merchant} was cancelled`,
      paragraphs: [`We cancelled your payment of ${v.amount} for order ${v.order} before it was collected, so it will not be charged.`],
    }),
    merchant_activity: (v) => ({
      subject: `${({ payment: "Portal payment", refund_request: "Refund request", cancellation_request: "Cancellation request", ticket: "New ticket", ticket_reply: "Customer reply" })[v.kind]} from ${v.customer}: ${v.subject}`,
      paragraphs: [
        `${v.customer} ${({ payment: "paid", refund_request: "asked for a refund of", cancellation_request: "asked to cancel", ticket: "opened a ticket:", ticket_reply: "replied to ticket" })[v.kind]} ${v.subject} in the billing portal.`,
        "You find the details in the merchant API and the audit log.",
      ],
      footer: `You receive this e-mail because your address is on ${v.merchant}'s list for activity e-mails.`,
    }),
    refund_dropped: (v) => ({
      subject: `Refund ${v.refund} could not be completed`,
      paragraphs: [`The payment gateway refused refund ${v.refund} of ${v.amount} to ${v.customer} (order ${v.order}) on every attempt, so it was removed from the retry queue. Please refund this customer another way.`],
      footer: `You receive this e-mail because your address is on ${v.merchant}'s list for billing alerts.`,
    }),
    card_expiring: (v) => ({
      subject: `Your card ending ${v.last4} expires soon`,
      paragraphs: [`The ${v.brand} card ending ${v.last4} that you use with ${v.merchant} expires at the end of ${v.expiry}. To keep your subscriptions running, add a new card.`],
      action: { label: "Update my card", url: v.link },
      sms: `${v.merchant}: your card ending ${v.last4} expires ${v.expiry}. Update it: ${v.link}`,
    }),
    card_expired: (v) => ({
      subject: `Your card ending ${v.last4} has expired`,
      paragraphs: [`The ${v.brand} card ending ${v.last4} that you use with ${v.merchant} expired at the end of ${v.expiry}, so we cannot charge it any more. Please add a new card.`],
      action: { label: "Add a new card", url: v.link },
      sms: `${v.merchant}: your card ending ${v.last4} has expired. Add a new one: ${v.link}`,
    }),
    support_fee: (v) => ({
      subject: `A support fee of ${v.amount} from ${v.merchant}`,
      paragraphs: [`${v.merchant} charged a support fee of ${v.amount} for your ticket "${v.ticket}". It was taken from your account balance, which is now ${v.balance}.`],
    }),
    renewal_declined: (v) => ({
      subject: `We could not collect ${v.amount} for your ${v.plan} subscription`,
      paragraphs: [`Your card was declined for invoice ${v.invoice} (${v.amount}). We will try again on ${v.retry_on}. To avoid an interruption, update your card.`],
      action: { label: "Update my card", url: v.link },
      sms: `${v.merchant}: your payment of ${v.amount} was declined. Update your card: ${v.link}`,
    }),
    renewal_invoice: (v) => ({
      subject: `Invoice ${v.invoice} for your ${v.plan} subscription`,
      paragraphs: [`Your ${v.plan} subscription has renewed. Invoice ${v.invoice} for ${v.amount} is ready to pay.`],
      action: { label: "Pay the invoice", url: v.link },
    }),
    renewal_unpaid: (v) => ({
      subject: `Invoice ${v.invoice} is still unpaid`,
      paragraphs: [`We could not collect ${v.amount} for invoice ${v.invoice} after several tries. Your ${v.plan} subscription continues; please pay the invoice or update your card.`],
      action: { label: "Pay or update my card", url: v.link },
      sms: `${v.merchant}: invoice ${v.invoice} (${v.amount}) is unpaid. Pay it here: ${v.link}`,
    }),
    pay_order: (v) => ({
      subject: `Order ${v.order}: ${v.amount} to pay`,
      paragraphs: [`Your order ${v.order} with ${v.merchant} is waiting for payment of ${v.amount}.`],
      action: { label: `Pay ${v.amount}`, url: v.link },
      after: ["The payment link expires after seven days."],
      sms: `${v.merchant}: pay order ${v.order} (${v.amount}) here: ${v.link}`,
    }),
    subscription_cancelled: (v) => ({
      subject: `Your ${v.plan} subscription has ended`,
      paragraphs: [`Your ${v.plan} subscription with ${v.merchant} has been cancelled: ${ended[v.reason]}. You can subscribe again at any time from the shop's website.`],
    }),
    cancellation_scheduled: (v) => ({
      subject: `Your ${v.plan} subscription ends on ${v.ends_on}`,
      paragraphs: [`As you asked, your ${v.plan} subscription will end on ${v.ends_on}, at the end of the period you have paid for. You will not be charged again.`, "Changed your mind? You can keep it from your billing account until then."],
    }),
    subscription_paused: (v) => ({
      subject: `Your ${v.plan} subscription is paused`,
      paragraphs: [
        `Your ${v.plan} subscription is paused from ${v.paused_on}. You will not be charged while it is paused.`,
        v.resumes_on ? `It resumes on ${v.resumes_on}.` : "It stays paused until you resume it from your billing account.",
      ],
    }),
    document_forward: (v) => ({
      subject: `${v.sender} sent you ${kind[v.kind]} ${v.document} from ${v.merchant}`,
      heading: `${kind[v.kind][0]!.toUpperCase()}${kind[v.kind].slice(1)} ${v.document}`,
      paragraphs: [`${v.sender} forwarded you ${kind[v.kind]} ${v.document} from ${v.merchant}. You will find it attached as a PDF.`],
      footer: `You receive this e-mail because ${v.sender} entered your address in their billing account with ${v.merchant}. Your address is not kept for anything else.`,
    }),
    staff_sign_in_code: (v) => ({
      subject: `Your staff console sign-in code for ${v.merchant}: ${v.code}`,
      paragraphs: [`Enter this code to sign in to the ${v.merchant} staff console:`],
      code: v.code,
      after: [`The code works for ${v.minutes} minutes. If you did not try to sign in, ignore this e-mail and tell your administrator.`],
    }),
    email_change_code: (v) => ({
      subject: `Confirm your new e-mail address for ${v.merchant}`,
      paragraphs: [`To use this address for your account with ${v.merchant}, enter this code where you asked for the change:`],
      code: v.code,
      after: [`The code works for ${v.minutes} minutes. If you did not ask for this, ignore this e-mail: nothing changes.`],
    }),
    email_change_requested: (v) => ({
      subject: `A change of your e-mail address for ${v.merchant} was requested`,
      paragraphs: [`Someone asked to change the e-mail address of your account with ${v.merchant} to ${v.new_email}. It changes only once a code sent to that address is entered. If this was not you, contact ${v.merchant}.`],
    }),
  },
};
