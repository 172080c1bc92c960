import type { DocumentKind, OrderView } from "@billfront/core";

/** `billfront-orders-loaded`: a page of orders arrived. */
export interface OrdersLoadedDetail {
  orders: OrderView[];
  hasMore: boolean;
}

/** `billfront-order-open` (cancelable: the page may route instead) and `billfront-order-close`. */
export interface OrderOpenDetail {
  orderId: string;
  number: string;
}

/** `billfront-document-download` (cancelable): a customer asked for a PDF. */
export interface DocumentDownloadDetail {
  orderId: string;
  /** The document's id; null for the order summary, which is generated on request. */
  documentId: string | null;
  kind: DocumentKind | "order_summary";
  number: string;
}

/** `billfront-error`: something the customer asked for failed; `message` is what the widget showed. */
export interface BillfrontErrorDetail {
  code: string;
  status: number;
  message: string;
}

/** `billfront-invoice-pay`: the customer paid (or tried to pay) an open invoice. */
export interface InvoicePayDetail {
  orderId: string;
  invoiceId: string;
  paymentId: string;
  status: "approved" | "declined";
  declineCode: string | null;
}

/** `billfront-refund-request` and `billfront-cancellation-request`: what the shop answered (R5). */
export interface CustomerRequestDetail {
  orderId: string;
  paymentId: string | null;
  /** refunded / voided / refund_pending / cancelled: done at once; requested: waiting for the shop. */
  status: string;
}
