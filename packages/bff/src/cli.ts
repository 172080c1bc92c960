#!/usr/bin/env node
import { generateSecret, openDatabase, SandboxGateway, secretBoxFrom, startJobQueue, systemClock } from "@billfront/core/server";
import { describeCliFailure, ONBOARDING_COMMANDS, ONBOARDING_USAGE, runOnboardingCommand } from "./cli-onboarding.ts";
import { createLogger } from "./log.ts";
import { describeStartupError } from "./startup-errors.ts";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ConfigurationError, deliveryOptions, readEnv, type Env } from "./env.ts";
import { startDelivery } from "./delivery/start-delivery.ts";
import { messageLinks } from "./delivery/message-links.ts";
import { loadKeyRing } from "./auth/signing-keys.ts";
import { billingLinks, signFlowLink } from "./pages/links-page.ts";
import { startServer } from "./server.ts";

const USAGE = `billfront <command>

  start     run the BFF and the background jobs (migrates the database first);
            logs JSON lines (pino); SIGTERM drains in-flight requests and exits 0
  worker    run only the background jobs; start as many as you like against one database
  migrate   apply database migrations and exit
  help      this text

${ONBOARDING_USAGE}

Environment: PORT, HOST, DATABASE_URL (PostgreSQL; embedded PGlite otherwise),
BILLFRONT_DATA_DIR (PGlite data directory), BILLFRONT_PUBLIC_URL,
BILLFRONT_SECRET (required in production), TRUST_PROXY=1 (behind a reverse proxy), SMTP_URL,
SMTP_FROM, SMS_URL, SMS_TOKEN, BILLFRONT_DEV_MAILBOX=1 (local mailbox at /dev/mailbox), DEV_SMTP_PORT,
BILLFRONT_DRAIN_MS (how long SIGTERM waits for in-flight requests, default 10000).
With the embedded PGlite only one process may open the data directory: run the
onboarding commands while \`billfront start\` is stopped (or use DATABASE_URL).`;

/** A failure at start already worded for the operator. */
class StartupError extends Error {}

/** Where a process's fatal errors go: one readable line, never a stack. */
function fail(line: string, exitCode = 1): never {
  console.error(line);
  process.exit(exitCode);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0];
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    console.log(USAGE);
    return;
  }
  const env = readEnv();
  if (ONBOARDING_COMMANDS.has(command)) {
    const database = await openConfiguredDatabase(env);
    try {
      const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway(), secrets: secretBoxFrom(await serverSecret(env)) };
      await runOnboardingCommand(core, argv);
    } finally {
      await database.close();
    }
    return;
  }
  switch (command) {
    case "start": {
      const logger = createLogger();
      const database = await openConfiguredDatabase(env, { hold: true });
      const delivery = await startDelivery(deliveryOptions(env));
      for (const warning of delivery.warnings) logger.warn(warning);
      const server = await startServer({
        delivery: delivery.delivery,
        ...(delivery.devMailbox ? { devMailbox: delivery.devMailbox } : {}),
        port: env.PORT,
        host: env.HOST,
        database,
        publicUrl: env.BILLFRONT_PUBLIC_URL,
        jobs: true,
        log: logger,
        secret: await serverSecret(env, (line) => logger.warn(line)),
        trustProxy: env.TRUST_PROXY,
      });
      logger.info({ url: server.url, database: server.database.kind }, `Billfront BFF listening on ${server.url}`);
      if (delivery.devMailbox) logger.info({ url: `${server.url}/dev/mailbox`, smtp: delivery.catcher?.url }, "Dev mailbox");
      // SIGTERM/SIGINT drain: no new connections, in-flight requests finish (up to BILLFRONT_DRAIN_MS),
      // pg-boss stops gracefully, the database closes, exit 0. A second signal exits at once.
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) process.exit(1);
        stopping = true;
        logger.info({ signal }, "Draining: finishing in-flight requests");
        server
          .close({ drainMs: Number(process.env.BILLFRONT_DRAIN_MS ?? 10_000) })
          .then(() => delivery.close())
          .then(() => database.close())
          .then(() => {
            logger.info("Stopped");
            logger.flush();
            process.exit(0);
          })
          .catch((error: unknown) => {
            logger.error({ error: describeStartupError(error) }, "Stopping failed");
            logger.flush();
            process.exit(1);
          });
      };
      process.once("SIGINT", stop).once("SIGTERM", stop);
      return;
    }
    case "worker": {
      if (!env.DATABASE_URL) throw new Error("A separate worker needs DATABASE_URL: the embedded database belongs to one process (`billfront start` runs the jobs itself).");
      const database = await openConfiguredDatabase(env);
      const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway(), secrets: secretBoxFrom(await serverSecret(env)) };
      // Reminder emails carry links this server signs; the worker signs them with the same keys.
      const deps = { core, keys: await loadKeyRing(core), publicUrl: env.BILLFRONT_PUBLIC_URL ?? `http://localhost:${env.PORT}`, loadWidgetScript: async () => undefined };
      // A worker has no mailbox page: it sends through SMTP_URL and SMS_URL only.
      const logger = createLogger();
      const delivery = await startDelivery({ ...deliveryOptions(env), devMailbox: false });
      for (const warning of delivery.warnings) logger.warn(warning);
      const jobs = await startJobQueue(database, core, {
        signCardLink: (link) => signFlowLink(deps, { ...link, flow: "update_card" }),
        billingLinks: billingLinks(deps),
        delivery: { ...delivery.delivery, links: messageLinks(deps) },
      });
      logger.info("Billfront worker running");
      const stop = () => void jobs.stop().then(() => delivery.close()).then(() => database.close()).then(() => process.exit(0));
      process.once("SIGINT", stop).once("SIGTERM", stop);
      return;
    }
    case "migrate": {
      const database = await openConfiguredDatabase(env);
      await database.close();
      console.log(`Migrations applied (${database.kind}).`);
      return;
    }
    default:
      fail(`billfront: unknown command "${command}" (see \`billfront help\`)`);
  }
}

