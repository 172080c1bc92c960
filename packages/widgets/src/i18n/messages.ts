import type { OrderStatus, OrderType } from "@billfront/core";

export interface Messages {
  listLabel: string;
  loading: string;
  empty: string;
  retry: string;
  loadMore: string;
  order: (number: string) => string;
  placedOn: (date: string) => string;
  nextBilling: (date: string) => string;
  instalments: (paid: number, count: number) => string;
  refunded: (amount: string) => string;
  total: string;
  status: Record<OrderStatus, string>;
  type: Record<OrderType, string>;
  errors: Record<string, string> & { default: string };
  notConfigured: string;
}

const en: Messages = {
  listLabel: "Your orders",
  loading: "Loading your orders…",
  empty: "You have no orders yet.",
  retry: "Try again",
  loadMore: "Show more orders",
  order: (n) => `Order ${n}`,
  placedOn: (d) => `Placed ${d}`,
  nextBilling: (d) => `Next payment ${d}`,
  instalments: (p, c) => `${p} of ${c} instalments paid`,
  refunded: (a) => `${a} refunded`,
  total: "Total",
  status: {
    trial: "Trial",
    active: "Active",
    past_due: "Past due",
    paused: "Paused",
    cancelled: "Cancelled",
    pending: "Pending",
    paid: "Paid",
    partially_refunded: "Partially refunded",
    refunded: "Refunded",
    in_progress: "In progress",
    complete: "Complete",
  },
  type: { one_time: "One-time purchase", recurring: "Subscription", instalment: "Instalment plan" },
  errors: {
    session_expired: "Your session has expired. Reload the page or open a new link from the shop.",
    session_invalid: "We could not confirm who you are. Open a new link from the shop.",
    session_missing: "We could not confirm who you are. Open a new link from the shop.",
    origin_not_allowed: "This page is not allowed to show your billing details.",
    network_error: "We could not reach the billing service. Check your connection and try again.",
    default: "Something went wrong while loading your orders.",
  },
  notConfigured: "This billing area is not set up: it needs an API address and a session.",
};

const de: Messages = {
  listLabel: "Ihre Bestellungen",
  loading: "Bestellungen werden geladen…",
  empty: "Sie haben noch keine Bestellungen.",
  retry: "Erneut versuchen",
  loadMore: "Weitere Bestellungen anzeigen",
  order: (n) => `Bestellung ${n}`,
  placedOn: (d) => `Bestellt am ${d}`,
  nextBilling: (d) => `Nächste Zahlung am ${d}`,
  instalments: (p, c) => `${p} von ${c} Raten bezahlt`,
  refunded: (a) => `${a} erstattet`,
  total: "Gesamt",
  status: {
    trial: "Testphase",
    active: "Aktiv",
    past_due: "Überfällig",
    paused: "Pausiert",
    cancelled: "Gekündigt",
    pending: "Ausstehend",
    paid: "Bezahlt",
    partially_refunded: "Teilweise erstattet",
    refunded: "Erstattet",
    in_progress: "Laufend",
    complete: "Abgeschlossen",
  },
  type: { one_time: "Einmalkauf", recurring: "Abonnement", instalment: "Ratenzahlung" },
  errors: {
    session_expired: "Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu oder öffnen Sie einen neuen Link des Shops.",
    session_invalid: "Wir konnten Sie nicht bestätigen. Öffnen Sie einen neuen Link des Shops.",
    session_missing: "Wir konnten Sie nicht bestätigen. Öffnen Sie einen neuen Link des Shops.",
    origin_not_allowed: "Diese Seite darf Ihre Abrechnungsdaten nicht anzeigen.",
    network_error: "Der Abrechnungsdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    default: "Beim Laden Ihrer Bestellungen ist ein Fehler aufgetreten.",
  },
  notConfigured: "Dieser Bereich ist nicht eingerichtet: Es fehlen API-Adresse und Sitzung.",
};

const catalogs: Record<string, Messages> = { en, de };

/** Messages for a BCP 47 locale, falling back from `de-AT` to `de`, then to English. */
export function messagesFor(locale: string | undefined): Messages {
  const language = (locale ?? "en").toLowerCase().split("-")[0]!;
  return catalogs[language] ?? en;
}
