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

const fr: CheckoutCopy = {
  lang: "fr",
  locale: "fr",
  title: "Payer la commande {number}",
  order: "Commande {number}",
  yourOrder: "Votre commande",
  dueNow: "À payer maintenant",
  authoriseNow: "À autoriser",
  total: "Total",
  cardDetails: "Coordonnées de la carte",
  cardEnding: "{brand} se terminant par {last4}",
  heading: { charge: "Payer", pre_authorize: "Autoriser le paiement", card_only: "Enregistrer la carte" },
  useSaved: { charge: "Payer {amount} avec {card}", pre_authorize: "Autoriser {amount} sur {card}" },
  paid: { heading: "Paiement reçu", text: "Vous avez payé {amount}. Le reçu se trouve dans votre historique de facturation." },
  authorised: { heading: "Montant autorisé", text: "{amount} est réservé sur votre carte, sans être encore débité. La boutique débite ce montant (ou moins) quand votre commande est prête ; ce qui n’est pas débité est libéré." },
  saved: { heading: "Votre carte est enregistrée", text: "Rien n’est débité maintenant. La boutique utilisera cette carte pour cette commande." },
  pending: { heading: "Paiement en attente de votre banque", text: "Votre banque n’a pas encore confirmé le paiement de {amount}. Vous n’avez rien d’autre à faire ici ; il apparaîtra dans votre historique de facturation une fois validé." },
  unconfirmed: "Nous n’avons pas pu confirmer le paiement. Réessayez ; vous ne serez pas débité deux fois.",
  declined: "La carte a été refusée. Essayez une autre carte.",
  failed: "Le paiement n’a pas abouti.",
  tryAgain: "Réessayer",
  summary: { one_time: "{total}, payé en une fois", recurring: "{total}, facturé régulièrement jusqu’à résiliation", instalment: "{total} en {count} versements" },
};

const es: CheckoutCopy = {
  lang: "es",
  locale: "es",
  title: "Pagar el pedido {number}",
  order: "Pedido {number}",
  yourOrder: "Tu pedido",
  dueNow: "A pagar ahora",
  authoriseNow: "A autorizar",
  total: "Total",
  cardDetails: "Datos de la tarjeta",
  cardEnding: "{brand} terminada en {last4}",
  heading: { charge: "Pagar", pre_authorize: "Autorizar el pago", card_only: "Guardar tarjeta" },
  useSaved: { charge: "Pagar {amount} con {card}", pre_authorize: "Autorizar {amount} en {card}" },
  paid: { heading: "Pago recibido", text: "Has pagado {amount}. El recibo está en tu historial de facturación." },
  authorised: { heading: "Importe autorizado", text: "{amount} está reservado en tu tarjeta, todavía sin cobrar. La tienda lo cobra (o menos) cuando tu pedido esté listo; lo que no se cobre se libera." },
  saved: { heading: "Tu tarjeta está guardada", text: "Ahora no se cobra nada. La tienda usará esta tarjeta para este pedido." },
  pending: { heading: "Pago pendiente de tu banco", text: "Tu banco aún no ha confirmado el pago de {amount}. No tienes que hacer nada más aquí; lo verás en tu historial de facturación cuando se complete." },
  unconfirmed: "No hemos podido confirmar el pago. Vuelve a intentarlo; no se te cobrará dos veces.",
  declined: "La tarjeta ha sido rechazada. Prueba con otra tarjeta.",
  failed: "El pago no se ha completado.",
  tryAgain: "Reintentar",
  summary: { one_time: "{total}, pago único", recurring: "{total}, facturado periódicamente hasta que canceles", instalment: "{total} en {count} plazos" },
};

const COPIES: Record<string, CheckoutCopy> = { en, de, fr, es };

/** The first of the browser's languages (`Accept-Language`, by weight) that the checkout speaks. */
function spokenLanguage(acceptLanguage: string | undefined): string | undefined {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { lang: tag?.trim().toLowerCase().split("-")[0] ?? "", q: Number.isFinite(q) ? q : 0 };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.find((e) => Object.hasOwn(COPIES, e.lang))?.lang;
}

/** The checkout's words for the browser's languages (`Accept-Language`); English, wholly, when none of them is spoken here. */
export function checkoutCopy(acceptLanguage: string | undefined): CheckoutCopy {
  return COPIES[spokenLanguage(acceptLanguage) ?? "en"] ?? en;
}
