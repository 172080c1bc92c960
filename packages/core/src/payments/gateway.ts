import type { Money } from "../money.ts";

/** Card details as typed into the card form; exist only in memory on their way to the gateway. */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/** What may be kept about a card: the gateway token and what the customer recognises it by. */
export interface TokenizedCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type AuthorizationResult =
  | { status: "approved"; reference: string; settlesAt: Date }
  /** The issuer has not answered yet (e.g. the customer must confirm in their bank app). */
  | { status: "pending"; reference: string }
  | { status: "declined"; reference: string; declineCode: string };

/** An authorisation without capture (pre-authorisation): the amount is held on the card until captured, released or expired. */
export type HoldResult = { status: "authorized"; reference: string } | { status: "declined"; reference: string; declineCode: string };

export type CaptureResult = { status: "captured"; reference: string; settlesAt: Date } | { status: "failed"; reference: string; failureCode: string };

export type RefundResult = { status: "approved"; reference: string } | { status: "failed"; reference: string; failureCode: string };

/**
 * The port every payment provider adapter implements. Callers never know which
 * provider is behind it; the built-in one is the deterministic sandbox.
 */
export interface PaymentGateway {
  readonly name: string;
  /** Turns card details into a reusable token (only the sandbox sees numbers; real providers tokenise in their own form). */
  tokenizeCard(card: CardInput, now: Date): Promise<TokenizedCard>;
  /** Authorises and captures `amount` on a tokenised card at instant `at`. */
  authorize(input: { token: string; amount: Money; at: Date; idempotencyKey: string }): Promise<AuthorizationResult>;
  /** Cancels an unsettled authorisation in full. */
  void(input: { reference: string }): Promise<{ status: "voided" }>;
  /**
   * Holds `amount` on a tokenised card without taking it (a pre-authorisation).
   * Optional: a provider adapter without holds refuses `pre_authorize` checkouts.
   */
  hold?(input: { token: string; amount: Money; at: Date; idempotencyKey: string }): Promise<HoldResult>;
  /** Takes `amount` (at most what was held) of a hold; the rest of the hold is released. */
  capture?(input: { reference: string; amount: Money; at: Date; idempotencyKey: string }): Promise<CaptureResult>;
  /** Releases a hold in full: nothing is taken. */
  release?(input: { reference: string; at: Date; idempotencyKey: string }): Promise<{ status: "released"; reference: string } | { status: "failed"; reference: string; failureCode: string }>;
  /** Returns money from a settled payment; `attempt` counts from 1 (retries of one refund). */
  refund(input: { reference: string; token: string | null; amount: Money; attempt: number; idempotencyKey: string }): Promise<RefundResult>;
}
