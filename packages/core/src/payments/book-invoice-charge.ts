import { and, eq } from "drizzle-orm";
import type { Transaction } from "../db/open.ts";
import { documents, paymentMethods } from "../db/schema/index.ts";
import type { GatewayAttempt } from "./attempts/run-attempt.ts";
import type { GatewayOutcome } from "./attempts/finish-attempt.ts";
import { bookPayment } from "./record-payment.ts";

/** What chargeInvoices decided before calling the gateway, kept on the attempt for its booking. */
export interface InvoiceChargeTarget {
  /** Each invoice and the part of the card charge that pays it. */
  invoices: { id: string; amount: number }[];
  /** The same ids, for the "already being paid" check. */
  invoice_ids: string[];
  balance_payment_ids: string[];
  balance_receipt_ids: string[];
  balance_applied: number;
  single_use: boolean;
  /** Fields the operation adds to its result (an incident purchase's order and invoice). */
  echo?: Record<string, unknown>;
}

export interface ChargeInvoiceResult {
  [key: string]: unknown;
  /** The first payment row; one row is booked per invoice (sharing one card charge). */
  payment_id: string;
  payment_ids: string[];
  /** `authorized`: a pre-authorisation checkout held the amount (see `authorization`); nothing was taken yet. */
  status: "approved" | "pending" | "declined" | "authorized";
  decline_code: string | null;
  receipt_id: string | null;
  receipt_ids: string[];
  /** Account credit used before the card (R6). */
  balance_applied: number;
  /** What was charged to the card. */
  charged: number;
}

/**
 * Books a card charge for one or several invoices (O6): one payment row per
 * invoice, all sharing the gateway reference. An approved charge is booked even
 * if the invoice was settled another way meanwhile: money taken is never left
 * unrecorded (the merchant can refund it).
 */
export async function bookInvoiceCharge(tx: Transaction, attempt: GatewayAttempt, outcome: GatewayOutcome): Promise<ChargeInvoiceResult> {
  const target = attempt.target as unknown as InvoiceChargeTarget;
  const status = outcome.status === "approved" || outcome.status === "pending" ? outcome.status : "declined";
  const declineCode = outcome.status === "declined" ? outcome.declineCode : status === "declined" ? "card_declined" : null;
  const settlesAt = outcome.status === "approved" && outcome.settlesAt ? new Date(outcome.settlesAt) : null;
  const receipts = [...target.balance_receipt_ids];
  const cardPayments: string[] = [];
  for (const part of [...target.invoices].sort((a, b) => a.id.localeCompare(b.id))) {
    const [invoice] = await tx
      .select()
      .from(documents)
      .where(and(eq(documents.merchantId, attempt.merchantId), eq(documents.id, part.id)))
      .for("no key update");
    const booked = await bookPayment(tx, invoice!, {
      amount: part.amount,
      funding: "card",
      status,
      declineCode,
      at: attempt.createdAt,
      settledAt: null,
      settlesAt,
      gatewayReference: outcome.reference,
      paymentMethodId: attempt.paymentMethodId,
      source: attempt.source,
      actor: attempt.actor,
    });
    cardPayments.push(booked.id);
    if (booked.receiptId) receipts.push(booked.receiptId);
  }
  // A card not saved for future use is forgotten once it has been used (R1).
  if (target.single_use && attempt.paymentMethodId) {
    await tx.update(paymentMethods).set({ removedAt: attempt.createdAt }).where(and(eq(paymentMethods.merchantId, attempt.merchantId), eq(paymentMethods.id, attempt.paymentMethodId)));
  }
  return {
    payment_id: cardPayments[0]!,
    payment_ids: [...target.balance_payment_ids, ...cardPayments],
    status,
    decline_code: declineCode,
    receipt_id: receipts.at(-1) ?? null,
    receipt_ids: receipts,
    balance_applied: target.balance_applied,
    charged: status === "approved" ? attempt.amount : 0,
    ...target.echo,
  };
}