/** DATABASE_URL, or the embedded PGlite in BILLFRONT_DATA_DIR (created when missing); migrated. */
async function openConfiguredDatabase(env: Env, options: { hold?: boolean } = {}) {
  if (!env.DATABASE_URL) {
    await mkdir(env.BILLFRONT_DATA_DIR, { recursive: true });
    await claimDataDir(env.BILLFRONT_DATA_DIR, options.hold ?? false);
  }
  try {
    return await openDatabase({ url: env.DATABASE_URL, dataDir: env.BILLFRONT_DATA_DIR });
  } catch (error) {
    const where = env.DATABASE_URL ? `PostgreSQL at ${new URL(env.DATABASE_URL).host}` : `PGlite in ${env.BILLFRONT_DATA_DIR}`;
    throw new StartupError(`cannot open the database (${where}): ${describeStartupError(error)}`);
  }
}

/**
 * PGlite belongs to one process: `billfront start` leaves its pid beside the data
 * directory while it runs, and any other command refuses to open the directory then
 * (two processes writing one PGlite directory would corrupt it).
 */
async function claimDataDir(dataDir: string, hold: boolean): Promise<void> {
  const lock = `${resolve(dataDir)}.pid`;
  const pid = Number.parseInt(await readFile(lock, "utf8").catch(() => ""), 10);
  if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
    throw new StartupError(`the embedded database in ${dataDir} is in use by process ${pid} (billfront start); stop it first, or use DATABASE_URL`);
  }
  if (hold) {
    await writeFile(lock, `${process.pid}\n`);
    process.once("exit", () => rmSync(lock, { force: true }));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * BILLFRONT_SECRET, or (outside production, where readEnv already insists on
 * it) one generated once and kept beside the data directory, readable by this user only.
 */
async function serverSecret(env: Env, warn: (line: string) => void = (line) => console.warn(line)): Promise<string> {
  if (env.BILLFRONT_SECRET) return env.BILLFRONT_SECRET;
  const file = join(dirname(resolve(env.BILLFRONT_DATA_DIR)), "secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = generateSecret();
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    warn(`BILLFRONT_SECRET is not set: generated one for development in ${file}. Set BILLFRONT_SECRET in production.`);
    return secret;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigurationError || error instanceof StartupError) fail(`billfront: ${error.message}`);
  const readable = describeCliFailure(error);
  if (readable) fail(readable);
  // Anything else at start is most often the database: print the underlying cause (ECONNREFUSED 127.0.0.1:5432).
  fail(`billfront: ${describeStartupError(error)}`);
});
