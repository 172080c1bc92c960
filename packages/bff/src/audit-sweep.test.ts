import {
  addCard,
  createCoupon,
  createDepartment,
  createPricePoint,
  createProduct,
  createStaffUser,
  createSubscription,
  grantIncidents,
  openTicket,
  runAs,
  schema,
  setMerchantSettings,
} from "@billfront/core/server";

const { auditLog, outboxMessages } = schema;
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./testing.ts";

/**
 * The audit sweep (M6, A9): every mutating merchant and portal route, called
 * successfully, leaves exactly one new audit row (one per operation it runs)
 * with the caller's source and a domain action name. The routes come from the
 * app itself, so a new route fails here until it gets a case below (or a
 * reason in NOT_SWEPT).
 */
describe("audit sweep: every mutating route records one action with its source", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  const shop = await t.createMerchant();
  const m = shop.merchantId;
  const admin = await createStaffUser(t.core, m, { email: "admin@shop.example", role: "admin" });
  // Everything the portal can do is switched on, so each portal route is allowed.
  await setMerchantSettings(t.core, m, {
    refunds: "manual",
    cancellation: "automatic",
    pauseResume: "both",
    trialExtensionDays: 7,
    activateTrialNow: true,
    changePlan: "either",
    changeQuantity: "either",
    manageAddons: true,
    applyCoupons: true,
    autochargeToggle: true,
    removeSubscriptionPaymentMethod: true,
    newSubscriptions: true,
    shopReviews: true,
    forwardDocuments: true,
  });
  const product = await createProduct(t.core, m, { name: "Coffee club" });
  const large = await createPricePoint(t.core, m, { productId: product.id, name: "Large", amount: 3000, currency: "EUR", interval: "month", maxQuantity: 10 });
  const small = await createPricePoint(t.core, m, { productId: product.id, name: "Small", amount: 1000, currency: "EUR", interval: "month", switchTo: [large.id], maxQuantity: 5 });
  const trial = await createPricePoint(t.core, m, { productId: product.id, name: "Trial", amount: 1000, currency: "EUR", interval: "month", trialDays: 14 });
  const addon = await createPricePoint(t.core, m, { productId: product.id, name: "Extra beans", amount: 200, currency: "EUR", interval: "month", addon: true, maxQuantity: 5 });
  await createCoupon(t.core, m, { code: "TENOFF", name: "Ten off", percentOffBps: 1000, duration: "once" });
  const department = await createDepartment(t.core, m, { name: "Billing" });
  let n = 0;

  /** A fresh customer with a card, and a portal session for them. */
  async function customer() {
    const c = await t.createCustomer(m, `sweep${++n}@example.com`);
    const card = await addCard(t.core, { merchantId: m, customerId: c.id }, { number: "4242424242424242", expMonth: 12, expYear: 2035, cvc: "123" });
    const { token } = await t.mintSession(m, c.id);
    return { id: c.id, card: card.id, token };
  }
  async function subscriber(price = small.id) {
    const c = await customer();
    const sub = await createSubscription(t.core, m, { customerId: c.id, pricePointId: price });
    return { ...c, sub };
  }
  async function paid(c: { id: string }, attempts: ("approved" | "declined")[] = ["approved"]) {
    return t.createPaidOrder(m, c.id, { description: "Beans", unitAmount: 1500, attempts });
  }
  async function ticket(c: { id: string }) {
    return runAs({ source: "portal", id: `customer:${c.id}` }, () => openTicket(t.core, { merchantId: m, customerId: c.id }, { departmentId: department.id, subject: "Help", body: "Where is my invoice?" }));
  }
  async function portalCall(token: string, method: string, path: string, body?: unknown) {
    return t.app.request(path, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": `k${++n}` }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  }

  type Prepared = { path: string; body?: unknown; token?: string };
  interface Case {
    /** Who calls: the secret key (api), a staff admin token (staff) or, for portal routes, the customer's session. */
    as?: "api" | "staff";
    /** Makes what the call needs; returns the concrete path, body and (portal) session token. */
    prepare: () => Promise<Prepared>;
    /** The actions it records, in order, when it is not exactly one (a route that runs two operations, e.g. a change and the charge it started). */
    actions?: string[];
  }
  const sub = (path: (s: Awaited<ReturnType<typeof subscriber>>) => string, body?: (s: Awaited<ReturnType<typeof subscriber>>) => unknown, price?: string, before?: (s: Awaited<ReturnType<typeof subscriber>>) => Promise<unknown>) => async () => {
    const s = await subscriber(price);
    if (before) await before(s);
    return { path: `/v1/portal/subscriptions/${s.sub.id}${path(s)}`, body: body?.(s), token: s.token };
  };
  const inPortal = (s: { token: string }, method: string, path: string, body?: unknown) => portalCall(s.token, method, `/v1/portal${path}`, body);

  /** Route (method and pattern, as Hono names it) -> how to call it successfully. */
  const CASES: Record<string, Case> = {
    // Merchant API: customers and sessions
    "POST /v1/customers": { prepare: async () => ({ path: "/v1/customers", body: { email: `new${++n}@example.com`, name: "New" } }) },
    "PATCH /v1/customers/:id": { as: "staff", prepare: async () => ({ path: `/v1/customers/${(await customer()).id}`, body: { name: "Renamed" } }) },
    "POST /v1/portal_sessions": { prepare: async () => ({ path: "/v1/portal_sessions", body: { customer: (await customer()).id } }) },
    "POST /v1/customers/:id/sessions/revoke": { prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/sessions/revoke` }) },
    "DELETE /v1/portal_sessions/:id": { prepare: async () => ({ path: `/v1/portal_sessions/${(await t.mintSession(m, (await customer()).id)).session.id}` }) },
    "POST /v1/customers/:id/blacklist": { prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/blacklist`, body: { blacklisted: true } }) },
    "PUT /v1/customers/:id/settings": { prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/settings`, body: { refunds: "off" } }) },
    "POST /v1/customers/:id/credits": { as: "staff", prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/credits`, body: { amount: 500, currency: "EUR" } }) },
    "DELETE /v1/customers/:id": { prepare: async () => ({ path: `/v1/customers/${(await t.createCustomer(m, `gone${++n}@example.com`)).id}` }) },
    "POST /v1/customers/:id/invite": { prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/invite` }) },
    // Merchant API: money
    "POST /v1/orders": { prepare: async () => ({ path: "/v1/orders", body: { customer: (await customer()).id, type: "one_time", currency: "EUR", items: [{ description: "Mug", quantity: 1, unit_amount: 900 }] } }) },
    "POST /v1/payments/:id/refunds": { prepare: async () => ({ path: `/v1/payments/${(await paid(await customer())).payments[0]}/refunds`, body: { amount: 500 } }) },
    "POST /v1/payments/:id/refund_or_void": { as: "staff", prepare: async () => ({ path: `/v1/payments/${(await paid(await customer())).payments[0]}/refund_or_void`, body: { amount: 500 } }) },
    "POST /v1/orders/:id/refund": { prepare: async () => ({ path: `/v1/orders/${(await paid(await customer())).orderId}/refund` }) },
    "POST /v1/orders/:id/cancel": { prepare: async () => ({ path: `/v1/orders/${(await order({ type: "recurring" })).order.id}/cancel`, body: { reason: "Customer called" } }) },
    "POST /v1/orders/:id/review": { prepare: async () => ({ path: `/v1/orders/${(await order({ type: "instalment", instalment_count: 3 })).order.id}/review`, body: { note: "Checking" } }) },
    "POST /v1/orders/:id/complete": { prepare: async () => ({ path: `/v1/orders/${(await order({ type: "instalment", instalment_count: 3 })).order.id}/complete`, body: {} }) },
    "POST /v1/payments/:id/capture": { prepare: async () => ({ path: `/v1/payments/${await authorization()}/capture`, body: { amount: 1000 } }) },
    "POST /v1/payments/:id/release": { prepare: async () => ({ path: `/v1/payments/${await authorization()}/release`, body: {} }) },
    "POST /v1/emails/:id/resend": {
      as: "staff",
      prepare: async () => {
        const c = await customer();
        const [welcome] = await t.core.db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.customerId, c.id));
        return { path: `/v1/emails/${welcome!.id}/resend` };
      },
    },
    "POST /v1/requests/:id/:decision{approve|reject}": {
      as: "staff",
      prepare: async () => {
        const c = await customer();
        const payment = (await paid(c)).payments[0]!;
        const requested = (await (await inPortal(c, "POST", `/payments/${payment}/refund_request`, { reason: "Broken" })).json()) as { request_id: string };
        return { path: `/v1/requests/${requested.request_id}/reject`, body: { note: "Outside the policy" } };
      },
    },
    // Merchant API: helpdesk
    "POST /v1/departments": { as: "staff", prepare: async () => ({ path: "/v1/departments", body: { name: `Dept ${++n}` } }) },
    "PATCH /v1/departments/:id": { as: "staff", prepare: async () => ({ path: `/v1/departments/${(await createDepartment(t.core, m, { name: `Dept ${++n}` })).id}`, body: { paid: true } }) },
    "POST /v1/tickets/:id/:action{close|reopen}": { as: "staff", prepare: async () => ({ path: `/v1/tickets/${(await ticket(await customer())).id}/close` }) },
    "POST /v1/tickets/:id/replies": { as: "staff", prepare: async () => ({ path: `/v1/tickets/${(await ticket(await customer())).id}/replies`, body: { body: "On its way." } }) },
    "PUT /v1/tickets/:id/incidents": { as: "staff", prepare: async () => ({ path: `/v1/tickets/${(await ticket(await customer())).id}/incidents`, body: { count: 1 } }) },
    "POST /v1/tickets/:id/fees": { as: "staff", prepare: async () => ({ path: `/v1/tickets/${(await ticket(await customer())).id}/fees`, body: { amount: 500, currency: "EUR" } }) },
    "PATCH /v1/fees/:id": { as: "staff", prepare: async () => ({ path: `/v1/fees/${await fee()}`, body: { amount: 300 } }) },
    "DELETE /v1/fees/:id": { as: "staff", prepare: async () => ({ path: `/v1/fees/${await fee()}` }) },
    "POST /v1/customers/:id/incidents": { as: "staff", prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/incidents`, body: { count: 2 } }) },
    "PUT /v1/customers/:id/lifetime_incidents": {
      as: "staff",
      prepare: async () => {
        const c = await customer();
        await grantIncidents(t.core, m, { customerId: c.id, count: 2, source: "staff" });
        return { path: `/v1/customers/${c.id}/lifetime_incidents`, body: { used: 1 } };
      },
    },
    "PUT /v1/payments/:id/comment": { as: "staff", prepare: async () => ({ path: `/v1/payments/${(await paid(await customer())).payments[0]}/comment`, body: { comment: "Charged twice", show_in_portal: true, notify_customer: true } }) },
    "PUT /v1/customers/:id/incident_credit_limit": { as: "staff", prepare: async () => ({ path: `/v1/customers/${(await customer()).id}/incident_credit_limit`, body: { limit: 3 } }) },
    // Merchant API: admin
    "POST /v1/staff_sessions": { prepare: async () => ({ path: "/v1/staff_sessions", body: { staff_id: admin.id } }) },
    "POST /v1/staff/mfa/enrol": { as: "staff", prepare: async () => ({ path: "/v1/staff/mfa/enrol" }) },
    "POST /v1/staff": { prepare: async () => ({ path: "/v1/staff", body: { email: `agent${++n}@shop.example`, role: "agent" } }) },
    "POST /v1/staff/:id/disable": { as: "staff", prepare: async () => ({ path: `/v1/staff/${(await createStaffUser(t.core, m, { email: `leaver${++n}@shop.example`, role: "agent" })).id}/disable` }) },
    "PUT /v1/settings": { as: "staff", prepare: async () => ({ path: "/v1/settings", body: { bannerMessage: `Hello ${++n}` } }) },
    "POST /v1/api_keys": { prepare: async () => ({ path: "/v1/api_keys" }) },
    "DELETE /v1/api_keys/:id": {
      prepare: async () => {
        const key = (await (await t.app.request("/v1/api_keys", { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}` } })).json()) as { id: string };
        return { path: `/v1/api_keys/${key.id}` };
      },
    },
    "PUT /v1/branding": { prepare: async () => ({ path: "/v1/branding", body: { brand_color: "#112233" } }) },
    "PATCH /v1/merchant": { prepare: async () => ({ path: "/v1/merchant", body: { support_email: `help${++n}@shop.example` } }) },
    // Merchant API: catalog
    "POST /v1/products": { prepare: async () => ({ path: "/v1/products", body: { name: "Tea" } }) },
    "POST /v1/products/:id/prices": { prepare: async () => ({ path: `/v1/products/${product.id}/prices`, body: { name: `P${++n}`, amount: 500, currency: "EUR" } }) },
    "POST /v1/coupons": { prepare: async () => ({ path: "/v1/coupons", body: { code: `C${++n}X`, name: "Five off", percent_off_bps: 500, duration: "once" } }) },
    "PATCH /v1/products/:id": { prepare: async () => ({ path: `/v1/products/${(await createProduct(t.core, m, { name: `Prod ${++n}` })).id}`, body: { name: "Renamed" } }) },
    "DELETE /v1/products/:id": { prepare: async () => ({ path: `/v1/products/${(await createProduct(t.core, m, { name: `Prod ${++n}` })).id}` }) },
    "PATCH /v1/prices/:id": { prepare: async () => ({ path: `/v1/prices/${await price()}`, body: { name: "Renamed" } }) },
    "DELETE /v1/prices/:id": { prepare: async () => ({ path: `/v1/prices/${await price()}` }) },
    "DELETE /v1/coupons/:id": { prepare: async () => ({ path: `/v1/coupons/${(await createCoupon(t.core, m, { code: `GONE${++n}`, name: "Gone", percentOffBps: 500, duration: "once" })).id}` }) },
    // Merchant API: subscriptions and test clocks
    "POST /v1/subscriptions": { prepare: async () => ({ path: "/v1/subscriptions", body: { customer: (await customer()).id, price: trial.id } }) },
    "POST /v1/subscriptions/:id/billing_date": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/billing_date`, body: { date: new Date(t.clock.now().getTime() + 20 * 86_400_000).toISOString() } }) },
    "POST /v1/subscriptions/:id/bill_now": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/bill_now` }) },
    "POST /v1/subscriptions/:id/skip_next_payment": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/skip_next_payment`, body: { skip: true } }) },
    "POST /v1/subscriptions/:id/trial": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber(trial.id)).sub.id}/trial`, body: { action: "stop" } }) },
    "PUT /v1/subscriptions/:id/price": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/price`, body: { price: large.id } }) },
    "POST /v1/subscriptions/:id/cancel": { as: "staff", prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/cancel`, body: { at: "now", reason: "Moved away" } }) },
    "POST /v1/subscriptions/:id/pause": { prepare: async () => ({ path: `/v1/subscriptions/${(await subscriber()).sub.id}/pause`, body: {} }) },
    "POST /v1/subscriptions/:id/resume": {
      prepare: async () => {
        const s = await subscriber();
        await apiCall("POST", `/v1/subscriptions/${s.sub.id}/pause`, {});
        return { path: `/v1/subscriptions/${s.sub.id}/resume`, body: {} };
      },
    },
    "POST /v1/test_clocks": { prepare: async () => ({ path: "/v1/test_clocks", body: { name: "Clock", frozen_at: "2026-06-15T12:00:00.000Z" } }) },
    "POST /v1/test_clocks/:id/customers": { prepare: async () => ({ path: `/v1/test_clocks/${await testClock()}/customers`, body: { customer: (await t.createCustomer(m, `clock${++n}@example.com`)).id } }) },
    "POST /v1/test_clocks/:id/advance": { prepare: async () => ({ path: `/v1/test_clocks/${await testClock()}/advance`, body: { to: "2026-06-16T12:00:00.000Z" } }) },
    // Merchant API: webhooks
    "POST /v1/webhook_endpoints": { prepare: async () => ({ path: "/v1/webhook_endpoints", body: { url: "https://hooks.example.com/in", enabled_events: ["payment.*"] } }) },
    "PATCH /v1/webhook_endpoints/:id": { prepare: async () => ({ path: `/v1/webhook_endpoints/${await endpoint()}`, body: { description: "renamed" } }) },
    "DELETE /v1/webhook_endpoints/:id": { prepare: async () => ({ path: `/v1/webhook_endpoints/${await endpoint()}` }) },
    "POST /v1/webhook_endpoints/:id/rotate_secret": { prepare: async () => ({ path: `/v1/webhook_endpoints/${await endpoint()}/rotate_secret` }) },
    "POST /v1/events/:id/replay": {
      prepare: async () => {
        await endpoint();
        const events = (await (await t.app.request("/v1/events?limit=1", { headers: { Authorization: `Bearer ${shop.secretKey}` } })).json()) as { data: { id: string }[] };
        return { path: `/v1/events/${events.data[0]!.id}/replay`, body: {} };
      },
    },

    // Portal API (as the customer)
    "PATCH /v1/portal/account": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/account", body: { name: "Ada L." } }) },
    "POST /v1/portal/tickets": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/tickets", body: { department: department.id, subject: "Hello", body: "A question" } }) },
    "POST /v1/portal/tickets/:id/replies": { prepare: async () => portalTicket((id) => ({ path: `/v1/portal/tickets/${id}/replies`, body: { body: "Thanks" } })) },
    "POST /v1/portal/tickets/:id/:action{close|reopen}": { prepare: async () => portalTicket((id) => ({ path: `/v1/portal/tickets/${id}/close` })) },
    "POST /v1/portal/mfa/enrol": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/mfa/enrol" }) },
    "POST /v1/portal/payment_methods/:id/default": {
      prepare: async () => {
        const c = await customer();
        const second = await addCard(t.core, { merchantId: m, customerId: c.id }, { number: "4242424242424242", expMonth: 11, expYear: 2034, cvc: "123" });
        return { token: c.token, path: `/v1/portal/payment_methods/${second.id}/default` };
      },
    },
    "DELETE /v1/portal/payment_methods/:id": {
      prepare: async () => {
        const c = await customer();
        return { token: c.token, path: `/v1/portal/payment_methods/${c.card}` };
      },
    },
    "PUT /v1/portal/orders/:id/payment_method": { prepare: async () => subscriberCall((s) => ({ path: `/v1/portal/orders/${s.sub.order_id}/payment_method`, body: { payment_method: s.card } })) },
    "POST /v1/portal/balance/top_ups": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/balance/top_ups", body: { amount: 1000, currency: "EUR" } }) },
    "POST /v1/portal/invoices/pay": { prepare: async () => openInvoice((invoice) => ({ path: "/v1/portal/invoices/pay", body: { invoices: [invoice] } })) },
    "POST /v1/portal/invoices/:id/pay": { prepare: async () => openInvoice((invoice) => ({ path: `/v1/portal/invoices/${invoice}/pay`, body: {} })) },
    "DELETE /v1/portal/session": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/session" }) },
    "POST /v1/portal/documents/:id/forward": { prepare: async () => openInvoice((invoice) => ({ path: `/v1/portal/documents/${invoice}/forward`, body: { to: "accounts@example.org" } })) },
    "POST /v1/portal/payments/:id/refund_request": {
      prepare: async () => {
        const c = await customer();
        return { token: c.token, path: `/v1/portal/payments/${(await paid(c)).payments[0]}/refund_request`, body: { reason: "Arrived broken" } };
      },
    },
    "POST /v1/portal/orders/:id/cancellation": { prepare: async () => subscriberCall((s) => ({ path: `/v1/portal/orders/${s.sub.order_id}/cancellation`, body: { when: "end_of_term" } })) },
    "POST /v1/portal/subscriptions": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/subscriptions", body: { price: trial.id } }) },
    "POST /v1/portal/subscriptions/:id/cancel": { prepare: sub(() => "/cancel", () => ({ when: "end_of_term" })) },
    "DELETE /v1/portal/subscriptions/:id/scheduled_cancellation": { prepare: sub(() => "/scheduled_cancellation", undefined, undefined, (s) => inPortal(s, "POST", `/subscriptions/${s.sub.id}/cancel`, { when: "end_of_term" })) },
    "POST /v1/portal/subscriptions/:id/pause": { prepare: sub(() => "/pause", () => ({})) },
    "POST /v1/portal/subscriptions/:id/resume": { prepare: sub(() => "/resume", () => ({}), undefined, (s) => inPortal(s, "POST", `/subscriptions/${s.sub.id}/pause`, {})) },
    "PUT /v1/portal/subscriptions/:id/pause_schedule": {
      prepare: sub(() => "/pause_schedule", () => ({ pause_at: new Date(t.clock.now().getTime() + 5 * 86_400_000).toISOString() }), undefined, (s) =>
        inPortal(s, "POST", `/subscriptions/${s.sub.id}/pause`, { at: new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString() }),
      ),
    },
    "POST /v1/portal/subscriptions/:id/trial/extend": { prepare: sub(() => "/trial/extend", undefined, trial.id) },
    "POST /v1/portal/subscriptions/:id/trial/activate": { prepare: sub(() => "/trial/activate", undefined, trial.id), actions: ["subscription.trial_activated", "invoice.paid"] },
    "POST /v1/portal/subscriptions/:id/change": { prepare: sub(() => "/change", () => ({ price: large.id, when: "end_of_term" })) },
    "DELETE /v1/portal/subscriptions/:id/scheduled_change": { prepare: sub(() => "/scheduled_change", undefined, undefined, (s) => inPortal(s, "POST", `/subscriptions/${s.sub.id}/change`, { price: large.id, when: "end_of_term" })) },
    "POST /v1/portal/subscriptions/:id/addons": { prepare: sub(() => "/addons", () => ({ price: addon.id })) },
    "PATCH /v1/portal/subscriptions/:id/addons/:addon": { prepare: async () => withAddon((s, a) => ({ path: `/v1/portal/subscriptions/${s.sub.id}/addons/${a}`, body: { quantity: 2 } })) },
    "DELETE /v1/portal/subscriptions/:id/addons/:addon": { prepare: async () => withAddon((s, a) => ({ path: `/v1/portal/subscriptions/${s.sub.id}/addons/${a}` })) },
    "POST /v1/portal/subscriptions/:id/coupons": { prepare: sub(() => "/coupons", () => ({ code: "TENOFF" })) },
    "DELETE /v1/portal/subscriptions/:id/coupons/:applied": {
      prepare: async () => {
        const s = await subscriber();
        const view = (await (await inPortal(s, "POST", `/subscriptions/${s.sub.id}/coupons`, { code: "TENOFF" })).json()) as { coupons: { id: string }[] };
        return { token: s.token, path: `/v1/portal/subscriptions/${s.sub.id}/coupons/${view.coupons[0]!.id}` };
      },
    },
    "PUT /v1/portal/subscriptions/:id/autocharge": { prepare: sub(() => "/autocharge", () => ({ on: false })) },
    "PUT /v1/portal/review": { prepare: async () => ({ ...(await customer()), path: "/v1/portal/review", body: { rating: 4, comment: "Quick delivery" } }) },
    "POST /card-form/cards": { prepare: async () => ({ ...(await customer()), path: "/card-form/cards", body: { number: "4242424242424242", exp_month: 10, exp_year: 2033, cvc: "123" } }) },
  };

  /** Routes this sweep does not drive, each with the reason; every other mutating route must have a case. */
  const NOT_SWEPT: Record<string, string> = {
    "POST /v1/sign_in": "anonymous: asks for a sign-in code; writing an audit row per request would let anyone fill the log (rate-limited instead)",
    "POST /v1/sign_in/verify": "needs the code from the e-mail; its success records customer.signed_in (sign-in.test.ts)",
    "POST /v1/sign_in/mfa": "needs a TOTP from an enrolled authenticator; its success records customer.signed_in",
    "POST /v1/staff/sign_in": "anonymous: asks for a staff sign-in code; an audit row per request would let anyone fill the log (rate-limited instead)",
    "POST /v1/staff/sign_in/verify": "needs the code from the e-mail; its success records staff_session.signed_in (staff-auth.test.ts)",
    "POST /v1/staff/sign_in/mfa": "needs a TOTP from an enrolled authenticator; its success records staff_session.signed_in (staff-auth.test.ts)",
    "POST /v1/staff/mfa/confirm": "needs a TOTP from the enrolled secret; records staff_mfa.enabled (staff-sign-in.test.ts in core)",
    "DELETE /v1/staff/session": "needs a console session (cookie with CSRF, or sts_ token) rather than a key; records staff_session.signed_out (staff-auth.test.ts)",
    "POST /links": "needs a signed one-time link; the exchange records session.created as the customer",
    "POST /v1/portal/account/email/confirm": "needs the code from the e-mail; records account.email_changed (confirm-email-change.test.ts)",
    "POST /v1/portal/mfa/confirm": "needs a TOTP from the enrolled secret; records mfa.enabled",
    "DELETE /v1/portal/mfa": "needs a TOTP or recovery code of an enabled authenticator; records mfa.disabled",
    "POST /v1/portal/subscriptions/:id/change/preview": "a preview changes nothing (POST only to carry its body): it records nothing, by design",
    "POST /v1/portal/subscriptions/preview": "a preview of a start changes nothing (POST only to carry its body): it records nothing, by design",
    "POST /v1/subscriptions/:id/preview": "a preview of a staff operation changes nothing (POST only to carry its body): it records nothing, by design",
    "POST /v1/billing_runs": "runs the billing engine: one system action per subscription step it takes, none when nothing is due",
    "POST /v1/payments/:id/void": "needs a payment the gateway has not settled yet; records payment.voided (money-routes.test.ts)",
    "POST /v1/tickets/:id/request/:decision{approve|reject}": "the same decision as POST /v1/requests/:id/:decision, reached from the request's ticket",
    "POST /v1/portal/incident_packages/:id/purchase": "needs an incident-package product; its payment records invoice.paid",
    "POST /v1/portal/subscriptions/:id/reactivate": "needs an ended subscription; records subscription.reactivated (and invoice.paid when it charges)",
    "DELETE /v1/portal/subscriptions/:id/payment_method": "needs a card assigned to the subscription's order; records subscription.payment_method_removed",
  };

  async function apiCall(method: string, path: string, body?: unknown) {
    const res = await t.app.request(path, {
      method,
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": `api${++n}` },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return (await res.json()) as Record<string, any>;
  }
  /** An order placed through the API for a fresh customer with a card. */
  async function order(fields: Record<string, unknown>) {
    const c = await customer();
    return apiCall("POST", "/v1/orders", { customer: c.id, currency: "EUR", items: [{ description: "Plan", quantity: 1, unit_amount: 9000 }], ...fields });
  }
  /** A pre-authorised checkout, its hosted payment made: the authorisation id to capture or release. */
  async function authorization() {
    const c = await customer();
    const placed = await apiCall("POST", "/v1/orders", { customer: c.id, type: "one_time", currency: "EUR", items: [{ description: "Bike", quantity: 1, unit_amount: 5000 }], checkout: "pre_authorize" });
    const res = await portalCall(c.token, "POST", `/v1/portal/invoices/${placed.invoice.id}/pay`, {});
    expect(res.status).toBe(201);
    return ((await res.json()) as { payment_id: string }).payment_id;
  }
  async function price() {
    return (await createPricePoint(t.core, m, { productId: product.id, name: `P${++n}`, amount: 700, currency: "EUR", interval: "month" })).id;
  }
  async function fee() {
    const c = await customer();
    const res = await t.app.request(`/v1/tickets/${(await ticket(c)).id}/fees`, {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json", "Idempotency-Key": `fee${++n}` },
      body: JSON.stringify({ amount: 500, currency: "EUR" }),
    });
    return ((await res.json()) as { id: string }).id;
  }
  async function testClock() {
    const res = await t.app.request("/v1/test_clocks", { method: "POST", headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" }, body: JSON.stringify({ name: "C", frozen_at: "2026-06-15T12:00:00.000Z" }) });
    return ((await res.json()) as { id: string }).id;
  }
  async function endpoint() {
    const res = await t.app.request("/v1/webhook_endpoints", {
      method: "POST",
      headers: { Authorization: `Bearer ${shop.secretKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ url: "https://hooks.example.com/in", enabled_events: ["payment.*"] }),
    });
    return ((await res.json()) as { id: string }).id;
  }
  async function portalTicket(make: (id: string) => Prepared): Promise<Prepared> {
    const c = await customer();
    return { token: c.token, ...make((await ticket(c)).id) };
  }
  async function subscriberCall(make: (s: Awaited<ReturnType<typeof subscriber>>) => Prepared): Promise<Prepared> {
    const s = await subscriber();
    return { token: s.token, ...make(s) };
  }
  async function openInvoice(make: (invoice: string) => Prepared): Promise<Prepared> {
    const c = await customer();
    const order = await t.createPaidOrder(m, c.id, { description: "Beans", unitAmount: 1500, attempts: [] });
    return { token: c.token, ...make(order.invoiceId) };
  }
  async function withAddon(make: (s: Awaited<ReturnType<typeof subscriber>>, addonId: string) => Prepared): Promise<Prepared> {
    const s = await subscriber();
    const view = (await (await inPortal(s, "POST", `/subscriptions/${s.sub.id}/addons`, { price: addon.id })).json()) as { addons: { id: string }[] };
    return { token: s.token, ...make(s, view.addons[0]!.id) };
  }

  const mutating = [...new Set(t.app.routes.filter((r) => ["POST", "PUT", "PATCH", "DELETE"].includes(r.method)).map((r) => `${r.method} ${r.path}`))];

  it("has a case (or a stated reason) for every mutating route of the app", () => {
    expect(mutating.length).toBeGreaterThan(50);
    expect(mutating.filter((route) => !(route in CASES) && !(route in NOT_SWEPT))).toEqual([]);
    // No stale entries either: every case and reason names a route that exists.
    expect([...Object.keys(CASES), ...Object.keys(NOT_SWEPT)].filter((route) => !mutating.includes(route))).toEqual([]);
  });

  for (const [route, c] of Object.entries(CASES)) {
    it(route, async () => {
      const [method] = route.split(" ") as [string];
      const prepared = await c.prepare();
      const portal = prepared.token !== undefined;
      const key = portal ? prepared.token! : c.as === "staff" ? admin.token : shop.secretKey;
      const before = new Set((await t.core.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.merchantId, m))).map((r) => r.id));
      const res = await portalCall(key, method, prepared.path, prepared.body);
      expect(res.status, `${route}: ${await res.clone().text()}`).toBeLessThan(300);
      const rows = (await t.core.db.select().from(auditLog).where(eq(auditLog.merchantId, m))).filter((r) => !before.has(r.id));
      const source = portal ? "portal" : (c.as ?? "api");
      expect(rows.map((r) => r.action), route).toHaveLength(c.actions?.length ?? 1);
      if (c.actions) expect(rows.map((r) => r.action).sort()).toEqual([...c.actions].sort());
      for (const row of rows) {
        expect(row.action).toMatch(/^[a-z_]+\.[a-z_]+$/);
        expect(row.source, `${route} ${row.action}`).toBe(source);
      }
    });
  }
});
