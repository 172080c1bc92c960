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

/** The languages the page offers, each named in itself. */
export const LOCALES = [
  { code: "en", name: "English" },
  { code: "de", name: "Deutsch" },
] as const;

/** A supported locale for any BCP 47 tag: German for `de-*`, else English. */
export function supportedLocale(tag: string | null | undefined): "en" | "de" {
  return tag?.toLowerCase().startsWith("de") ? "de" : "en";
}

export function hostedMessages(locale: string): HostedMessages {
  return supportedLocale(locale) === "de" ? de : en;
}
