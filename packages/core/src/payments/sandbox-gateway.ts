import { createHash } from "node:crypto";
import { DomainError } from "../errors.ts";
import type { Money } from "../money.ts";
import { randomToken } from "../ids.ts";
import { validateCard } from "./card-rules.ts";
import type { AuthorizationResult, CaptureResult, CardInput, HoldResult, PaymentGateway, RefundResult, TokenizedCard } from "./gateway.ts";

/** How a sandbox card behaves; the token carries it, so the sandbox keeps no state. */
type Behaviour = "approve" | "decline" | "insufficient_funds" | "charges_decline" | "charges_pending" | "refund_fails_1" | "refund_fails_2" | "refund_fails_3";

/** The sandbox's test cards (any future expiry, any CVC). Every other valid number is approved. */
export const SANDBOX_TEST_CARDS: Record<string, { behaviour: Behaviour; description: string }> = {
  "4242424242424242": { behaviour: "approve", description: "Visa, approved" },
  "5555555555554444": { behaviour: "approve", description: "Mastercard, approved" },
  "4000000000000002": { behaviour: "decline", description: "cannot be saved: declined (card_declined)" },
  "4000000000009995": { behaviour: "insufficient_funds", description: "cannot be saved: declined (insufficient_funds)" },
  "4000000000000341": { behaviour: "charges_decline", description: "saves fine, every charge declines" },
  "4000000000003220": { behaviour: "charges_pending", description: "saves fine, every charge stays pending (awaiting the bank)" },
  "4000000000000119": { behaviour: "refund_fails_1", description: "approved; its refunds fail once, then succeed" },
  "4000000000000226": { behaviour: "refund_fails_2", description: "approved; its refunds fail twice, then succeed" },
  "4000000000000333": { behaviour: "refund_fails_3", description: "approved; its refunds fail three times" },
};

const DAY = 86_400_000;

/** How long a sandbox hold lasts, like a card network's: 7 days, after which it cannot be captured. */
export const SANDBOX_HOLD_DAYS = 7;

/** A hold's reference carries what was held and when (`au_sandbox_<digest>_<amount>_<currency>_<epoch ms>`), so any sandbox instance can check a capture against it. */
const HOLD_REFERENCE = /^au_sandbox_[0-9a-f]{24}_(\d+)_([A-Z]{3})_(\d+)$/;

/**
 * A deterministic acquirer for tests, demos and merchants' sandboxes: real
 * validation, tokens, authorisations that settle after a delay on the clock's
 * time, voids and refunds that fail as the test card says.
 */
export class SandboxGateway implements PaymentGateway {
  readonly name = "sandbox";
  readonly #settlementDelayMs: number;
  /** What happened to each hold (captured or released), and each capture/release answer by idempotency key: asking again answers the same. */
  readonly #holds = new Map<string, { state: "captured" | "released"; amount: number }>();
  readonly #answers = new Map<string, CaptureResult | { status: "released"; reference: string } | { status: "failed"; reference: string; failureCode: string }>();

  constructor(options: { settlementDelayMs?: number } = {}) {
    this.#settlementDelayMs = options.settlementDelayMs ?? DAY;
  }

  async tokenizeCard(card: CardInput, now: Date): Promise<TokenizedCard> {
    const { digits, brand } = validateCard(card, now);
    const behaviour = SANDBOX_TEST_CARDS[digits]?.behaviour ?? "approve";
    if (behaviour === "decline" || behaviour === "insufficient_funds") {
      const code = behaviour === "decline" ? "card_declined" : "insufficient_funds";
      throw new DomainError("declined", code, code === "card_declined" ? "The card was declined." : "The card has insufficient funds.");
    }
    return {
      token: `tok_sandbox_${behaviour}_${randomToken(16)}`,
      brand,
      last4: digits.slice(-4),
      expMonth: card.expMonth,
      expYear: card.expYear,
    };
  }

