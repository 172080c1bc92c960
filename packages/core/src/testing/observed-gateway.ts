import type { Money } from "../money.ts";
import type { AuthorizationResult, PaymentGateway } from "../payments/gateway.ts";

/** A gateway that passes everything to `inner` and reports each authorisation after it is made (crash tests watch charges with it). */
export function observedGateway(inner: PaymentGateway, afterAuthorize: (call: { key: string; amount: Money; result: AuthorizationResult }) => void): PaymentGateway {
  return {
    name: inner.name,
    tokenizeCard: (card, now) => inner.tokenizeCard(card, now),
    void: (input) => inner.void(input),
    refund: (input) => inner.refund(input),
    ...(inner.hold ? { hold: inner.hold.bind(inner) } : {}),
    ...(inner.capture ? { capture: inner.capture.bind(inner) } : {}),
    ...(inner.release ? { release: inner.release.bind(inner) } : {}),
    async authorize(input) {
      const result = await inner.authorize(input);
      afterAuthorize({ key: input.idempotencyKey, amount: input.amount, result });
      return result;
    },
  };
}
