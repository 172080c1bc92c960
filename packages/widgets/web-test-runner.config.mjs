import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";
import { defaultReporter } from "@web/test-runner";
import { startTestServer } from "@billfront/bff/testing";
import {
  addCard,
  advanceTestClock,
  attachCustomerToTestClock,
  createCoupon,
  createDepartment,
  createPricePoint,
  createProduct,
  createSubscription,
  createTestClock,
  grantIncidents,
  schema,
  setMerchantSettings,
  staffReply,
  updateMerchantProfile,
} from "@billfront/core/server";
import { join } from "node:path";
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
    async executeCommand({ command, payload, session }) {
      if (command === "billfront-last-email") {
        // What the customer would read in their mailbox: the newest e-mail of this merchant to that address.
        const rows = await server.deps.core.db.select().from(schema.outboxMessages);
        const mine = rows.filter((r) => r.merchantId === payload.merchantId && r.to === payload.to && (!payload.template || r.template === payload.template));
        mine.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id));
        return mine[0] ? { subject: mine[0].subject, body: mine[0].body } : null;
      }
      if (command === "billfront-screenshot") {
        // Only when asked (BILLFRONT_SCREENSHOTS=<dir>): a picture of the page as the test left it, for a person to look at.
        const dir = process.env.BILLFRONT_SCREENSHOTS;
        if (!dir) return false;
        await session.browser.getPage(session.id).screenshot({ path: join(dir, `${payload.name}.png`), fullPage: true });
        return true;
      }
      // The merchant's server minting a session (P1): what a page's fetchSession asks for, or a deep-link session (A5).
      if (command === "billfront-mint-session") {
        const { token } = await server.mintSession(payload.merchantId, payload.customerId, payload.options ?? {});
        return { token };
      }
      if (command === "billfront-staff-reply") {
        return staffReply(server.deps.core, payload.merchantId, { ticketId: payload.ticketId, body: payload.body });
      }
      if (command !== "billfront-fixture") return undefined;
      const { merchantId } = await server.createMerchant([payload.origin]);
      // The shop's time zone: the calendar the widgets show dates on (W3).
      if (payload.timeZone) await updateMerchantProfile(server.deps.core, merchantId, { timeZone: payload.timeZone });
      const customer = await server.createCustomer(merchantId);
      // Coupons first: the settings may name one as the retention offer (A1).
      const coupons = {};
      for (const coupon of payload.coupons ?? []) coupons[coupon.code] = (await createCoupon(server.deps.core, merchantId, coupon)).id;
      if (payload.settings || payload.retentionCoupon) {
        await setMerchantSettings(server.deps.core, merchantId, { ...payload.settings, ...(payload.retentionCoupon ? { retentionCouponId: coupons[payload.retentionCoupon] } : {}) });
      }
      // A10: a customer on a frozen clock makes proration amounts exact.
      const clock = payload.clock ? await createTestClock(server.deps.core, merchantId, { name: "test", frozenAt: new Date(payload.clock) }) : undefined;
      if (clock) await attachCustomerToTestClock(server.deps.core, merchantId, { clockId: clock.id, customerId: customer.id });
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
      const cardIds = [];
      for (const number of payload.cards ?? []) {
        cardIds.push((await addCard(server.deps.core, { merchantId, customerId: customer.id }, { number, expMonth: 12, expYear: 2031, cvc: "123" })).id);
      }
      for (const pack of payload.incidentPackages ?? []) {
        const product = await createProduct(server.deps.core, merchantId, { name: pack.name, incidents: pack.incidents });
        for (const price of pack.prices) await createPricePoint(server.deps.core, merchantId, { productId: product.id, currency: "EUR", ...price });
      }
      const subscriptions = [];
      for (const sub of payload.subscriptions ?? []) {
        const core = server.deps.core;
        const product = await createProduct(core, merchantId, { name: sub.product });
        const price = (p) => createPricePoint(core, merchantId, { productId: product.id, currency: "EUR", interval: "month", ...p });
        const switchTo = [];
        for (const target of sub.switchTo ?? []) switchTo.push((await price(target)).id);
        const addons = [];
        for (const addon of sub.addons ?? []) addons.push((await price({ ...addon, addon: true })).id);
        const plan = await price({ ...sub.plan, switchTo });
        const created = await createSubscription(core, merchantId, {
          customerId: customer.id,
          pricePointId: plan.id,
          ...(sub.quantity ? { quantity: sub.quantity } : {}),
          ...(sub.assignCard ? { paymentMethodId: cardIds[0] } : {}),
        });
        subscriptions.push({ id: created.id, orderId: created.order_id, planId: plan.id, switchTo, addons });
      }
      // P6 "addons per addon": only the listed addons (by index) of the first subscription may be managed.
      if (payload.allowAddons) {
        await setMerchantSettings(server.deps.core, merchantId, {
          ...payload.settings,
          ...(payload.retentionCoupon ? { retentionCouponId: coupons[payload.retentionCoupon] } : {}),
          addonsAllowed: payload.allowAddons.map((i) => subscriptions[0].addons[i]),
        });
      }
      if (clock && payload.advanceClockTo) await advanceTestClock(server.deps.core, merchantId, { clockId: clock.id, to: new Date(payload.advanceClockTo) });
      if (payload.incidents) await grantIncidents(server.deps.core, merchantId, { customerId: customer.id, count: payload.incidents, source: "test" });
      const { token } = await server.mintSession(merchantId, customer.id, payload.ttlSeconds);
      return { api: server.url, session: token, merchantId, customerId: customer.id, orders, subscriptions, coupons };
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
