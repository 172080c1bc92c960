import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";
import { defaultReporter } from "@web/test-runner";
import { startTestServer } from "@billfront/bff/testing";
import { addCard, createDepartment, createPricePoint, createProduct, grantIncidents, setMerchantSettings, staffReply } from "@billfront/core/server";
import { placeBilledOrder } from "@billfront/core/testing";
import { countingReporter } from "../../scripts/wtr-counting-reporter.mjs";
import { chromiumArgs, chromiumPath } from "../../scripts/chromium.mjs";

/**
 * Browser tests talk to a real BFF (real database, real signed sessions) started
 * here; tests ask for a merchant, customer, orders and session through a server command.
 */
function billfrontFixtures() {
  let server;
  return {
    name: "billfront-fixtures",
    async serverStart() {
      server = await startTestServer();
    },
    async serverStop() {
      await server?.close();
    },
    async executeCommand({ command, payload }) {
      if (command === "billfront-staff-reply") {
        return staffReply(server.deps.core, payload.merchantId, { ticketId: payload.ticketId, body: payload.body });
      }
      if (command !== "billfront-fixture") return undefined;
      const { merchantId } = await server.createMerchant([payload.origin]);
      const customer = await server.createCustomer(merchantId);
      if (payload.settings) {
        await setMerchantSettings(server.deps.core, merchantId, payload.settings);
      }
      const orders = [];
      for (const order of payload.orders ?? []) {
        const product = order.refundPeriodDays !== undefined ? await createProduct(server.deps.core, merchantId, { name: order.description, refundPeriodDays: order.refundPeriodDays }) : undefined;
        const placed = await placeBilledOrder(
          server.deps.core,
          merchantId,
          {
            customerId: customer.id,
            type: order.type ?? "one_time",
            ...(order.state ? { state: order.state } : {}),
            currency: order.currency ?? "EUR",
            items: [{ description: order.description, quantity: order.quantity ?? 1, unitAmount: order.unitAmount, ...(product ? { productId: product.id } : {}) }],
            ...(order.taxes ? { taxes: order.taxes } : {}),
            ...(order.placedAt ? { placedAt: new Date(order.placedAt) } : {}),
          },
          order.attempts ?? ["approved"],
        );
        orders.push(placed);
      }
      for (const department of payload.departments ?? []) await createDepartment(server.deps.core, merchantId, department);
      for (const number of payload.cards ?? []) {
        await addCard(server.deps.core, { merchantId, customerId: customer.id }, { number, expMonth: 12, expYear: 2031, cvc: "123" });
      }
      for (const pack of payload.incidentPackages ?? []) {
        const product = await createProduct(server.deps.core, merchantId, { name: pack.name, incidents: pack.incidents });
        for (const price of pack.prices) await createPricePoint(server.deps.core, merchantId, { productId: product.id, currency: "EUR", ...price });
      }
      if (payload.incidents) await grantIncidents(server.deps.core, merchantId, { customerId: customer.id, count: payload.incidents, source: "test" });
      const { token } = await server.mintSession(merchantId, customer.id, payload.ttlSeconds);
      return { api: server.url, session: token, merchantId, customerId: customer.id, orders };
    },
  };
}

export default {
  rootDir: "../..",
  files: ["test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["browser", "development"] },
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: "./tsconfig.json" }), billfrontFixtures()],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs } })],
  reporters: [defaultReporter(), countingReporter("widgets")],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 120000,
};
