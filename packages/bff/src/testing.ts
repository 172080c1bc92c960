import { generateSecret, SandboxGateway, secretBoxFrom, TestClock, createCustomer, createMerchant, createPortalSession, systemClock, type Clock, type CoreContext, type SessionFlow } from "@billfront/core/server";
import { createTestDatabase, placeBilledOrder } from "@billfront/core/testing";
import { createApp } from "./app.ts";
import { loadKeyRing } from "./auth/signing-keys.ts";
import type { AppDeps } from "./deps.ts";
import { startServer } from "./server.ts";
import { widgetScriptLoader } from "./widget-script.ts";

export const TEST_PUBLIC_URL = "http://billfront.test";

/** An in-process app on a real test database, for `app.request()` tests. */
export async function createTestApp(options: { clock?: TestClock; observe?: (core: CoreContext) => CoreContext; trustProxy?: boolean; signInMinimumMs?: number } = {}) {
  const handle = await createTestDatabase();
  const clock = options.clock ?? new TestClock("2026-06-15T12:00:00.000Z");
  // Every test database gets its own generated BILLFRONT_SECRET.
  const real: CoreContext = { db: handle.db, clock, gateway: new SandboxGateway(), secrets: secretBoxFrom(generateSecret()) };
  // A test may wrap the real parts to watch them (every approval, every transaction), never replace them.
  const core = options.observe ? options.observe(real) : real;
  const deps: AppDeps = {
    core,
    keys: await loadKeyRing(core),
    publicUrl: TEST_PUBLIC_URL,
    loadWidgetScript: widgetScriptLoader(),
    trustProxy: options.trustProxy,
    signInMinimumMs: options.signInMinimumMs,
  };
  return { app: createApp(deps), deps, core, clock, database: handle, close: () => handle.close(), ...fixtures(deps) };
}

/** A real BFF listening on a free port (for browser tests), on a fresh test database; real time unless a clock is given. */
export async function startTestServer(options: { clock?: Clock } = {}) {
  const handle = await createTestDatabase();
  const clock = options.clock ?? systemClock;
  const server = await startServer({ port: 0, database: handle, clock, secret: generateSecret() });
  return {
    ...server,
    clock,
    async close() {
      await server.close();
      await handle.close();
    },
    ...fixtures(server.deps),
  };
}

function fixtures(deps: AppDeps) {
  const core = deps.core;
  return {
    /** A merchant (with a real secret key) allowing the given browser origins. */
    async createMerchant(allowedOrigins: string[] = []) {
      return createMerchant(core, { name: "Test Shop", allowedOrigins });
    },
    async createCustomer(merchantId: string, email = "customer@example.com") {
      return createCustomer(core, merchantId, { email, name: "Test Customer" });
    },
    /** A one-time order, invoiced, with the given payment attempts (approved once by default). */
    async createPaidOrder(
      merchantId: string,
      customerId: string,
      item: { description: string; unitAmount: number; currency?: string; quantity?: number; placedAt?: Date; attempts?: ("approved" | "declined")[] },
    ) {
      return placeBilledOrder(
        core,
        merchantId,
        {
          customerId,
          type: "one_time",
          currency: item.currency ?? "EUR",
          items: [{ description: item.description, quantity: item.quantity ?? 1, unitAmount: item.unitAmount }],
          ...(item.placedAt ? { placedAt: item.placedAt } : {}),
        },
        item.attempts ?? ["approved"],
      );
    },
    /** A portal session as the merchant's server would mint it (P1); `flow` opens it at one step (A5). */
    async mintSession(merchantId: string, customerId: string, options: number | { flow?: SessionFlow; flowSubjectId?: string; limited?: boolean; returnUrl?: string } = {}) {
      // A number: a session that lasts exactly that many seconds, idle or not (a browser test watching it expire, tests that move the clock far).
      const life = typeof options === "number" ? { idleMinutes: Math.max(1, Math.ceil(options / 60)), lifetimeMinutes: options / 60 } : options;
      const { token, session } = await createPortalSession(core, { merchantId, customerId, source: "api", ...life });
      return { token, session, expiresAt: new Date(session.expires_at) };
    },
  };
}
