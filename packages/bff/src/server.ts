import { serve } from "@hono/node-server";
import { openDatabase, SandboxGateway, secretBoxFrom, startJobQueue, systemClock, type Clock, type DatabaseHandle, type JobQueue, type OutboxDelivery, type PaymentGateway, type SecretBox } from "@billfront/core/server";
import { messageLinks } from "./delivery/message-links.ts";
import type { DevMailbox } from "./dev/dev-mailbox.ts";
import type { AddressInfo } from "node:net";
import { createApp } from "./app.ts";
import { billingLinks, signFlowLink } from "./pages/links-page.ts";
import { loadKeyRing } from "./auth/signing-keys.ts";
import type { AppDeps } from "./deps.ts";
import { widgetScriptLoader } from "./widget-script.ts";
import { rateLimits } from "./http/rate-limits.ts";
import type { Logger } from "./log.ts";

export interface StartOptions {
  port?: number;
  host?: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  publicUrl?: string | undefined;
  clock?: Clock;
  /** The payment gateway; the deterministic sandbox by default. */
  gateway?: PaymentGateway;
  /** Use an already open database instead of opening one. */
  database?: DatabaseHandle;
  widgetScriptPath?: string;
  /** Also run the background jobs (pg-boss) in this process. */
  jobs?: boolean;
  /** Write one JSON line per request: to stdout (true) or to this pino logger. */
  log?: boolean | Logger;
  /** How the jobs send e-mail and SMS (see delivery/start-delivery.ts); a channel left out stays queued. */
  delivery?: Omit<OutboxDelivery, "links">;
  /** Serve this mailbox at /dev/mailbox (the demo); never in production. */
  devMailbox?: DevMailbox;
  /** BILLFRONT_SECRET (text) or an open secret box: encrypts signing keys and MFA secrets. Required. */
  secret?: string | SecretBox | undefined;
  /** Trust X-Forwarded-For (TRUST_PROXY=1). */
  trustProxy?: boolean;
}

export interface RunningServer {
  url: string;
  deps: AppDeps;
  database: DatabaseHandle;
  jobs: JobQueue | undefined;
  /**
   * Drains and stops: stops accepting connections, lets in-flight requests
   * finish (idle keep-alive connections close at once; after `drainMs`, default
   * 10 s, the rest are cut), stops the job queue gracefully, closes the database.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

/** Opens the database (migrating it), loads signing keys and listens. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!options.secret) throw new Error("BILLFRONT_SECRET is missing: the server needs it to encrypt its signing keys (generate one with `openssl rand -base64 32`).");
  const secrets = typeof options.secret === "string" ? secretBoxFrom(options.secret) : options.secret;
  const database = options.database ?? (await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir }));
  const host = options.host ?? "127.0.0.1";
  const listening = Promise.withResolvers<AddressInfo>();
  // Bind first: with port 0 the public URL (the token issuer) is known only after listening.
  let fetch: (request: Request, env: unknown) => Response | Promise<Response> = () => new Response("Starting", { status: 503 });
  // The env carries the socket (the client IP for rate limits).
  const server = serve({ fetch: (request, env) => fetch(request, env), port: options.port ?? 8787, hostname: host }, (info) =>
    listening.resolve(info),
  );
  server.once("error", listening.reject);
  const address = await listening.promise;
  const url = options.publicUrl ?? `http://${host === "0.0.0.0" || host === "127.0.0.1" ? "localhost" : host}:${address.port}`;
  const core = { db: database.db, clock: options.clock ?? systemClock, gateway: options.gateway ?? new SandboxGateway(), secrets };
  const deps: AppDeps = {
    core,
    keys: await loadKeyRing(core),
    publicUrl: url,
    loadWidgetScript: widgetScriptLoader(options.widgetScriptPath),
    log: options.log === true ? (line: string) => console.log(line) : options.log || undefined,
    // With a structured log, unexpected errors are JSON lines in it too (time, level error); otherwise stderr.
    errorLog: options.log && typeof options.log === "object" ? (line: string) => (options.log as Logger).error(line) : undefined,
    jobsReady: options.jobs ? () => jobsRunning && !closing : undefined,
    devMailbox: options.devMailbox,
    trustProxy: options.trustProxy ?? false,
  };
  fetch = createApp(deps).fetch;
  // Ended rate-limit windows are deleted at start and then hourly; the table stays small.
  const limits = rateLimits(deps);
  await limits.prune();
  const pruning = setInterval(() => void limits.prune(), 3_600_000);
  pruning.unref();
  let jobsRunning = false;
  let closing = false;
  const jobs = options.jobs
    ? await startJobQueue(database, core, {
        signCardLink: (link) => signFlowLink(deps, { ...link, flow: "update_card" }),
        billingLinks: billingLinks(deps),
        delivery: { ...options.delivery, links: messageLinks(deps) },
        // A message goes out within seconds of being queued, not at the next minute.
        dispatchEverySeconds: 5,
      })
    : undefined;
  if (jobs) {
    jobsRunning = true;
    jobs.boss.on("stopped", () => (jobsRunning = false));
  }
  return {
    url,
    deps,
    database,
    jobs,
    async close({ drainMs = 10_000 } = {}) {
      closing = true;
      clearInterval(pruning);
      const http = server as unknown as import("node:http").Server;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections with no request in flight would hold close() open; requests under way finish first.
      http.closeIdleConnections?.();
      const cut = setTimeout(() => http.closeAllConnections?.(), drainMs);
      await closed;
      clearTimeout(cut);
      await jobs?.stop();
      if (!options.database) await database.close();
    },
  };
}
