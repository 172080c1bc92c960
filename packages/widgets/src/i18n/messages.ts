import type { DocumentKind, OrderStatus, OrderType } from "@billfront/core";

export interface Messages {
  listLabel: string;
  loading: string;
  loadingOrder: string;
  empty: string;
  retry: string;
  loadMore: string;
  order: (number: string) => string;
  viewOrder: (number: string) => string;
  back: string;
  placedOn: (date: string) => string;
  nextBilling: (date: string) => string;
  instalments: (paid: number, count: number) => string;
  refunded: (amount: string) => string;
  viewOnly: string;
  items: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  total: string;
  totals: string;
  paid: string;
  refundedTotal: string;
  credited: string;
  balance: string;
  nextPayment: string;
  nextPaymentValue: (date: string, amount: string) => string;
  instalmentsPaid: string;
  skippedPayments: string;
  downloadSummary: string;
  billingHistory: string;
  noHistory: string;
  date: string;
  statusLabel: string;
  documents: string;
  details: string;
  payNow: (amount: string) => string;
  requestRefund: string;
  refundRequested: string;
  cancelSubscription: string;
  reason: string;
  confirmRefund: string;
  confirmCancel: string;
  refundDialog: (amount: string) => string;
  cancelDialog: (number: string) => string;
  goBack: string;
  requestOutcome: Record<string, string>;
  paying: string;
  paid_notice: string;
  openInvoices: (count: number, amount: string) => string;
  payAll: (amount: string) => string;
  declinedBecause: (reason: string) => string;
  download: (kind: string, number: string) => string;
  status: Record<OrderStatus, string>;
  type: Record<OrderType, string>;
  rowType: Record<string, string>;
  rowStatus: Record<string, string>;
  documentKind: Record<DocumentKind, string>;
  declineReasons: Record<string, string> & { default: string };
  errors: Record<string, string> & { default: string };
  notConfigured: string;
  cards: {
    listLabel: string;
    loading: string;
    empty: string;
    ending: (brand: string, last4: string) => string;
    expires: (date: string) => string;
    default: string;
    expired: string;
    makeDefault: string;
    remove: string;
    confirmRemove: (brand: string, last4: string) => string;
    keep: string;
    add: string;
    addHeading: string;
    cancel: string;
    useFor: string;
    useForLabel: (brand: string, last4: string) => string;
    chooseSubscription: string;
    assignedTo: (numbers: string) => string;
    added: (brand: string, last4: string) => string;
    brands: Record<string, string>;
    credit: string;
    noCredit: string;
    addFunds: string;
    amountLabel: (currency: string) => string;
    fundsAdded: (amount: string) => string;
    invalidAmount: string;
  };
  tickets: {
    listLabel: string;
    loading: string;
    empty: string;
    newTicket: string;
    department: string;
    paidUnavailable: string;
    subject: string;
    message: string;
    send: string;
    cancel: string;
    back: string;
    reply: string;
    sendReply: string;
    close: string;
    reopen: string;
    you: string;
    support: string;
    updated: (date: string) => string;
    status: Record<string, string>;
  };
}

