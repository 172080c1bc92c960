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
  createStaffUser,
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
  const secretKeys = new Map();
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
        const page = session.browser.getPage(session.id);
        const path = join(dir, `${payload.name}.png`);
        // One element (a page-level element: the Billfront host), or the whole page when a modal dialog sits in the top layer.
        const element = payload.element ? await page.$(payload.element) : null;
        if (element) await element.screenshot({ path });
        else await page.screenshot({ path, fullPage: true });
        return true;
      }
      // Inside a cross-origin frame (the card form): the test page cannot read it, the browser driver can.
      // `billfront-frame-style`: computed style `properties` of `selector` in the first frame whose URL contains `urlPart`.
      // `billfront-frame`: runs `script` (a function's source) there with `args` and returns what it returns.
      if (command === "billfront-frame-style" || command === "billfront-frame") {
        const page = session.browser.getPage(session.id);
        const deadline = Date.now() + 8000;
        for (;;) {
          const frame = page.frames().find((f) => f.url().includes(payload.urlPart));
          const selector = payload.selector ?? "body";
          const ready = frame && (await frame.evaluate((s) => document.readyState === "complete" && !!document.querySelector(s), selector).catch(() => false));
          if (ready) try {
            // Wrapped: null or undefined would read as "not handled" and the runner would look for another plugin.
            if (command === "billfront-frame") return { value: await frame.evaluate(`(${payload.script})(...${JSON.stringify(payload.args ?? [])})`) };
            return await frame.evaluate(
              (s, properties) => {
                const style = getComputedStyle(document.querySelector(s));
                return Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
              },
              selector,
              payload.properties,
            );
          } catch (error) {
            if (!/context was destroyed|detached/i.test(String(error))) throw error;
            // The script's own doing (a submit that closed the form): it ran, nothing to answer.
            if (command === "billfront-frame") return { value: null };
            // The frame navigated (it was replaced or reloaded) while being read: look for it again.
          }
          if (Date.now() > deadline) throw new Error(`no frame with ${payload.urlPart} showing ${selector}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      // The merchant's server minting a session (P1): what a page's fetchSession asks for, or a deep-link session (A5).
      if (command === "billfront-mint-session") {
        const { token } = await server.mintSession(payload.merchantId, payload.customerId, payload.options ?? {});
        return { token };
      }
      // The shop's own API, as its server calls it with the secret key (e.g. GET /v1/reviews).
      if (command === "billfront-merchant-get") {
        const res = await fetch(new URL(payload.path, server.url), { headers: { Authorization: `Bearer ${secretKeys.get(payload.merchantId)}` } });
        return { status: res.status, body: await res.json() };
      }
      // Another customer of the same shop, with a session of their own.
      if (command === "billfront-other-customer") {
        const other = await server.createCustomer(payload.merchantId, `other-${Date.now()}-${Math.random()}@example.com`);
        const { token } = await server.mintSession(payload.merchantId, other.id);
        return { customerId: other.id, session: token };
      }
      // A staff member of the fixture's shop (M1), with the token the merchant API and the console take.
      if (command === "billfront-staff-user") {
        return createStaffUser(server.deps.core, payload.merchantId, { email: payload.email ?? `${payload.role}-${Date.now()}@shop.example`, role: payload.role });
      }
      if (command === "billfront-staff-reply") {
        return staffReply(server.deps.core, payload.merchantId, { ticketId: payload.ticketId, body: payload.body });
      }
      if (command !== "billfront-fixture") return undefined;
      const { merchantId, secretKey } = await server.createMerchant([payload.origin]);
      secretKeys.set(merchantId, secretKey);
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
            ...(order.instalmentCount ? { instalmentCount: order.instalmentCount } : {}),
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
      // A6: products whose plans the customer may start in <billfront-plans> (with the `newSubscriptions` setting).
      const plans = [];
      for (const offer of payload.plans ?? []) {
        const product = await createProduct(server.deps.core, merchantId, { name: offer.product, ...(offer.description ? { description: offer.description } : {}) });
        for (const price of offer.prices) plans.push((await createPricePoint(server.deps.core, merchantId, { productId: product.id, currency: "EUR", interval: "month", ...price })).id);
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
      return { api: server.url, session: token, merchantId, customerId: customer.id, orders, subscriptions, coupons, plans };
    },
  };
}

export default {
  rootDir: "../..",
  // test/screens/*.shots.ts are not tests: `npm run screenshots` drives them (scripts/screenshots.mjs).
  files: ["test/**/*.test.ts"],
  nodeResolve: { exportConditions: ["browser", "development"] },
  plugins: [esbuildPlugin({ ts: true, target: "es2022", tsconfig: "./tsconfig.json" }), billfrontFixtures()],
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath(), headless: true, args: chromiumArgs } })],
  reporters: [defaultReporter(), countingReporter("widgets")],
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 120000,
};
