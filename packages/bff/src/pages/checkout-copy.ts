import { negotiateLocale } from "./sign-in-copy.ts";

/** What the hosted checkout does for an order (set when it is placed). */
export type CheckoutMode = "charge" | "card_only" | "pre_authorize";

/**
 * The words of the hosted checkout, per language and per checkout mode: paying,
 * authorising an amount for the shop to capture, or only saving a card.
 * `{amount}` and `{card}` are filled in by the page.
 */
export interface CheckoutCopy {
  lang: string;
  locale: string;
  title: string;
  order: string;
  yourOrder: string;
  dueNow: string;
  authoriseNow: string;
  total: string;
  cardDetails: string;
  /** How a saved card is named: `{brand}`, `{last4}`. */
  cardEnding: string;
  heading: Record<CheckoutMode, string>;
  /** The button that uses the saved card. */
  useSaved: Record<Exclude<CheckoutMode, "card_only">, string>;
  paid: { heading: string; text: string };
  authorised: { heading: string; text: string };
  saved: { heading: string; text: string };
  pending: { heading: string; text: string };
  unconfirmed: string;
  declined: string;
  failed: string;
  tryAgain: string;
  /** How the order is sold, in words: `{total}`, `{count}`. */
  summary: { one_time: string; recurring: string; instalment: string };
}

const en: CheckoutCopy = {
  lang: "en",
  locale: "en",
  title: "Pay for order {number}",
  order: "Order {number}",
  yourOrder: "Your order",
  dueNow: "Due now",
  authoriseNow: "To authorise",
  total: "Total",
  cardDetails: "Card details",
  cardEnding: "{brand} ending {last4}",
  heading: { charge: "Pay", pre_authorize: "Authorise payment", card_only: "Save card" },
  useSaved: { charge: "Pay {amount} with {card}", pre_authorize: "Authorise {amount} on {card}" },
  paid: { heading: "Payment received", text: "You paid {amount}. A receipt is in your billing history." },
  authorised: { heading: "Amount authorised", text: "{amount} is reserved on your card, not charged yet. The shop charges it (or less) when your order is ready; whatever is not charged is released." },
  saved: { heading: "Your card is saved", text: "Nothing is charged now. The shop will use this card for this order." },
  pending: { heading: "Payment waiting for your bank", text: "Your bank has not confirmed the payment of {amount} yet. Nothing more to do here; you will see it in your billing history once it clears." },
  unconfirmed: "We could not confirm the payment. Try again; you will not be charged twice.",
  declined: "The card was declined. Try another card.",
  failed: "The payment did not go through.",
  tryAgain: "Try again",
  summary: { one_time: "{total}, paid once", recurring: "{total}, billed regularly until you cancel", instalment: "{total} in {count} instalments" },
};

const de: CheckoutCopy = {
  lang: "de",
  locale: "de",
  title: "Bestellung {number} bezahlen",
  order: "Bestellung {number}",
  yourOrder: "Ihre Bestellung",
  dueNow: "Jetzt fällig",
  authoriseNow: "Zu autorisieren",
  total: "Gesamt",
  cardDetails: "Kartendaten",
  cardEnding: "{brand} mit Endziffern {last4}",
  heading: { charge: "Bezahlen", pre_authorize: "Zahlung autorisieren", card_only: "Karte speichern" },
  useSaved: { charge: "{amount} mit {card} bezahlen", pre_authorize: "{amount} auf {card} autorisieren" },
  paid: { heading: "Zahlung erhalten", text: "Sie haben {amount} bezahlt. Die Quittung finden Sie in Ihrem Zahlungsverlauf." },
  authorised: { heading: "Betrag autorisiert", text: "{amount} ist auf Ihrer Karte reserviert, aber noch nicht abgebucht. Der Shop bucht den Betrag (oder weniger) ab, sobald Ihre Bestellung bereit ist; was nicht abgebucht wird, wird freigegeben." },
  saved: { heading: "Ihre Karte ist gespeichert", text: "Jetzt wird nichts abgebucht. Der Shop verwendet diese Karte für diese Bestellung." },
  pending: { heading: "Zahlung wartet auf Ihre Bank", text: "Ihre Bank hat die Zahlung von {amount} noch nicht bestätigt. Sie müssen hier nichts weiter tun; sobald sie durch ist, sehen Sie sie in Ihrem Zahlungsverlauf." },
  unconfirmed: "Wir konnten die Zahlung nicht bestätigen. Versuchen Sie es erneut; es wird nicht doppelt abgebucht.",
  declined: "Die Karte wurde abgelehnt. Versuchen Sie eine andere Karte.",
  failed: "Die Zahlung ist nicht durchgegangen.",
  tryAgain: "Erneut versuchen",
  summary: { one_time: "{total}, einmalig bezahlt", recurring: "{total}, regelmäßig abgerechnet, bis Sie kündigen", instalment: "{total} in {count} Raten" },
};

/** The checkout's words for the browser's languages (`Accept-Language`), English when none is spoken here. */
export function checkoutCopy(acceptLanguage: string | undefined): CheckoutCopy {
  return negotiateLocale(undefined, acceptLanguage, "en") === "de" ? de : en;
}