const en: Messages = {
  listLabel: "Your orders",
  loading: "Loading your orders…",
  loadingOrder: "Loading the order…",
  empty: "You have no orders yet.",
  retry: "Try again",
  loadMore: "Show more orders",
  order: (n) => `Order ${n}`,
  viewOrder: (n) => `View order ${n}`,
  back: "All orders",
  placedOn: (d) => `Placed ${d}`,
  nextBilling: (d) => `Next payment ${d}`,
  instalments: (p, c) => `${p} of ${c} instalments paid`,
  refunded: (a) => `${a} refunded`,
  viewOnly: "This order can be viewed and its documents downloaded; it can no longer be changed.",
  items: "Items",
  description: "Description",
  quantity: "Quantity",
  unitPrice: "Unit price",
  amount: "Amount",
  subtotal: "Subtotal",
  total: "Total",
  totals: "Payments so far",
  paid: "Paid",
  refundedTotal: "Refunded",
  credited: "Credited",
  balance: "Balance to pay",
  nextPayment: "Next payment",
  nextPaymentValue: (d, a) => `${a} on ${d}`,
  instalmentsPaid: "Instalments paid",
  skippedPayments: "Skipped payments",
  downloadSummary: "Download order summary (PDF)",
  billingHistory: "Billing history",
  noHistory: "No payments yet.",
  date: "Date",
  statusLabel: "Status",
  documents: "Documents",
  details: "Details",
  payNow: (a) => `Pay ${a} now`,
  requestRefund: "Request refund",
  refundRequested: "Refund requested",
  cancelSubscription: "Cancel subscription",
  reason: "Reason (optional)",
  confirmRefund: "Ask for the refund",
  confirmCancel: "Cancel the subscription",
  refundDialog: (a) => `Ask for a refund of ${a}?`,
  cancelDialog: (n) => `Cancel the subscription of order ${n}?`,
  goBack: "Go back",
  requestOutcome: {
    refunded: "Your refund was granted; the money is on its way back to your card.",
    voided: "Your payment was cancelled before it reached your statement.",
    refund_pending: "Your refund was granted and will reach your card shortly.",
    cancelled: "Your subscription is cancelled.",
    requested: "Your request was sent to the shop; you will hear back soon.",
  },
  paying: "Paying…",
  paid_notice: "Thank you: your payment was approved.",
  openInvoices: (n, a) => `You have ${n} open invoices totalling ${a}.`,
  payAll: (a) => `Pay all (${a})`,
  declinedBecause: (r) => `Declined: ${r}`,
  download: (k, n) => `Download ${k} ${n} (PDF)`,
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
  rowType: { payment: "Payment", refund: "Refund", invoice: "Invoice", skipped_payment: "Skipped payment" },
  rowStatus: {
    approved: "Approved",
    declined: "Declined",
    pending: "Pending",
    voided: "Voided",
    failed: "Failed",
    refunded: "Refunded",
    partially_refunded: "Partially refunded",
    open: "Open",
    void: "Void",
    skipped: "Skipped",
  },
  documentKind: { invoice: "Invoice", receipt: "Receipt", credit_note: "Credit note" },
  declineReasons: {
    card_declined: "the card issuer declined the payment.",
    insufficient_funds: "the card had insufficient funds.",
    expired_card: "the card has expired.",
    default: "the payment was not approved.",
  },
  errors: {
    session_expired: "Your session has expired. Reload the page or open a new link from the shop.",
    session_invalid: "We could not confirm who you are. Open a new link from the shop.",
    session_missing: "We could not confirm who you are. Open a new link from the shop.",
    origin_not_allowed: "This page is not allowed to show your billing details.",
    network_error: "We could not reach the billing service. Check your connection and try again.",
    order_not_found: "This order could not be found.",
    document_not_found: "This document could not be found.",
    document_not_available: "There is no such document for this payment.",
    payment_method_required: "This card pays an active subscription. Add another card before removing it.",
    no_payment_method: "Add a card under Payment methods first, then pay.",
    payment_method_not_found: "This card could not be found.",
    ticket_closed: "This ticket is closed; reopen it to write again.",
    paid_support_unavailable: "Paid support cannot be requested here yet.",
    order_finished: "This order no longer charges a card.",
    invoice_not_open: "This invoice has already been paid.",
    refund_period_expired: "The refund period for this purchase has ended, so it cannot be refunded automatically.",
    refund_already_requested: "A refund of this payment is already waiting for the shop.",
    cancellation_already_requested: "A cancellation is already waiting for the shop.",
    refunds_disabled: "This shop does not take refund requests here.",
    cancellation_disabled: "This shop does not take cancellations here.",
    card_expired: "Your default card has expired. Add or choose another card.",
    default: "Something went wrong while loading your billing details.",
  },
  notConfigured: "This billing area is not set up: it needs an API address and a session.",
  cards: {
    listLabel: "Saved cards",
    loading: "Loading your cards…",
    empty: "You have no saved cards.",
    ending: (b, l) => `${b} ending ${l}`,
    expires: (d) => `Expires ${d}`,
    default: "Default",
    expired: "Expired",
    makeDefault: "Make default",
    remove: "Remove",
    confirmRemove: (b, l) => `Remove ${b} ending ${l}?`,
    keep: "Keep it",
    add: "Add a card",
    addHeading: "Add a card",
    cancel: "Cancel",
    useFor: "Use for subscription",
    useForLabel: (b, l) => `Use ${b} ending ${l} for a subscription`,
    chooseSubscription: "Choose…",
    assignedTo: (n) => `Pays order ${n}`,
    added: (b, l) => `${b} ending ${l} was added.`,
    brands: { visa: "Visa", mastercard: "Mastercard", amex: "American Express", discover: "Discover", unknown: "Card" },
    credit: "Account credit",
    noCredit: "none",
    addFunds: "Add funds",
    amountLabel: (c) => `Amount to add (${c})`,
    fundsAdded: (a) => `${a} was added to your account.`,
    invalidAmount: "Enter an amount such as 20 or 12.50.",
  },
  tickets: {
    listLabel: "Your support tickets",
    loading: "Loading your tickets…",
    empty: "You have no support tickets.",
    newTicket: "New ticket",
    department: "Department",
    paidUnavailable: "paid support, not available here yet",
    subject: "Subject",
    message: "Message",
    send: "Send",
    cancel: "Cancel",
    back: "All tickets",
    reply: "Your reply",
    sendReply: "Send reply",
    close: "Close ticket",
    reopen: "Reopen ticket",
    you: "You",
    support: "Support",
    updated: (d) => `Updated ${d}`,
    status: { open: "Open", waiting_on_customer: "Awaiting your reply", waiting_on_staff: "Awaiting support", closed: "Closed" },
  },
};

