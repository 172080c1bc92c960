import type { DocumentKind } from "../db/schema/documents.ts";

export interface DocumentLabels {
  title: Record<DocumentKind | "order_summary", string>;
  number: string;
  date: string;
  dueDate: string;
  paidOn: string;
  order: string;
  billTo: string;
  from: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  total: string;
  totalPaid: string;
  totalRefunded: string;
  totalCredited: string;
  balance: string;
  nextPayment: string;
  relatesTo: string;
  status: string;
  payments: string;
  amountsIn: (currency: string) => string;
  /** Billing history wording in the order summary. */
  history: Record<string, string>;
}

const en: DocumentLabels = {
  title: { invoice: "Invoice", receipt: "Receipt", credit_note: "Credit note", order_summary: "Order summary" },
  number: "Number",
  date: "Date",
  dueDate: "Due date",
  paidOn: "Paid on",
  order: "Order",
  billTo: "Bill to",
  from: "From",
  description: "Description",
  quantity: "Qty",
  unitPrice: "Unit price",
  amount: "Amount",
  subtotal: "Subtotal",
  total: "Total",
  totalPaid: "Paid",
  totalRefunded: "Refunded",
  totalCredited: "Credited",
  balance: "Balance due",
  nextPayment: "Next payment",
  relatesTo: "Relates to invoice",
  status: "Status",
  payments: "Payments",
  amountsIn: (c) => `All amounts in ${c}.`,
  history: {
    payment: "Payment",
    refund: "Refund",
    invoice: "Invoice",
    skipped_payment: "Skipped payment",
    approved: "approved",
    declined: "declined",
    pending: "pending",
    voided: "voided",
    failed: "failed",
    refunded: "refunded",
    partially_refunded: "partially refunded",
    open: "open",
    void: "void",
    skipped: "skipped",
  },
};

const de: DocumentLabels = {
  title: { invoice: "Rechnung", receipt: "Zahlungsbeleg", credit_note: "Gutschrift", order_summary: "Bestellübersicht" },
  number: "Nummer",
  date: "Datum",
  dueDate: "Fällig am",
  paidOn: "Bezahlt am",
  order: "Bestellung",
  billTo: "Rechnungsempfänger",
  from: "Von",
  description: "Beschreibung",
  quantity: "Menge",
  unitPrice: "Einzelpreis",
  amount: "Betrag",
  subtotal: "Zwischensumme",
  total: "Gesamt",
  totalPaid: "Bezahlt",
  totalRefunded: "Erstattet",
  totalCredited: "Gutgeschrieben",
  balance: "Offener Betrag",
  nextPayment: "Nächste Zahlung",
  relatesTo: "Zu Rechnung",
  status: "Status",
  payments: "Zahlungen",
  amountsIn: (c) => `Alle Beträge in ${c}.`,
  history: {
    payment: "Zahlung",
    refund: "Erstattung",
    invoice: "Rechnung",
    skipped_payment: "Ausgesetzte Zahlung",
    approved: "genehmigt",
    declined: "abgelehnt",
    pending: "ausstehend",
    voided: "storniert",
    failed: "fehlgeschlagen",
    refunded: "erstattet",
    partially_refunded: "teilweise erstattet",
    open: "offen",
    void: "ungültig",
    skipped: "ausgesetzt",
  },
};

/** Labels for a document's locale (language part), English by default. */
export function documentLabels(locale: string): DocumentLabels {
  return locale.toLowerCase().startsWith("de") ? de : en;
}
