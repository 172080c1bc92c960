import { AsyncLocalStorage } from "node:async_hooks";
import type { CoreContext } from "../context.ts";
import type { Database } from "../db/open.ts";
import type { PaymentGateway } from "../payments/gateway.ts";

/**
 * A context whose gateway notes every call made while one of its database
 * transactions is open (the money pattern forbids it: a slow acquirer would
 * hold row locks, and a rollback would lose the record of an approved charge).
 * The transaction is tracked through the async call chain, so concurrent work
 * outside it does not count.
 */
export function guardGatewayCalls(ctx: CoreContext): CoreContext & { calls: string[]; callsInsideTransactions: string[] } {
  const inside = new AsyncLocalStorage<true>();
  const calls: string[] = [];
  const callsInsideTransactions: string[] = [];
  const run = ctx.db.transaction.bind(ctx.db);
  const db = new Proxy(ctx.db, {
    get(target, property, receiver) {
      if (property === "transaction") {
        return (work: (tx: unknown) => Promise<unknown>, config?: unknown) => run((tx) => inside.run(true, () => work(tx)) as never, config as never);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Database;
  const note = (name: string) => {
    calls.push(name);
    if (inside.getStore()) callsInsideTransactions.push(name);
  };
  const inner = ctx.gateway;
  const gateway: PaymentGateway = {
    name: inner.name,
    tokenizeCard: (card, now) => inner.tokenizeCard(card, now),
    authorize: (input) => (note("authorize"), inner.authorize(input)),
    refund: (input) => (note("refund"), inner.refund(input)),
    void: (input) => (note("void"), inner.void(input)),
  };
  return { ...ctx, db, gateway, calls, callsInsideTransactions };
}