const de: Messages = {
  listLabel: "Ihre Bestellungen",
  loading: "Bestellungen werden geladen…",
  loadingOrder: "Bestellung wird geladen…",
  empty: "Sie haben noch keine Bestellungen.",
  retry: "Erneut versuchen",
  loadMore: "Weitere Bestellungen anzeigen",
  order: (n) => `Bestellung ${n}`,
  viewOrder: (n) => `Bestellung ${n} ansehen`,
  back: "Alle Bestellungen",
  placedOn: (d) => `Bestellt am ${d}`,
  nextBilling: (d) => `Nächste Zahlung am ${d}`,
  instalments: (p, c) => `${p} von ${c} Raten bezahlt`,
  refunded: (a) => `${a} erstattet`,
  viewOnly: "Diese Bestellung kann angesehen und ihre Dokumente heruntergeladen werden; ändern lässt sie sich nicht mehr.",
  items: "Artikel",
  description: "Beschreibung",
  quantity: "Menge",
  unitPrice: "Einzelpreis",
  amount: "Betrag",
  subtotal: "Zwischensumme",
  total: "Gesamt",
  totals: "Bisherige Zahlungen",
  paid: "Bezahlt",
  refundedTotal: "Erstattet",
  credited: "Gutgeschrieben",
  balance: "Offener Betrag",
  nextPayment: "Nächste Zahlung",
  nextPaymentValue: (d, a) => `${a} am ${d}`,
  instalmentsPaid: "Bezahlte Raten",
  skippedPayments: "Ausgesetzte Zahlungen",
  downloadSummary: "Bestellübersicht herunterladen (PDF)",
  billingHistory: "Zahlungsverlauf",
  noHistory: "Noch keine Zahlungen.",
  date: "Datum",
  statusLabel: "Status",
  documents: "Dokumente",
  details: "Details",
  payNow: (a) => `${a} jetzt bezahlen`,
  requestRefund: "Erstattung anfragen",
  refundRequested: "Erstattung angefragt",
  cancelSubscription: "Abonnement kündigen",
  reason: "Grund (optional)",
  confirmRefund: "Erstattung anfragen",
  confirmCancel: "Abonnement kündigen",
  refundDialog: (a) => `Erstattung von ${a} anfragen?`,
  cancelDialog: (n) => `Abonnement der Bestellung ${n} kündigen?`,
  goBack: "Zurück",
  requestOutcome: {
    refunded: "Ihre Erstattung wurde genehmigt; das Geld geht zurück auf Ihre Karte.",
    voided: "Ihre Zahlung wurde storniert, bevor sie gebucht wurde.",
    refund_pending: "Ihre Erstattung wurde genehmigt und erreicht Ihre Karte in Kürze.",
    cancelled: "Ihr Abonnement ist gekündigt.",
    requested: "Ihre Anfrage wurde an den Shop gesendet; Sie hören bald von uns.",
  },
  paying: "Zahlung läuft…",
  paid_notice: "Danke: Ihre Zahlung wurde genehmigt.",
  openInvoices: (n, a) => `Sie haben ${n} offene Rechnungen über insgesamt ${a}.`,
  payAll: (a) => `Alle bezahlen (${a})`,
  declinedBecause: (r) => `Abgelehnt: ${r}`,
  download: (k, n) => `${k} ${n} herunterladen (PDF)`,
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
  rowType: { payment: "Zahlung", refund: "Erstattung", invoice: "Rechnung", skipped_payment: "Ausgesetzte Zahlung" },
  rowStatus: {
    approved: "Genehmigt",
    declined: "Abgelehnt",
    pending: "Ausstehend",
    voided: "Storniert",
    failed: "Fehlgeschlagen",
    refunded: "Erstattet",
    partially_refunded: "Teilweise erstattet",
    open: "Offen",
    void: "Ungültig",
    skipped: "Ausgesetzt",
  },
  documentKind: { invoice: "Rechnung", receipt: "Zahlungsbeleg", credit_note: "Gutschrift" },
  declineReasons: {
    card_declined: "Die Kartenbank hat die Zahlung abgelehnt.",
    insufficient_funds: "Die Karte war nicht ausreichend gedeckt.",
    expired_card: "Die Karte ist abgelaufen.",
    default: "Die Zahlung wurde nicht genehmigt.",
  },
  errors: {
    session_expired: "Ihre Sitzung ist abgelaufen. Laden Sie die Seite neu oder öffnen Sie einen neuen Link des Shops.",
    session_invalid: "Wir konnten Sie nicht bestätigen. Öffnen Sie einen neuen Link des Shops.",
    session_missing: "Wir konnten Sie nicht bestätigen. Öffnen Sie einen neuen Link des Shops.",
    origin_not_allowed: "Diese Seite darf Ihre Abrechnungsdaten nicht anzeigen.",
    network_error: "Der Abrechnungsdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
    order_not_found: "Diese Bestellung wurde nicht gefunden.",
    document_not_found: "Dieses Dokument wurde nicht gefunden.",
    document_not_available: "Für diese Zahlung gibt es kein solches Dokument.",
    payment_method_required: "Diese Karte bezahlt ein aktives Abonnement. Fügen Sie zuerst eine andere Karte hinzu.",
    no_payment_method: "Fügen Sie zuerst unter Zahlungsmethoden eine Karte hinzu.",
    payment_method_not_found: "Diese Karte wurde nicht gefunden.",
    ticket_closed: "Dieses Ticket ist geschlossen; öffnen Sie es wieder, um zu schreiben.",
    paid_support_unavailable: "Kostenpflichtiger Support ist hier noch nicht verfügbar.",
    order_finished: "Diese Bestellung belastet keine Karte mehr.",
    invoice_not_open: "Diese Rechnung wurde bereits bezahlt.",
    refund_period_expired: "Die Erstattungsfrist für diesen Kauf ist abgelaufen.",
    refund_already_requested: "Eine Erstattung dieser Zahlung wartet bereits auf den Shop.",
    cancellation_already_requested: "Eine Kündigung wartet bereits auf den Shop.",
    refunds_disabled: "Dieser Shop nimmt hier keine Erstattungsanfragen an.",
    cancellation_disabled: "Dieser Shop nimmt hier keine Kündigungen an.",
    card_expired: "Ihre Standardkarte ist abgelaufen. Fügen Sie eine andere Karte hinzu.",
    default: "Beim Laden Ihrer Abrechnungsdaten ist ein Fehler aufgetreten.",
  },
  notConfigured: "Dieser Bereich ist nicht eingerichtet: Es fehlen API-Adresse und Sitzung.",
  cards: {
    listLabel: "Gespeicherte Karten",
    loading: "Karten werden geladen…",
    empty: "Sie haben keine gespeicherten Karten.",
    ending: (b, l) => `${b} mit Endziffern ${l}`,
    expires: (d) => `Gültig bis ${d}`,
    default: "Standard",
    expired: "Abgelaufen",
    makeDefault: "Als Standard festlegen",
    remove: "Entfernen",
    confirmRemove: (b, l) => `${b} mit Endziffern ${l} entfernen?`,
    keep: "Behalten",
    add: "Karte hinzufügen",
    addHeading: "Karte hinzufügen",
    cancel: "Abbrechen",
    useFor: "Für Abonnement verwenden",
    useForLabel: (b, l) => `${b} mit Endziffern ${l} für ein Abonnement verwenden`,
    chooseSubscription: "Auswählen…",
    assignedTo: (n) => `Bezahlt Bestellung ${n}`,
    added: (b, l) => `${b} mit Endziffern ${l} wurde hinzugefügt.`,
    brands: { visa: "Visa", mastercard: "Mastercard", amex: "American Express", discover: "Discover", unknown: "Karte" },
    credit: "Guthaben",
    noCredit: "keines",
    addFunds: "Guthaben aufladen",
    amountLabel: (c) => `Betrag (${c})`,
    fundsAdded: (a) => `${a} wurde Ihrem Konto gutgeschrieben.`,
    invalidAmount: "Geben Sie einen Betrag wie 20 oder 12,50 ein.",
  },
  tickets: {
    listLabel: "Ihre Support-Tickets",
    loading: "Tickets werden geladen…",
    empty: "Sie haben keine Support-Tickets.",
    newTicket: "Neues Ticket",
    department: "Abteilung",
    paidUnavailable: "kostenpflichtiger Support, hier noch nicht verfügbar",
    subject: "Betreff",
    message: "Nachricht",
    send: "Senden",
    cancel: "Abbrechen",
    back: "Alle Tickets",
    reply: "Ihre Antwort",
    sendReply: "Antwort senden",
    close: "Ticket schließen",
    reopen: "Ticket wieder öffnen",
    you: "Sie",
    support: "Support",
    updated: (d) => `Aktualisiert am ${d}`,
    status: { open: "Offen", waiting_on_customer: "Wartet auf Ihre Antwort", waiting_on_staff: "Wartet auf den Support", closed: "Geschlossen" },
  },
};

const catalogs: Record<string, Messages> = { en, de };

/** Messages for a BCP 47 locale, falling back from `de-AT` to `de`, then to English. */
export function messagesFor(locale: string | undefined): Messages {
  const language = (locale ?? "en").toLowerCase().split("-")[0]!;
  return catalogs[language] ?? en;
}
