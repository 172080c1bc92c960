/** What the card form is used for: keep a card, pay now, or authorise an amount now (the shop captures it later). */
export type CardFormPurpose = "save" | "payment" | "authorize";

/** The card form's words in one language. Field errors are per server `code`, shown next to their field. */
export interface CardFormCopy {
  lang: string;
  title: string;
  number: string;
  expiry: string;
  expiryPlaceholder: string;
  cvc: string;
  makeDefault: string;
  keep: string;
  /** The submit button, by what the form is for. */
  submit: Record<CardFormPurpose, string>;
  /** Said while the request is out, by what the form is for. */
  sending: Record<CardFormPurpose, string>;
  saved: string;
  /** Per field: a bad number, a bad expiry, an expired card, a bad security code. */
  fields: { number: string; expiry: string; expired: string; cvc: string };
  declined: string;
  insufficientFunds: string;
  tooManyTries: string;
  failed: string;
}

const en: CardFormCopy = {
  lang: "en",
  title: "Card details",
  number: "Card number",
  expiry: "Expiry (MM / YY)",
  expiryPlaceholder: "MM / YY",
  cvc: "Security code",
  makeDefault: "Make this my default card",
  keep: "Save this card for future payments",
  submit: { save: "Save card", payment: "Pay now", authorize: "Authorise now" },
  sending: { save: "Saving…", payment: "Paying…", authorize: "Authorising…" },
  saved: "Card saved.",
  fields: {
    number: "Enter the card number as it is printed on the card.",
    expiry: "Enter the expiry date as MM / YY, for example 04 / 29.",
    expired: "This card has expired. Use another card.",
    cvc: "Enter the 3-digit code on the back of the card (4 digits on the front for American Express).",
  },
  declined: "The card was declined. Try another card.",
  insufficientFunds: "The card has insufficient funds. Try another card.",
  tooManyTries: "Too many attempts. Wait a while and try again.",
  failed: "The card could not be saved. Try again.",
};

const de: CardFormCopy = {
  lang: "de",
  title: "Kartendaten",
  number: "Kartennummer",
  expiry: "Ablaufdatum (MM / JJ)",
  expiryPlaceholder: "MM / JJ",
  cvc: "Prüfnummer",
  makeDefault: "Als Standardkarte verwenden",
  keep: "Karte für künftige Zahlungen speichern",
  submit: { save: "Karte speichern", payment: "Jetzt bezahlen", authorize: "Jetzt autorisieren" },
  sending: { save: "Wird gespeichert…", payment: "Zahlung läuft…", authorize: "Wird autorisiert…" },
  saved: "Karte gespeichert.",
  fields: {
    number: "Geben Sie die Kartennummer so ein, wie sie auf der Karte steht.",
    expiry: "Geben Sie das Ablaufdatum als MM / JJ ein, zum Beispiel 04 / 29.",
    expired: "Diese Karte ist abgelaufen. Verwenden Sie eine andere Karte.",
    cvc: "Geben Sie die 3-stellige Prüfnummer auf der Rückseite ein (bei American Express 4 Ziffern auf der Vorderseite).",
  },
  declined: "Die Karte wurde abgelehnt. Versuchen Sie eine andere Karte.",
  insufficientFunds: "Die Karte ist nicht ausreichend gedeckt. Versuchen Sie eine andere Karte.",
  tooManyTries: "Zu viele Versuche. Warten Sie etwas und versuchen Sie es dann erneut.",
  failed: "Die Karte konnte nicht gespeichert werden. Versuchen Sie es erneut.",
};

const fr: CardFormCopy = {
  lang: "fr",
  title: "Coordonnées de la carte",
  number: "Numéro de carte",
  expiry: "Date d’expiration (MM / AA)",
  expiryPlaceholder: "MM / AA",
  cvc: "Code de sécurité",
  makeDefault: "En faire ma carte par défaut",
  keep: "Enregistrer cette carte pour mes prochains paiements",
  submit: { save: "Enregistrer la carte", payment: "Payer maintenant", authorize: "Autoriser maintenant" },
  sending: { save: "Enregistrement…", payment: "Paiement en cours…", authorize: "Autorisation en cours…" },
  saved: "Carte enregistrée.",
  fields: {
    number: "Saisissez le numéro tel qu’il figure sur la carte.",
    expiry: "Saisissez la date d’expiration au format MM / AA, par exemple 04 / 29.",
    expired: "Cette carte a expiré. Utilisez une autre carte.",
    cvc: "Saisissez le code à 3 chiffres au dos de la carte (4 chiffres au recto pour American Express).",
  },
  declined: "La carte a été refusée. Essayez une autre carte.",
  insufficientFunds: "Le solde de la carte est insuffisant. Essayez une autre carte.",
  tooManyTries: "Trop de tentatives. Patientez un peu, puis réessayez.",
  failed: "La carte n’a pas pu être enregistrée. Réessayez.",
};

const es: CardFormCopy = {
  lang: "es",
  title: "Datos de la tarjeta",
  number: "Número de tarjeta",
  expiry: "Caducidad (MM / AA)",
  expiryPlaceholder: "MM / AA",
  cvc: "Código de seguridad",
  makeDefault: "Usar como mi tarjeta predeterminada",
  keep: "Guardar esta tarjeta para próximos pagos",
  submit: { save: "Guardar tarjeta", payment: "Pagar ahora", authorize: "Autorizar ahora" },
  sending: { save: "Guardando…", payment: "Pagando…", authorize: "Autorizando…" },
  saved: "Tarjeta guardada.",
  fields: {
    number: "Introduce el número tal como aparece en la tarjeta.",
    expiry: "Introduce la caducidad como MM / AA, por ejemplo 04 / 29.",
    expired: "Esta tarjeta ha caducado. Usa otra tarjeta.",
    cvc: "Introduce el código de 3 cifras del dorso (4 cifras en el anverso si es American Express).",
  },
  declined: "La tarjeta ha sido rechazada. Prueba con otra tarjeta.",
  insufficientFunds: "La tarjeta no tiene saldo suficiente. Prueba con otra tarjeta.",
  tooManyTries: "Demasiados intentos. Espera un poco y vuelve a intentarlo.",
  failed: "No se ha podido guardar la tarjeta. Vuelve a intentarlo.",
};

const COPIES: Record<string, CardFormCopy> = { en, de, fr, es };

/** The card form's languages. */
export const CARD_FORM_LOCALES = Object.keys(COPIES);

/** The card form's words for a locale tag (`fr`, `fr-CA`); any other language gets English, wholly. */
export function cardFormCopy(locale: string | undefined): CardFormCopy {
  const lang = (locale ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  return Object.hasOwn(COPIES, lang) ? COPIES[lang]! : en;
}
