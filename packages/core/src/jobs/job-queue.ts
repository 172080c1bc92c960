import { PgBoss, fromPglite } from "pg-boss";
import type { CoreContext } from "../context.ts";
import type { DatabaseHandle } from "../db/open.ts";
import { loggableError } from "../errors.ts";
import { dispatchOutbox, type OutboxDelivery } from "../notifications/dispatch-outbox.ts";
import { sendCardReminders, type CardLinkSigner } from "../payment-methods/send-card-reminders.ts";
import { resumeGatewayAttempts } from "../payments/attempts/resume-attempts.ts";
import { retryFailedRefunds } from "../payments/retry-failed-refunds.ts";
import { runBilling, type BillingLinks } from "../billing/billing-engine.ts";
import { runAs } from "../audit/actor.ts";
import { dispatchWebhooks } from "../webhooks/dispatch-webhooks.ts";

/** The background jobs and when they run (cron, UTC). */
export const JOBS = {
  /** R4: retry failed refunds once a day. */
  refundRetry: { name: "refund-retry", cron: "0 6 * * *" },
  /** R7: deliver queued e-mail and SMS (and retries as they fall due); also triggered every few seconds by a working process. */
  outboxDispatch: { name: "outbox-dispatch", cron: "* * * * *" },
  /** R2: remind customers of expiring and expired cards. */
  cardReminders: { name: "card-reminders", cron: "0 8 * * *" },
  /** S9: renewals, trial ends, scheduled pauses and resumes, dunning retries, due by the wall clock. */
  billingRun: { name: "billing-run", cron: "*/5 * * * *" },
  /** The money pattern's recovery: finish gateway attempts a crash left started. */
  resumeAttempts: { name: "resume-gateway-attempts", cron: "* * * * *" },
  /** M4: send due webhook deliveries (and retries as they fall due); also triggered with the outbox by a working process. */
  webhookDispatch: { name: "webhook-dispatch", cron: "* * * * *" },
} as const;

export interface JobQueue {
  boss: PgBoss;
  /** Asks a worker to run a job now (e.g. deliver the email just queued). */
  trigger(name: (typeof JOBS)[keyof typeof JOBS]["name"]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the same database: PGlite through its adapter when embedded,
 * PostgreSQL otherwise. `work: true` makes this process a worker; any number of
 * processes may work one database, and every job is idempotent by construction
 * (rows are claimed with SKIP LOCKED and state-checked).
 */
export async function startJobQueue(
  handle: DatabaseHandle,
  ctx: CoreContext,
  options: {
    work?: boolean;
    schedule?: boolean;
    /** How messages go out; a channel without an adapter keeps its messages pending. */
    delivery?: OutboxDelivery;
    /** Also ask for a delivery run this often (seconds), so a message goes out soon after it is queued; 0 = the minute cron only. */
    dispatchEverySeconds?: number;
    signCardLink?: CardLinkSigner;
    billingLinks?: BillingLinks;
  } = {},
): Promise<JobQueue> {
  const boss =
    handle.kind === "pglite"
      ? new PgBoss({ db: fromPglite(handle.pglite!), backend: "pglite", schedule: options.schedule ?? true })
      : new PgBoss({ connectionString: handle.url!, max: 4, schedule: options.schedule ?? true });
  // The message of a failed query carries its parameters (personal data): only its class, SQLSTATE and frames are logged.
  boss.on("error", (error: unknown) => console.error(JSON.stringify({ level: "error", source: "pg-boss", ...loggableError(error) })));
  await boss.start();
  for (const job of Object.values(JOBS)) {
    await boss.createQueue(job.name);
    if (options.schedule ?? true) await boss.schedule(job.name, job.cron);
  }
  if (options.work ?? true) {
    const delivery = options.delivery ?? {};
    // Jobs act as the system (A9): what they record names the job.
    const asJob = <T>(job: string, fn: () => Promise<T>) => runAs({ source: "system", id: `system:${job}` }, fn);
    await boss.work(JOBS.refundRetry.name, async () => asJob(JOBS.refundRetry.name, () => retryFailedRefunds(ctx)));
    await boss.work(JOBS.outboxDispatch.name, async () => asJob(JOBS.outboxDispatch.name, () => dispatchOutbox(ctx, delivery)));
    await boss.work(JOBS.resumeAttempts.name, async () => asJob(JOBS.resumeAttempts.name, () => resumeGatewayAttempts(ctx)));
    await boss.work(JOBS.billingRun.name, async () => asJob(JOBS.billingRun.name, () => runBilling(ctx, { links: options.billingLinks ?? {} })));
    await boss.work(JOBS.webhookDispatch.name, async () => asJob(JOBS.webhookDispatch.name, () => dispatchWebhooks(ctx)));
    const signCardLink = options.signCardLink;
    if (signCardLink) await boss.work(JOBS.cardReminders.name, async () => asJob(JOBS.cardReminders.name, () => sendCardReminders(ctx, signCardLink)));
  }
  const trigger = async (name: string) => {
    await boss.send(name, {}, { singletonKey: name, singletonSeconds: 1 });
  };
  const every = (options.work ?? true) ? (options.dispatchEverySeconds ?? 0) : 0;
  const ticker = every > 0 ? setInterval(() => {
    void trigger(JOBS.outboxDispatch.name).catch(() => {});
    void trigger(JOBS.webhookDispatch.name).catch(() => {});
  }, every * 1000) : undefined;
  ticker?.unref();
  return {
    boss,
    trigger,
    stop: async () => {
      clearInterval(ticker);
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
