import { SandboxGateway, TestClock, createCustomer, createMerchant, systemClock, type Clock, type CoreContext } from "@billfront/core/server";
import { createTestDatabase, placeBilledOrder } from "@billfront/core/testing";
import { createApp } from "./app.ts";
import { loadKeyRing } from "./auth/signing-keys.ts";
import { signPortalToken } from "./auth/portal-token.ts";
import type { AppDeps } from "./deps.ts";
import { startServer } from "./server.ts";
import { widgetScriptLoader } from "./widget-script.ts";

export const TEST_PUBLIC_URL = "http://billfront.test";

/** An in-process app on a real test database, for `app.request()` tests. */
export async function createTestApp(options: { clock?: TestClock; observe?: (core: CoreContext) => CoreContext } = {}) {
  const handle = await createTestDatabase();
  const clock = options.clock ?? new TestClock("2026-06-15T12:00:00.000Z");
  const real: CoreContext = { db: handle.db, clock, gateway: new SandboxGateway() };
  // A test may wrap the real parts to watch them (every approval, every transaction), never replace them.
  const core = options.observe ? options.observe(real) : real;
  const deps: AppDeps = { core, keys: await loadKeyRing(core), publicUrl: TEST_PUBLIC_URL, loadWidgetScript: widgetScriptLoader() };
  return { app: createApp(deps), deps, core, clock, database: handle, close: () => handle.close(), ...fixtures(deps) };
}

/** A real BFF listening on a free port (for browser tests), on a fresh test database; real time unless a clock is given. */
export async function startTestServer(options: { clock?: Clock } = {}) {
  const handle = await createTestDatabase();
  const clock = options.clock ?? systemClock;
  const server = await startServer({ port: 0, database: handle, clock });
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
    async mintSession(merchantId: string, customerId: string, ttlSeconds?: number) {
      return signPortalToken(deps.keys, core, deps.publicUrl, { merchantId, customerId, ...(ttlSeconds ? { ttlSeconds } : {}) });
    },
  };
}
