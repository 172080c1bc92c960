#!/usr/bin/env node
import { generateSecret, openDatabase, SandboxGateway, secretBoxFrom, startJobQueue, systemClock } from "@billfront/core/server";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { deliveryOptions, readEnv, type Env } from "./env.ts";
import { startDelivery } from "./delivery/start-delivery.ts";
import { messageLinks } from "./delivery/message-links.ts";
import { loadKeyRing } from "./auth/signing-keys.ts";
import { billingLinks, signFlowLink } from "./pages/links-page.ts";
import { startServer } from "./server.ts";

const USAGE = `billfront <command>

  start     run the BFF and the background jobs (migrates the database first)
  worker    run only the background jobs; start as many as you like against one database
  migrate   apply database migrations and exit

Environment: PORT, HOST, DATABASE_URL (PostgreSQL; embedded PGlite otherwise),
BILLFRONT_DATA_DIR (PGlite data directory), BILLFRONT_PUBLIC_URL,
BILLFRONT_SECRET (required in production), TRUST_PROXY=1 (behind a reverse proxy), SMTP_URL,
SMTP_FROM, SMS_URL, SMS_TOKEN, BILLFRONT_DEV_MAILBOX=1 (local mailbox at /dev/mailbox), DEV_SMTP_PORT.`;

async function main(command: string | undefined): Promise<void> {
  const env = readEnv();
  switch (command) {
    case "start": {
      const delivery = await startDelivery(deliveryOptions(env));
      for (const warning of delivery.warnings) console.warn(warning);
      const server = await startServer({
        delivery: delivery.delivery,
        ...(delivery.devMailbox ? { devMailbox: delivery.devMailbox } : {}),
        port: env.PORT,
        host: env.HOST,
        databaseUrl: env.DATABASE_URL,
        dataDir: env.BILLFRONT_DATA_DIR,
        publicUrl: env.BILLFRONT_PUBLIC_URL,
        jobs: true,
        log: true,
        secret: await serverSecret(env),
        trustProxy: env.TRUST_PROXY,
      });
      console.log(`Billfront BFF listening on ${server.url} (${server.database.kind})`);
      if (delivery.devMailbox) console.log(`Dev mailbox: ${server.url}/dev/mailbox${delivery.catcher ? ` (SMTP on ${delivery.catcher.url})` : ""}`);
      const stop = () => void server.close().then(() => delivery.close()).then(() => process.exit(0));
      process.once("SIGINT", stop).once("SIGTERM", stop);
      return;
    }
    case "worker": {
      if (!env.DATABASE_URL) throw new Error("A separate worker needs DATABASE_URL: the embedded database belongs to one process (`billfront start` runs the jobs itself).");
      const database = await openDatabase({ url: env.DATABASE_URL });
      const core = { db: database.db, clock: systemClock, gateway: new SandboxGateway(), secrets: secretBoxFrom(await serverSecret(env)) };
      // Reminder emails carry links this server signs; the worker signs them with the same keys.
      const deps = { core, keys: await loadKeyRing(core), publicUrl: env.BILLFRONT_PUBLIC_URL ?? `http://localhost:${env.PORT}`, loadWidgetScript: async () => undefined };
      // A worker has no mailbox page: it sends through SMTP_URL and SMS_URL only.
      const delivery = await startDelivery({ ...deliveryOptions(env), devMailbox: false });
      for (const warning of delivery.warnings) console.warn(warning);
      const jobs = await startJobQueue(database, core, {
        signCardLink: (link) => signFlowLink(deps, { ...link, flow: "update_card" }),
        billingLinks: billingLinks(deps),
        delivery: { ...delivery.delivery, links: messageLinks(deps) },
      });
      console.log("Billfront worker running.");
      const stop = () => void jobs.stop().then(() => delivery.close()).then(() => database.close()).then(() => process.exit(0));
      process.once("SIGINT", stop).once("SIGTERM", stop);
      return;
    }
    case "migrate": {
      const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.BILLFRONT_DATA_DIR });
      await database.close();
      console.log(`Migrations applied (${database.kind}).`);
      return;
    }
    default:
      console.log(USAGE);
      process.exitCode = command ? 1 : 0;
  }
}

/**
 * BILLFRONT_SECRET, or (outside production, where readEnv already insists on
 * it) one generated once and kept beside the data directory, readable by this user only.
 */
async function serverSecret(env: Env): Promise<string> {
  if (env.BILLFRONT_SECRET) return env.BILLFRONT_SECRET;
  const file = join(dirname(resolve(env.BILLFRONT_DATA_DIR)), "secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = generateSecret();
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    console.warn(`BILLFRONT_SECRET is not set: generated one for development in ${file}. Set BILLFRONT_SECRET in production.`);
    return secret;
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
