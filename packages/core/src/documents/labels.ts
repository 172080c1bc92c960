import type { DocumentKind } from "../db/schema/documents.ts";
import { resolveLocale } from "../locale.ts";

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

const fr: DocumentLabels = {
  title: { invoice: "Facture", receipt: "Reçu", credit_note: "Avoir", order_summary: "Récapitulatif de commande" },
  number: "Numéro",
  date: "Date",
  dueDate: "Échéance",
  paidOn: "Payée le",
  order: "Commande",
  billTo: "Facturé à",
  from: "Émetteur",
  description: "Description",
  quantity: "Qté",
  unitPrice: "Prix unitaire",
  amount: "Montant",
  subtotal: "Sous-total",
  total: "Total",
  totalPaid: "Payé",
  totalRefunded: "Remboursé",
  totalCredited: "Crédité",
  balance: "Reste à payer",
  nextPayment: "Prochain paiement",
  relatesTo: "Facture concernée",
  status: "Statut",
  payments: "Paiements",
  amountsIn: (c) => `Tous les montants sont en ${c}.`,
  history: {
    payment: "Paiement",
    refund: "Remboursement",
    invoice: "Facture",
    skipped_payment: "Échéance sautée",
    approved: "accepté",
    declined: "refusé",
    pending: "en attente",
    voided: "annulé",
    failed: "échoué",
    refunded: "remboursé",
    partially_refunded: "partiellement remboursé",
    open: "ouverte",
    void: "annulée",
    skipped: "sautée",
  },
};

const es: DocumentLabels = {
  title: { invoice: "Factura", receipt: "Recibo", credit_note: "Nota de crédito", order_summary: "Resumen del pedido" },
  number: "Número",
  date: "Fecha",
  dueDate: "Vencimiento",
  paidOn: "Pagada el",
  order: "Pedido",
  billTo: "Facturar a",
  from: "Emisor",
  description: "Descripción",
  quantity: "Cant.",
  unitPrice: "Precio unitario",
  amount: "Importe",
  subtotal: "Subtotal",
  total: "Total",
  totalPaid: "Pagado",
  totalRefunded: "Reembolsado",
  totalCredited: "Abonado",
  balance: "Saldo pendiente",
  nextPayment: "Próximo pago",
  relatesTo: "Factura relacionada",
  status: "Estado",
  payments: "Pagos",
  amountsIn: (c) => `Todos los importes en ${c}.`,
  history: {
    payment: "Pago",
    refund: "Reembolso",
    invoice: "Factura",
    skipped_payment: "Pago omitido",
    approved: "aprobado",
    declined: "rechazado",
    pending: "pendiente",
    voided: "anulado",
    failed: "fallido",
    refunded: "reembolsado",
    partially_refunded: "reembolsado parcialmente",
    open: "abierta",
    void: "anulada",
    skipped: "omitido",
  },
};

/** Every language documents are printed in, by language; English first (the fallback). */
export const DOCUMENT_LABELS: Readonly<Record<string, DocumentLabels>> = { en, de, fr, es };

/** Labels for a document's locale (its language: "fr-CA" prints French), English for a language without labels. */
export function documentLabels(locale: string): DocumentLabels {
  return DOCUMENT_LABELS[resolveLocale(locale, Object.keys(DOCUMENT_LABELS)).language] ?? en;
}