  /**
   * Like a real acquirer, the same idempotency key for the same card and amount
   * is the same charge: asking again returns it rather than charging twice.
   */
  async authorize(input: { token: string; amount: Money; at: Date; idempotencyKey: string }): Promise<AuthorizationResult> {
    const digest = createHash("sha256").update(`${input.idempotencyKey}|${input.token}|${input.amount.amount}|${input.amount.currency}`).digest("hex");
    const reference = `ch_sandbox_${digest.slice(0, 24)}`;
    if (behaviourOf(input.token) === "charges_decline") return { status: "declined", reference, declineCode: "card_declined" };
    if (behaviourOf(input.token) === "charges_pending") return { status: "pending", reference };
    return { status: "approved", reference, settlesAt: new Date(input.at.getTime() + this.#settlementDelayMs) };
  }

  /** A hold is an authorisation without capture; the same key for the same card and amount is the same hold. */
  async hold(input: { token: string; amount: Money; at: Date; idempotencyKey: string }): Promise<HoldResult> {
    const digest = createHash("sha256").update(`hold|${input.idempotencyKey}|${input.token}|${input.amount.amount}|${input.amount.currency}`).digest("hex");
    const reference = `au_sandbox_${digest.slice(0, 24)}_${input.amount.amount}_${input.amount.currency}_${input.at.getTime()}`;
    const behaviour = behaviourOf(input.token);
    if (behaviour === "charges_decline" || behaviour === "charges_pending") return { status: "declined", reference, declineCode: "card_declined" };
    return { status: "authorized", reference };
  }

  /**
   * Captures at most what the hold reserved, once: a second capture (another
   * key), a capture after a release or after the hold expired fails with a code.
   * The same idempotency key answers what it answered the first time.
   */
  async capture(input: { reference: string; amount: Money; at: Date; idempotencyKey: string }): Promise<CaptureResult> {
    const known = this.#answers.get(input.idempotencyKey);
    if (known && known.status !== "released") return known;
    const digest = createHash("sha256").update(`capture|${input.idempotencyKey}|${input.reference}|${input.amount.amount}`).digest("hex");
    const reference = `ch_sandbox_${digest.slice(0, 24)}`;
    const answer = ((): CaptureResult => {
      const hold = HOLD_REFERENCE.exec(input.reference);
      if (!hold) return { status: "failed", reference, failureCode: "authorization_not_found" };
      const state = this.#holds.get(input.reference)?.state;
      if (state === "captured") return { status: "failed", reference, failureCode: "authorization_captured" };
      if (state === "released") return { status: "failed", reference, failureCode: "authorization_released" };
      if (input.at.getTime() >= Number(hold[3]) + SANDBOX_HOLD_DAYS * DAY) return { status: "failed", reference, failureCode: "authorization_expired" };
      if (input.amount.currency !== hold[2] || input.amount.amount < 1 || input.amount.amount > Number(hold[1])) return { status: "failed", reference, failureCode: "amount_exceeds_authorization" };
      this.#holds.set(input.reference, { state: "captured", amount: input.amount.amount });
      return { status: "captured", reference, settlesAt: new Date(input.at.getTime() + this.#settlementDelayMs) };
    })();
    this.#answers.set(input.idempotencyKey, answer);
    return answer;
  }

  /** Releases a hold not captured; idempotent by key, and releasing a released hold is fine. */
  async release(input: { reference: string; at: Date; idempotencyKey: string }): Promise<{ status: "released"; reference: string } | { status: "failed"; reference: string; failureCode: string }> {
    const known = this.#answers.get(input.idempotencyKey);
    if (known && (known.status === "released" || known.status === "failed")) return known as { status: "released"; reference: string };
    const answer = (() => {
      if (!HOLD_REFERENCE.test(input.reference)) return { status: "failed" as const, reference: input.reference, failureCode: "authorization_not_found" };
      if (this.#holds.get(input.reference)?.state === "captured") return { status: "failed" as const, reference: input.reference, failureCode: "authorization_captured" };
      this.#holds.set(input.reference, { state: "released", amount: 0 });
      return { status: "released" as const, reference: input.reference };
    })();
    this.#answers.set(input.idempotencyKey, answer);
    return answer;
  }

  async void(): Promise<{ status: "voided" }> {
    return { status: "voided" };
  }

  /**
   * Like authorize, idempotent by key: a refund asked for again with the same key
   * (a worker finishing an attempt a crash left) is the same refund, not a second
   * one, and answers with the same reference.
   */
  async refund(input: { reference: string; token: string | null; amount: Money; attempt: number; idempotencyKey: string }): Promise<RefundResult> {
    const digest = createHash("sha256").update(`${input.idempotencyKey}|${input.reference}|${input.amount.amount}|${input.amount.currency}|${input.attempt}`).digest("hex");
    const reference = `re_sandbox_${digest.slice(0, 24)}`;
    const failures = /^refund_fails_(\d)$/.exec(behaviourOf(input.token ?? "") ?? "")?.[1];
    if (failures && input.attempt <= Number(failures)) return { status: "failed", reference, failureCode: "processor_unavailable" };
    return { status: "approved", reference };
  }
}

function behaviourOf(token: string): Behaviour | undefined {
  return /^tok_sandbox_([a-z_0-9]+)_[0-9A-Za-z]{16}$/.exec(token)?.[1] as Behaviour | undefined;
}
