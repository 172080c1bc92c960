/** Texts of the hosted portal page around the widgets (W6), in every language the widgets speak. */
export interface HostedMessages {
  language: string;
  signOut: string;
  backToShop: string;
  title: string;
  updateCard: string;
  payInvoice: string;
  invoice: string;
  loading: string;
  tabsLabel: string;
  moreLinks: string;
  tabs: { orders: string; cards: string; support: string; account: string };
  retry: string;
  unreachable: string;
  signIn: string;
  ended: Record<"expired" | "logged_out" | "revoked" | "invalid" | "unavailable", { title: string; text: string }>;
  reopen: string;
}

const en: HostedMessages = {
  language: "Language",
  signOut: "Sign out",
  backToShop: "Back to the shop",
  title: "Your account",
  updateCard: "Update your payment method",
  payInvoice: "Pay your invoice",
  invoice: "Invoice",
  loading: "Loading your account…",
  tabsLabel: "Your account",
  moreLinks: "More from the shop",
  tabs: { orders: "Orders", cards: "Payment methods", support: "Support", account: "Account" },
  retry: "Try again",
  unreachable: "We could not reach the billing service. Check your connection and try again.",
  signIn: "Sign in again",
  ended: {
    expired: { title: "Your session has ended", text: "For your security, the billing area closes after a while without activity." },
    logged_out: { title: "You signed out", text: "Your session has ended on this device." },
    revoked: { title: "Your session has ended", text: "The shop ended this session." },
    invalid: { title: "Your session has ended", text: "This link or session is no longer valid." },
    unavailable: { title: "The billing area is not available", text: "Please contact the shop." },
  },
  reopen: "To continue, open the billing area again from the shop's website or from the shop's latest e-mail.",
};

const de: HostedMessages = {
  language: "Sprache",
  signOut: "Abmelden",
  backToShop: "Zurück zum Shop",
  title: "Ihr Kundenkonto",
  updateCard: "Zahlungsmethode aktualisieren",
  payInvoice: "Rechnung bezahlen",
  invoice: "Rechnung",
  loading: "Ihr Kundenkonto wird geladen…",
  tabsLabel: "Ihr Kundenkonto",
  moreLinks: "Mehr vom Shop",
  tabs: { orders: "Bestellungen", cards: "Zahlungsmethoden", support: "Support", account: "Konto" },
  retry: "Erneut versuchen",
  unreachable: "Der Abrechnungsdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
  signIn: "Erneut anmelden",
  ended: {
    expired: { title: "Ihre Sitzung ist beendet", text: "Zu Ihrer Sicherheit schließt sich der Kundenbereich nach einer Weile ohne Aktivität." },
    logged_out: { title: "Sie haben sich abgemeldet", text: "Ihre Sitzung auf diesem Gerät ist beendet." },
    revoked: { title: "Ihre Sitzung ist beendet", text: "Der Shop hat diese Sitzung beendet." },
    invalid: { title: "Ihre Sitzung ist beendet", text: "Dieser Link oder diese Sitzung ist nicht mehr gültig." },
    unavailable: { title: "Der Kundenbereich ist nicht verfügbar", text: "Bitte wenden Sie sich an den Shop." },
  },
  reopen: "Um fortzufahren, öffnen Sie den Kundenbereich erneut über die Website des Shops oder über die letzte E-Mail des Shops.",
};

const fr: HostedMessages = {
  language: "Langue",
  signOut: "Se déconnecter",
  backToShop: "Retour à la boutique",
  title: "Votre compte",
  updateCard: "Mettre à jour votre moyen de paiement",
  payInvoice: "Payer votre facture",
  invoice: "Facture",
  loading: "Chargement de votre compte…",
  tabsLabel: "Votre compte",
  moreLinks: "Plus de la boutique",
  tabs: { orders: "Commandes", cards: "Moyens de paiement", support: "Assistance", account: "Compte" },
  retry: "Réessayer",
  unreachable: "Le service de facturation est injoignable. Vérifiez votre connexion et réessayez.",
  signIn: "Se reconnecter",
  ended: {
    expired: { title: "Votre session est terminée", text: "Pour votre sécurité, l’espace de facturation se ferme après un moment d’inactivité." },
    logged_out: { title: "Vous êtes déconnecté", text: "Votre session est terminée sur cet appareil." },
    revoked: { title: "Votre session est terminée", text: "La boutique a mis fin à cette session." },
    invalid: { title: "Votre session est terminée", text: "Ce lien ou cette session n’est plus valable." },
    unavailable: { title: "L’espace de facturation n’est pas disponible", text: "Veuillez contacter la boutique." },
  },
  reopen: "Pour continuer, rouvrez l’espace de facturation depuis le site de la boutique ou depuis son dernier e-mail.",
};

const es: HostedMessages = {
  language: "Idioma",
  signOut: "Cerrar sesión",
  backToShop: "Volver a la tienda",
  title: "Tu cuenta",
  updateCard: "Actualiza tu método de pago",
  payInvoice: "Paga tu factura",
  invoice: "Factura",
  loading: "Cargando tu cuenta…",
  tabsLabel: "Tu cuenta",
  moreLinks: "Más de la tienda",
  tabs: { orders: "Pedidos", cards: "Métodos de pago", support: "Soporte", account: "Cuenta" },
  retry: "Reintentar",
  unreachable: "No pudimos conectar con el servicio de facturación. Comprueba tu conexión e inténtalo de nuevo.",
  signIn: "Volver a iniciar sesión",
  ended: {
    expired: { title: "Tu sesión ha terminado", text: "Por tu seguridad, el área de facturación se cierra tras un tiempo sin actividad." },
    logged_out: { title: "Has cerrado sesión", text: "Tu sesión ha terminado en este dispositivo." },
    revoked: { title: "Tu sesión ha terminado", text: "La tienda ha cerrado esta sesión." },
    invalid: { title: "Tu sesión ha terminado", text: "Este enlace o esta sesión ya no es válido." },
    unavailable: { title: "El área de facturación no está disponible", text: "Ponte en contacto con la tienda." },
  },
  reopen: "Para continuar, vuelve a abrir el área de facturación desde el sitio web de la tienda o desde su último correo electrónico.",
};

/** The languages the page offers, each named in itself. */
export const LOCALES = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
  { code: "fr", name: "Français" },
  { code: "es", name: "Español" },
] as const;

export type HostedLocale = (typeof LOCALES)[number]["code"];

const CATALOGUES: Record<HostedLocale, HostedMessages> = { en, de, fr, es };

/** A supported locale for any BCP 47 tag (`fr-CA` is French); a language the page does not speak is wholly English. */
export function supportedLocale(tag: string | null | undefined): HostedLocale {
  const language = tag?.toLowerCase().split("-")[0];
  return LOCALES.find((l) => l.code === language)?.code ?? "en";
}

export function hostedMessages(locale: string): HostedMessages {
  return CATALOGUES[supportedLocale(locale)];
}
