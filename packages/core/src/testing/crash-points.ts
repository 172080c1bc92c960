import type { CoreContext } from "../context.ts";
import type { Database } from "../db/open.ts";
import type { PaymentGateway } from "../payments/gateway.ts";

/**
 * Where a worker dies, counted from its start: the n-th gateway call
 * (`before_gateway`: the attempt is committed, the gateway not yet asked;
 * `after_gateway`: the gateway answered, nothing booked; `after_booking`: the
 * booking transaction that follows that call committed, the caller not yet
 * answered), or the n-th committed database transaction of any kind
 * (`after_commit`, for crash points between the steps of an operation).
 */
export type CrashPhase = "before_gateway" | "after_gateway" | "after_booking" | "after_commit";
export const CRASH_PHASES: readonly CrashPhase[] = ["before_gateway", "after_gateway", "after_booking", "after_commit"];

export interface CrashPoint {
  n: number;
  phase: CrashPhase;
}

/** `CRASH_AT=<n>:<phase>`, e.g. `2:after_gateway`. */
export function parseCrashPoint(text: string | undefined): CrashPoint | null {
  if (!text) return null;
  const [n, phase] = text.split(":");
  if (!n || !/^\d+$/.test(n) || !CRASH_PHASES.includes(phase as CrashPhase)) throw new Error(`CRASH_AT must be <n>:<phase>, got ${text}`);
  return { n: Number(n), phase: phase as CrashPhase };
}

export const formatCrashPoint = (point: CrashPoint) => `${point.n}:${point.phase}`;

/** One line of the gateway log: written before each call, and after it with the answer. */
export interface GatewayCall {
  at: "before" | "after";
  /** The call's number in this worker, from 1. */
  n: number;
  call: "authorize" | "refund" | "void";
  /** The idempotency key sent (a void sends none: the payment's reference stands for it). */
  key: string;
  /** The charge a refund or void acts on; the reference the gateway answered with. */
  reference: string | null;
  status: string | null;
}

export interface CrashableContext extends CoreContext {
  /** Gateway calls and committed transactions so far. */
  counts: { calls: number; commits: number };
}

/**
 * Wraps a context for a crash test: every gateway call is logged before and
 * after it is made, and at `crashAt` the worker dies by `die` — SIGKILL in a
 * worker process; in process, a throw, after which the context refuses every
 * further database and gateway use (a dead worker does nothing more).
 * Nothing in core knows about it: the hooks sit in the gateway port and around
 * `db.transaction`.
 */
export function crashableContext(ctx: CoreContext, options: { crashAt: CrashPoint | null; log: (call: GatewayCall) => void; die?: () => never }): CrashableContext {
  const counts = { calls: 0, commits: 0 };
  let dead = false;
  let dieAtNextCommit = false;
  const die = (): never => {
    dead = true;
    if (options.die) options.die();
    throw new Error(`worker died at ${formatCrashPoint(options.crashAt!)}`);
  };
  const alive = () => {
    if (dead) throw new Error("worker is dead");
  };
  const at = (phase: CrashPhase, n: number) => options.crashAt?.phase === phase && options.crashAt.n === n;

  const inner = ctx.gateway;
  async function observe<T extends { status: string; reference?: string }>(call: GatewayCall["call"], key: string, reference: string | null, make: () => Promise<T>): Promise<T> {
    alive();
    const n = ++counts.calls;
    options.log({ at: "before", n, call, key, reference, status: null });
    if (at("before_gateway", n)) die();
    const result = await make();
    alive();
    options.log({ at: "after", n, call, key, reference: result.reference ?? reference, status: result.status });
    if (at("after_gateway", n)) die();
    if (at("after_booking", n)) dieAtNextCommit = true;
    return result;
  }
  const gateway: PaymentGateway = {
    name: inner.name,
    tokenizeCard: (card, now) => inner.tokenizeCard(card, now),
    authorize: (input) => observe("authorize", input.idempotencyKey, null, () => inner.authorize(input)),
    refund: (input) => observe("refund", input.idempotencyKey, input.reference, () => inner.refund(input)),
    void: (input) => observe("void", input.reference, input.reference, () => inner.void(input)),
  };

  const run = ctx.db.transaction.bind(ctx.db);
  const db = new Proxy(ctx.db, {
    get(target, property, receiver) {
      alive();
      if (property === "transaction") {
        return async (work: (tx: unknown) => Promise<unknown>, config?: unknown) => {
          const result = await run(work as never, config as never);
          const n = ++counts.commits;
          // The booking after the chosen gateway call is the first transaction to commit after it.
          if (dieAtNextCommit || at("after_commit", n)) die();
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  }) as Database;
  return { ...ctx, db, gateway, counts };
}
